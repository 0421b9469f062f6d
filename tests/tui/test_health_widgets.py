"""The health panel and the aim coach, mounted on their own."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList

from hoshin_tui.model.plan import Plan, Strategy
from hoshin_tui.tui.widgets.aim_coach import AimCoach
from hoshin_tui.tui.widgets.health_panel import HealthPanel
from tests.plans import small_plan


class PanelApp(App[None]):
    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.selected: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield HealthPanel(id="health")
        yield AimCoach(id="coach")

    def on_mount(self) -> None:
        self.query_one(HealthPanel).show(self.plan)

    def on_health_panel_selected(self, event: HealthPanel.Selected) -> None:
        self.selected.append((event.kind, event.item_id))


async def test_panel_lists_an_orphan_and_enter_jumps_to_it():
    plan = small_plan()
    plan.strategies.append(Strategy(id="st_lonely", title="Lonely strategy", leader_id="pe_ann"))
    app = PanelApp(plan)
    async with app.run_test(size=(60, 20)) as pilot:
        panel = app.query_one(HealthPanel)
        messages = [f.message for f in panel.findings]
        assert any("Lonely strategy" in m for m in messages)
        findings = app.query_one(OptionList)
        findings.focus()
        findings.highlighted = next(i for i, f in enumerate(panel.findings) if f.item_id == "st_lonely")
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [("strategies", "st_lonely")]
        assert "warning" in panel.summary()


async def test_healthy_plan_shows_no_gaps_and_coach_follows_typing():
    app = PanelApp(small_plan())
    async with app.run_test(size=(60, 20)) as pilot:
        assert not [f for f in app.query_one(HealthPanel).findings if f.severity == "warning"]
        coach = app.query_one(AimCoach)
        coach.update_text("We make pumps.")
        await pilot.pause()
        before = sum(check.ok for check in coach.checks)
        coach.update_text("Every customer gets a perfect pump, first time, every time, made by everyone together.")
        await pilot.pause()
        assert sum(check.ok for check in coach.checks) > before
