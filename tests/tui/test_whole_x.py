"""The whole X-matrix on screen: every code in view, marks saved and undone, snapshots."""

from __future__ import annotations

import re
from datetime import date

import pytest

from hoshin_tui.core.catchball import state_marks
from hoshin_tui.core.codes import item_codes
from hoshin_tui.core.samples import build_plan
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.tui.steps.matrix import MatrixStep
from hoshin_tui.tui.widgets.matrix_detail import MatrixDetail
from hoshin_tui.tui.widgets.matrix_grid import MatrixGrid
from hoshin_tui.tui.widgets.matrix_model import Axis, GridBuilder
from hoshin_tui.tui.widgets.matrix_switcher import MatrixSwitcher
from hoshin_tui.tui.widgets.matrix_x_layout import CellRef, XLayout
from hoshin_tui.tui.widgets.matrix_x_view import WholeX
from tests.tui.helpers import make_session, reopen, session_app, settle, tui_plan

DEMO_DAY = date(2027, 1, 15)


async def open_whole_x(pilot) -> MatrixStep:
    await settle(pilot)
    pilot.app.screen.go_to("matrix")
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)
    step = pilot.app.screen.view
    assert isinstance(step, MatrixStep)
    assert isinstance(pilot.app.focused, WholeX)
    return step


def x_lines(app) -> list[str]:
    """The whole X as the room sees it now (the visible part), line by line."""
    whole = app.screen.query_one(WholeX)
    return [whole.render_line(y).text for y in range(whole.size.height)]


def detail_text(app) -> str:
    return str(app.screen.query_one(MatrixDetail).render())


def switcher_text(app) -> str:
    return str(app.screen.query_one(MatrixSwitcher).render())


def demo_codes() -> set[str]:
    plan = build_demo_plan(today=DEMO_DAY)
    return set(item_codes(plan).values()) | {f"P{n}" for n in range(1, len(plan.people) + 1)}


@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
async def test_every_code_of_the_demo_is_on_screen_at_160x45(workspace, projector):
    path = make_session(workspace, plan=build_demo_plan(today=DEMO_DAY))
    app = session_app(workspace, path)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_whole_x(pilot)
        if projector:
            await pilot.press("f5")
            await settle(pilot)
        whole = app.screen.query_one(WholeX)
        assert whole.virtual_size.height <= whole.size.height  # no scrolling needed
        seen = set(re.findall(r"\b[SOIMP]\d+\b", "\n".join(x_lines(app))))
        codes = demo_codes()
        assert codes <= seen, f"not on screen: {sorted(codes - seen)}"
        text = "\n".join(x_lines(app))
        assert "Aim of the system" in text
        assert "Every customer gets a pump" in text
        assert "Closed-loop field failure analysis" in text  # labels, not only codes
        assert "P1 Helen Marsh" in text  # who is behind each people column


