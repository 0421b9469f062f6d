"""The close-the-year wizard, driven by keys: results, decisions, reflections, then next year's session."""

from __future__ import annotations

from datetime import date

from hoshin_tui.core.rollforward import close_year
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import CarryDecision, InitiativeStatus
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.screens.close_year import CloseYearApp, CloseYearScreen


def _wizard(workspace: Workspace):
    plan = build_demo_plan(date(2026, 12, 2))
    plan.initiatives[1].status = InitiativeStatus.NOT_STARTED  # I1: the room must decide
    workspace.create("fy2026", plan).close()
    with SessionStore.open(workspace.session_path("fy2026"), read_only=True) as store:
        plan = store.load()
    close = close_year(plan, source_name="fy2026", period="FY2027", source_file="fy2026.sqlite")
    return CloseYearApp(workspace, plan, close, "fy2027"), close


async def test_the_wizard_refuses_while_undecided_then_creates_and_opens_next_year(workspace: Workspace):
    app, close = _wizard(workspace)
    before = workspace.session_path("fy2026").read_bytes()
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CloseYearScreen)
        assert "Close FY2026 of 'fy2026'" in str(app.screen.query_one("#close-title").render())

        await pilot.press("enter")  # the final actual of M1
        await pilot.pause()
        await pilot.press("ctrl+u", *"19", "enter")
        await pilot.pause()
        m1 = close.results[0]
        assert m1.final_actual == 19 and m1.entered and m1.achievement == 1.0

        await pilot.press("ctrl+s")  # I1 is undecided
        await pilot.pause()
        assert not workspace.session_path("fy2027").exists()
        assert app.screen.pane == "decisions"
        assert any("undecided" in n.message for n in app._notifications)

        undecided = close.undecided()[0]
        assert close.decisions[app.screen.query_one("#decisions").cursor_row] is undecided
        await pilot.press("x")  # dropped
        await pilot.press("3", "l")
        await pilot.pause()
        await pilot.press(*"Quality at source", "enter")
        await pilot.pause()
        assert close.reflections[0].learned == "Quality at source"

        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert workspace.session_path("fy2027").exists()
        assert type(app.screen).__name__ == "SessionScreen"
    assert undecided.decision is CarryDecision.DROPPED
    assert workspace.session_path("fy2026").read_bytes() == before
    with SessionStore.open(workspace.session_path("fy2027"), read_only=True) as store:
        new = store.load()
    assert new.reflections[0].learned == "Quality at source"
    assert new.measures[0].baseline == 19
    assert undecided.code not in {i.code for i in new.initiatives}


async def test_escape_leaves_without_making_anything(workspace: Workspace):
    app, _ = _wizard(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.created is None
    assert not workspace.session_path("fy2027").exists()


async def test_the_picker_shows_where_a_rolled_session_came_from(workspace: Workspace):
    from hoshin_tui.core.rollforward import create_rolled_session, roll_forward
    from hoshin_tui.tui.app import make_app
    from hoshin_tui.tui.widgets.item_list import ItemList
    from tests.tui.helpers import screen_text, settle

    _, close = _wizard(workspace)
    with SessionStore.open(workspace.session_path("fy2026"), read_only=True) as store:
        plan = store.load()
    close.decide("I1", CarryDecision.CARRIED)
    create_rolled_session(workspace, "fy2027", roll_forward(plan, close))
    app = make_app(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        rows = {cells[0]: cells for cells in app.screen.query_one("#sessions", ItemList).cells}
        assert rows["fy2027"][1].endswith("(from fy2026)")
        assert "(from" not in rows["fy2026"][1]
        names = list(rows)
        app.screen.query_one("#sessions", ItemList).focus()
        await pilot.press(*["down"] * names.index("fy2027"))
        await pilot.pause()
        assert "rolled forward from fy2026" in screen_text(app)
