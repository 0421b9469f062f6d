"""The health panel and the aim coach, mounted on their own in a tiny app, read as the room reads them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList, Static

from hoshin_tui.model.plan import Plan, Strategy
from hoshin_tui.tui.widgets.aim_coach import AimCoach
from hoshin_tui.tui.widgets.health_panel import HealthPanel
from tests.plans import small_plan


class PanelApp(App[None]):
    CSS = "HealthPanel { width: 30; }"

    def __init__(self, plan: Plan | None) -> None:
        super().__init__()
        self.plan = plan
        self.selected: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield HealthPanel(id="health")
        yield AimCoach(id="coach")

    def on_mount(self) -> None:
        if self.plan is not None:
            self.query_one(HealthPanel).show(self.plan)

    def on_health_panel_selected(self, event: HealthPanel.Selected) -> None:
        self.selected.append((event.kind, event.item_id))


def text_of(widget: Widget) -> str:
    """What the widget draws, as plain text with its line breaks joined by spaces."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(" ".join(strip.text.split()) for strip in lines).strip()


def gappy_plan() -> Plan:
    """small_plan plus a strategy with no objective and no leader: two warnings about one item."""
    plan = small_plan()
    plan.strategies.append(Strategy(id="st_lonely", title="Lonely strategy"))
    return plan


async def test_the_panel_lists_the_findings_under_a_counting_title() -> None:
    app = PanelApp(gappy_plan())
    async with app.run_test(size=(80, 24)):
        panel = app.query_one(HealthPanel)
        assert text_of(panel.query_one("#health-title", Static)) == "Health: 2 warnings"
        shown = text_of(panel.query_one(OptionList))
        assert "▲ Strategy 'Lonely strategy' has no annual objective" in shown
        assert "▲ Strategy 'Lonely strategy' has no deployment leader" in shown
        assert panel.summary() == "2 warnings: 1 orphan, 1 unowned"


async def test_enter_on_a_warning_posts_its_kind_and_id() -> None:
    plan = gappy_plan()
    plan.measures[0].owner_id = None
    app = PanelApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(HealthPanel)
        assert [f.item_id for f in panel.findings] == ["st_lonely", "st_lonely", "me_otd"]
        panel.query_one(OptionList).focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.selected == [("measures", "me_otd")]
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.selected == [("measures", "me_otd"), ("strategies", "st_lonely")]


async def test_a_click_on_a_finding_selects_it() -> None:
    app = PanelApp(gappy_plan())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(OptionList, offset=(3, 0))
        await pilot.pause()
        assert app.selected == [("strategies", "st_lonely")]


async def test_show_again_redraws_and_keeps_the_highlighted_finding() -> None:
    plan = gappy_plan()
    plan.measures[0].owner_id = None
    app = PanelApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(HealthPanel)
        options = panel.query_one(OptionList)
        options.highlighted = 2  # the measure
        plan.strategies[1].leader_id = "pe_ann"  # one warning fewer, above the highlight
        panel.show(plan)
        await pilot.pause()
        assert text_of(panel.query_one("#health-title", Static)) == "Health: 2 warnings"
        assert "no deployment leader" not in text_of(options)
        assert panel.findings[options.highlighted].item_id == "me_otd"


async def test_a_healthy_plan_says_so_and_selecting_posts_nothing() -> None:
    app = PanelApp(small_plan())
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(HealthPanel)
        assert panel.findings == []
        assert text_of(panel.query_one("#health-title", Static)) == "Health: no gaps"
        assert text_of(panel.query_one(OptionList)) == "✓ Every item is linked and owned"
        assert panel.summary() == "No alignment warnings"
        panel.query_one(OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == []


async def test_notes_are_listed_after_warnings_with_a_different_mark() -> None:
    plan = gappy_plan()
    plan.correlations = [c for c in plan.correlations if c.corner != "measure_strategy"]
    app = PanelApp(plan)
    async with app.run_test(size=(80, 24)):
        shown = text_of(app.query_one(HealthPanel).query_one(OptionList))
        assert shown.index("▲") < shown.index("• Measure 'On-time delivery' is tied to no strategy")
        assert text_of(app.query_one("#health-title", Static)) == "Health: 2 warnings, 1 note"


async def test_show_before_mount_is_drawn_on_mount() -> None:
    class LateApp(PanelApp):
        def compose(self) -> ComposeResult:
            panel = HealthPanel(id="health")
            panel.show(gappy_plan())
            yield panel

    app = LateApp(None)
    async with app.run_test(size=(80, 24)):
        assert text_of(app.query_one("#health-title", Static)) == "Health: 2 warnings"


async def test_the_coach_ticks_qualities_as_the_room_types() -> None:
    app = PanelApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        coach = app.query_one(AimCoach)
        checks = coach.query_one("#coach-checks", Static)
        assert text_of(coach.query_one("#coach-title", Static)) == "Aim coach: 0 of 6"
        coach.update_text("We make pumps.")
        await pilot.pause()
        assert "○ Customer first — Say who it is for" in text_of(checks)
        assert "✓ Short — 3 words, 1 sentence" in text_of(checks)
        coach.update_text("Every customer gets a perfect pump, made safely by all of us.")
        await pilot.pause()
        assert text_of(coach.query_one("#coach-title", Static)) == "Aim coach: 6 of 6"
        assert "✓ Customer first — Names “customer”" in text_of(checks)
        assert "○" not in text_of(checks)


async def test_the_coach_shows_user_text_literally() -> None:
    app = PanelApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        coach = app.query_one(AimCoach)
        coach.update_text("[b]Leverage[/b] $advice for 20% more")
        await pilot.pause()
        shown = text_of(coach.query_one("#coach-checks", Static))
        assert "Say “Leverage” in everyday words" in shown
        assert "Move “$” to an objective or measure" in shown  # the first money sign, drawn as typed