async def test_marking_in_the_whole_x_saves_the_correlation_and_ctrl_z_undoes_it(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_whole_x(pilot)
        # The cursor starts where the corner view had it: S1 x O1 in the SW grid.
        assert "SW: Strategies × objectives" in switcher_text(app)
        await pilot.press("right")  # S1 x O2
        assert detail_text(app).startswith("S1 Zero defects at the customer")
        await pilot.press("space")
        await pilot.pause()
        sw = reopen(path).marks_in(Corner.STRATEGY_OBJECTIVE)
        assert sw[("st_zero", "ob_contracts")] == Strength.STRONG
        await pilot.press("space")
        await pilot.pause()
        assert reopen(path).marks_in(Corner.STRATEGY_OBJECTIVE)[("st_zero", "ob_contracts")] == Strength.MEDIUM
        await pilot.press("ctrl+z")  # one undo step per mark: back to strong
        await pilot.pause()
        assert reopen(path).marks_in(Corner.STRATEGY_OBJECTIVE)[("st_zero", "ob_contracts")] == Strength.STRONG
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert ("st_zero", "ob_contracts") not in reopen(path).marks_in(Corner.STRATEGY_OBJECTIVE)
        assert isinstance(app.focused, WholeX)
        assert app.screen.query_one(WholeX).current == CellRef("sw", "st_zero", "ob_contracts")


async def test_the_x_shows_a_turned_grid_the_way_paper_does_and_saves_it_unturned(workspace):
    """NW holds objectives as rows in the store; the X shows initiatives across, objectives down."""
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_whole_x(pilot)
        await pilot.press("up")  # from S1 x O1 up into the initiatives: I3 x O1 (NW)
        assert "NW: Objectives × initiatives" in switcher_text(app)
        assert app.screen.query_one(WholeX).current == CellRef("nw", "ob_complaints", "in_huddles")
        await pilot.press("right", "space")  # I3 x O2
        await pilot.pause()
        nw = reopen(path).marks_in(Corner.OBJECTIVE_INITIATIVE)
        assert nw[("ob_contracts", "in_huddles")] == Strength.STRONG
        await pilot.press("end", "space")  # the last column: a person (P3), people matrix
        await pilot.pause()
        marks = {(m.item_id, m.person_id): m.role for m in reopen(path).marks}
        assert marks[("in_huddles", "pe_cy")] == MarkRole.CORE  # Cy led it already: one press on
        await pilot.press("ctrl+z")
        await pilot.pause()
        marks = {(m.item_id, m.person_id): m.role for m in reopen(path).marks}
        assert marks[("in_huddles", "pe_cy")] == MarkRole.LEADER


async def test_x_toggles_back_to_the_grid_under_the_cursor(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        step = await open_whole_x(pilot)
        await pilot.press("tab")  # the next grid, in the X
        assert "NW: Objectives × initiatives" in switcher_text(app)
        await pilot.press("x")
        await settle(pilot)
        grid = app.screen.query_one(MatrixGrid)
        assert isinstance(app.focused, MatrixGrid)
        assert grid.grid is not None and grid.grid.kind.key == "nw"
        assert step.kind.key == "nw"


async def test_a_read_only_window_does_not_mark_in_the_whole_x(workspace):
    from hoshin_tui.store import SessionStore

    path = make_session(workspace)
    with SessionStore.open(path):
        app = session_app(workspace, path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_whole_x(pilot)
            await pilot.press("right", "space")
            await pilot.pause()
    assert ("st_zero", "ob_contracts") not in reopen(path).marks_in(Corner.STRATEGY_OBJECTIVE)


async def test_at_80x24_the_x_shows_codes_only_and_scrolls_to_the_cursor(workspace):
    path = make_session(workspace, plan=build_demo_plan(today=DEMO_DAY))
    app = session_app(workspace, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_whole_x(pilot)
        whole = app.screen.query_one(WholeX)
        assert whole.virtual_size.height > whole.size.height  # taller than the room: it scrolls
        assert whole.virtual_size.width <= whole.scrollable_content_region.width  # but never sideways for the demo
        lines = x_lines(app)
        assert any(re.search(r"│\s+S1\s+│", line) for line in lines)  # the strategy's code, no label
        assert not any("Zero defects" in line for line in lines)
        await pilot.press("ctrl+home")  # to the top: the initiatives come into view
        await pilot.pause()
        assert any(re.search(r"│\s+I1\s+│", line) for line in x_lines(app))
        assert "× I1 Closed-loop field failure analysis" in detail_text(app)  # NW: O1 x I1


def test_the_large_plan_scrolls_with_codes_only_and_the_cursor_reaches_every_grid():
    plan = build_plan(10, 30, 100, 40, 25)
    grids = GridBuilder().grids(plan)
    layout = XLayout(grids, aim=plan.aim, title=plan.title, view=(160, 36))
    assert layout.width > 160 and layout.height > 36
    assert not layout.show_labels
    seen = []
    row, col = layout.start()  # S1 x O1, the SW grid
    for move in [(0, 1)] * 100 + [(-1, 0)] + [(0, 1)] * 100 + [(1, 0)] * 300 + [(-1, 0)] * 300 + [(0, -1)] * 300:
        row, col = layout.step(row, col, *move)
        cell = layout.cell(row, col)
        assert cell is not None  # never off the grids
        seen.append(cell.key)
    assert list(dict.fromkeys(seen)) == ["sw", "se", "ne", "people", "nw"]


def test_a_code_label_hook_draws_a_mark_beside_every_code():
    plan = tui_plan()
    grids = GridBuilder().grids(plan)

    def marked(axis: Axis) -> str:
        return f"{axis.code}✓"

    layout = XLayout(grids, aim=plan.aim, title=plan.title, view=(160, 40), code_label=marked)
    text = "\n".join(layout.text())
    for code in ("S1", "S3", "O1", "O2", "I1", "I3", "M1", "M2", "P1", "P3"):
        assert f"{code}✓" in text
    assert len({len(line) for line in layout.text()}) == 1  # every line as wide as the X


# --- snapshots ----------------------------------------------------------------------------------------------


def _demo_app(workspace):
    path = make_session(workspace, plan=build_demo_plan(today=DEMO_DAY))
    return session_app(workspace, path)


def _at_whole_x(*keys: str, projector: bool = False):
    async def run_before(pilot) -> None:
        await open_whole_x(pilot)
        if projector:
            await pilot.press("f5")
            await settle(pilot)
            pilot.app.clear_notifications()  # the projector tip would cover the X
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_whole_x(workspace, snap_compare, size):
    assert snap_compare(_demo_app(workspace), terminal_size=size, run_before=_at_whole_x("up", "right"))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_whole_x_projector(workspace, snap_compare, size):
    run_before = _at_whole_x("up", "right", projector=True)
    assert snap_compare(_demo_app(workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("lists", ["none", "strategies", "strategies+objectives"])
async def test_a_plan_with_few_lists_draws_the_x_and_says_what_is_missing(workspace, lists):
    from hoshin_tui.model.plan import AnnualObjective, Plan, Strategy

    plan = Plan(title="New plan")
    if lists != "none":
        plan.strategies = [Strategy(id="st_one", title="Only one")]
    if lists == "strategies+objectives":
        plan.objectives = [AnnualObjective(id="ob_one", title="An objective")]
    path = make_session(workspace, plan=plan)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_whole_x(pilot)
        for key in ("down", "right", "end", "ctrl+end", "pagedown", "tab", "space"):
            await pilot.press(key)
        await settle(pilot)
        text = "\n".join(x_lines(app))
        assert "(no aim yet)" in text
        if lists == "strategies+objectives":
            assert "S1" in text and "O1" in text
            assert reopen(path).marks_in(Corner.STRATEGY_OBJECTIVE) == {("st_one", "ob_one"): Strength.STRONG}
            await pilot.press("delete")
            await settle(pilot)
            assert reopen(path).marks_in(Corner.STRATEGY_OBJECTIVE) == {}
        else:
            assert detail_text(app).startswith("Add strategies, objectives")


async def test_the_whole_x_shows_each_codes_catchball_letter_as_the_corners_do(workspace):
    plan = build_demo_plan(today=DEMO_DAY)
    letters = {item_codes(plan)[item_id]: letter for item_id, letter in state_marks(plan).items()}
    assert letters["I4"] == "V" and letters["S1"] == "A"  # the demo's catchball has begun
    path = make_session(workspace, plan=plan)
    app = session_app(workspace, path)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_whole_x(pilot)
        text = "\n".join(x_lines(app))
        for code in ("I4", "S1", "O1", "M1"):
            assert re.search(rf"\b{code} {letters[code]}\b", text), f"{code} without its letter"
        assert not re.search(r"\bI4 A\b", text)
