"""The X-matrix step: every key press is checked in the session file, reopened, and on the screen."""

from __future__ import annotations

from datetime import date

import pytest

from hoshin_tui.core.samples import build_plan
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.model.plan import Plan, Strategy
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.steps.matrix import MatrixStep, describe_cell
from hoshin_tui.tui.widgets.matrix_detail import MatrixDetail
from hoshin_tui.tui.widgets.matrix_grid import MatrixGrid
from hoshin_tui.tui.widgets.matrix_model import ORPHAN, GridBuilder
from hoshin_tui.tui.widgets.matrix_switcher import MatrixSwitcher
from tests.tui.helpers import make_session, reopen, session_app, settle, tui_plan

SW = Corner.STRATEGY_OBJECTIVE

# tui_plan(): strategies S1 st_zero, S2 st_service, S3 st_energy (S3 has no objective);
# objectives O1 ob_complaints, O2 ob_contracts; initiatives I1 in_pumpcare (the one strategic
# initiative, so first), I2 in_poka, I3 in_huddles; people P1 pe_ana, P2 pe_bo, P3 pe_cy.


async def open_matrix(pilot) -> MatrixStep:
    await settle(pilot)
    pilot.app.screen.go_to("matrix")
    await settle(pilot)
    step = pilot.app.screen.view
    assert isinstance(step, MatrixStep)
    return step


def grid_lines(app) -> list[str]:
    """The grid as the room sees it, line by line."""
    grid = app.screen.query_one(MatrixGrid)
    return [grid.render_line(y).text.rstrip() for y in range(grid.size.height)]


def row_line(app, code: str) -> str:
    return next(line for line in grid_lines(app) if line[2:].startswith(code + " "))


def switcher_text(app) -> str:
    return str(app.screen.query_one(MatrixSwitcher).render())


def current_grid(app) -> str:
    """The name the switcher highlights: "SW", "NW", ..., "People"."""
    return next(part for part in switcher_text(app).split("│") if ": " in part).split(":")[0].strip()


def detail_text(app) -> str:
    return str(app.screen.query_one(MatrixDetail).render())


async def test_space_cycles_a_cell_strong_medium_weak_empty_and_each_press_is_saved(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_matrix(pilot)
        assert isinstance(app.focused, MatrixGrid)
        assert "SW: Strategies × objectives" in switcher_text(app)
        await pilot.press("down", "down", "right")  # S3 x O2
        assert "S3 Lead the market in energy-efficient pumps" in detail_text(app)
        assert "O2 Service contracts on 25% of the installed base" in detail_text(app)
        seen = []
        for _ in range(4):
            await pilot.press("space")
            await pilot.pause()
            seen.append(reopen(path).marks_in(SW).get(("st_energy", "ob_contracts")))
        assert seen == [Strength.STRONG, Strength.MEDIUM, Strength.WEAK, None]
        assert reopen(path).marks_in(SW) == {
            ("st_zero", "ob_complaints"): Strength.STRONG,
            ("st_service", "ob_contracts"): Strength.STRONG,
        }


async def test_the_symbol_shows_in_the_cell_and_the_orphan_marker_comes_and_goes(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_matrix(pilot)
        assert row_line(app, "S3").startswith(f"{ORPHAN} S3")  # no objective serves it
        assert row_line(app, "S1").startswith("  S1")
        assert "▲1" in switcher_text(app)
        await pilot.press("down", "down")
        assert "no annual objective serves this strategy" in detail_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert row_line(app, "S3").startswith("  S3")
        assert row_line(app, "S3").split("│")[1].split() == ["●", "·"]
        assert "▲" not in switcher_text(app).split("│")[0]
        await pilot.press("delete")
        await pilot.pause()
        assert row_line(app, "S3").startswith(f"{ORPHAN} S3")
        assert row_line(app, "S3").split("│")[1].split() == ["·", "·"]
    assert ("st_energy", "ob_complaints") not in reopen(path).marks_in(SW)


async def test_an_orphan_column_is_marked_under_its_code(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        step = await open_matrix(pilot)
        step.show_grid("se")  # measures x strategies: nothing marked yet, every column an orphan
        await pilot.pause()
        codes, markers = grid_lines(app)[:2]
        assert codes.split("│")[1].split() == ["S1", "S2", "S3"]
        assert markers.split("│")[1].split() == [ORPHAN] * 3
        await pilot.press("right", "space")  # M1 x S2
        await pilot.pause()
        assert grid_lines(app)[1].split("│")[1].split() == [ORPHAN, ORPHAN]
        assert reopen(path).marks_in(Corner.MEASURE_STRATEGY) == {("me_complaints", "st_service"): Strength.STRONG}


async def test_ctrl_z_undoes_a_cell_and_ctrl_y_redoes_it(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_matrix(pilot)
        await pilot.press("right", "space")  # S1 x O2
        await pilot.pause()
        assert reopen(path).marks_in(SW)[("st_zero", "ob_contracts")] == Strength.STRONG
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert ("st_zero", "ob_contracts") not in reopen(path).marks_in(SW)
        assert row_line(app, "S1").split("│")[1].split() == ["●", "·"]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert reopen(path).marks_in(SW)[("st_zero", "ob_contracts")] == Strength.STRONG
        assert row_line(app, "S1").split("│")[1].split() == ["●", "●"]


async def test_the_people_matrix_cycles_leader_core_rotating(workspace):
    plan = tui_plan()
    plan.marks = []  # an empty people matrix
    path = make_session(workspace, plan=plan)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_matrix(pilot)
        await pilot.press("shift+tab")  # back from SW wraps to the people matrix
        assert "People: Initiatives, measures × people" in switcher_text(app)
        assert detail_text(app).startswith("I1 Launch PumpCare service contracts (strategic initiative)")
        await pilot.press("right", "space")  # I1 (in_pumpcare: strategic initiatives come first) x P2 (pe_bo)
        await pilot.pause()
        marks = {(m.item_id, m.person_id): m.role for m in reopen(path).marks}
        assert marks == {("in_pumpcare", "pe_bo"): MarkRole.LEADER}
        await pilot.press("space")
        await pilot.pause()
        assert reopen(path).marks[0].role == MarkRole.CORE
        assert "○ core × P2 Bo Chen   on 1 item" in detail_text(app)


async def test_a_read_only_session_does_not_offer_marking(workspace):
    path = make_session(workspace)
    with SessionStore.open(path):  # another window holds the session
        app = session_app(workspace, path)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_matrix(pilot)
            await pilot.press("right", "space", "delete")  # not offered: nothing happens
            await pilot.pause()
            assert row_line(app, "S1").split("│")[1].split() == ["●", "·"]
            assert "Mark" not in app.screen.query_one("KeyHints").text
    assert ("st_zero", "ob_contracts") not in reopen(path).marks_in(SW)


async def test_tab_walks_the_five_grids_and_digits_still_jump_steps(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_matrix(pilot)
        names = []
        for _ in range(5):
            names.append(current_grid(app))
            await pilot.press("tab")
        assert names == ["SW", "NW", "NE", "SE", "People"]
        assert current_grid(app) == "SW"  # wrapped around
        assert isinstance(app.focused, MatrixGrid)
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.view.step.key == "strategies"


async def test_a_warning_jumps_to_the_item_in_the_matrix_when_asked(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        step = await open_matrix(pilot)
        assert step.select_item("me_contracts")  # a measure is a row of SE first
        await pilot.pause()
        assert "SE: Measures × strategies" in switcher_text(app)
        assert detail_text(app).startswith("M2 Installed base under contract (9% → 25%)")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
async def test_a_large_grid_scrolls_and_keeps_the_codes_and_labels_in_view(workspace, size):
    plan = build_plan(10, 16, 20, 16, 25)
    corner = (plan.measures[-1].id, plan.people[-1].id)
    before = {(m.item_id, m.person_id): m.role for m in plan.marks}.get(corner)
    path = make_session(workspace, plan=plan)
    app = session_app(workspace, path)
    async with app.run_test(size=size) as pilot:
        step = await open_matrix(pilot)
        step.show_grid("people")  # 36 rows x 25 people
        await pilot.pause()
        await pilot.press("end", "ctrl+end")
        await pilot.pause()
        lines = grid_lines(app)
        assert lines[0].split("│")[1].split()[-1] == "P25"  # the header scrolled with the cells
        assert any(line[2:].startswith("M16 ") for line in lines[2:])  # the last row, label in view
        assert not any(line[2:].startswith("I1 ") for line in lines[2:])
        await pilot.press("space")
        await pilot.pause()
    after = {(m.item_id, m.person_id): m.role for m in reopen(path).marks}.get(corner)
    cycle = [None, MarkRole.LEADER, MarkRole.CORE, MarkRole.ROTATING, None]
    assert after == cycle[cycle.index(before) + 1]


def test_grids_are_rebuilt_only_where_the_plan_changed():
    plan = build_plan(4, 6, 8, 6, 5)
    builder = GridBuilder()
    before = builder.grids(plan)
    again = builder.grids(plan.model_copy(update={"marks": list(plan.marks)}))
    assert all(again[key] is before[key] for key in before)  # same items: nothing rebuilt
    changed = plan.model_copy(update={"correlations": [c.model_copy() for c in plan.correlations[1:]]})
    after = builder.grids(changed)
    dropped = plan.correlations[0]
    rebuilt = {key for key in before if after[key] is not before[key]}
    assert rebuilt == {next(k for k, g in before.items() if g.kind.corner == dropped.corner)}
    assert (dropped.row_id, dropped.col_id) not in after[next(iter(rebuilt))].cells


def test_an_empty_plan_gives_empty_grids_and_says_what_is_missing():
    grids = GridBuilder().grids(Plan(strategies=[Strategy(title="Only one")]))
    assert [len(g.rows) for g in grids.values()] == [1, 0, 0, 0, 0]
    assert describe_cell(grids["sw"], 0, 0) == "No objectives yet: add them in their steps, then mark the links here."
    assert describe_cell(grids["people"], 0, 0).startswith("No initiatives, measures yet")


# --- printing -------------------------------------------------------------------------------------------


async def test_p_prints_the_x_matrix_into_the_workspace_exports(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    messages: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        notify = app.notify
        app.notify = lambda message, **kwargs: (messages.append(message), notify(message, **kwargs))[1]
        await open_matrix(pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
    pdfs = list(workspace.exports_dir.glob("*.pdf"))
    assert len(pdfs) == 1, messages
    assert pdfs[0].read_bytes().startswith(b"%PDF")
    assert any(f"Saved {pdfs[0]}" in m for m in messages)


async def test_the_palette_offers_both_x_matrix_exports(workspace, monkeypatch):
    asked = []
    monkeypatch.setattr("hoshin_tui.tui.exporting.render", lambda request: asked.append(request.kind) or [])
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_matrix(pilot)
        commands = {c.name: c.run for c in app.screen.palette_commands()}
        commands["export: X-matrix PDF, horizontal labels"]()
        await app.workers.wait_for_complete()
        await pilot.press("P")
        await app.workers.wait_for_complete()
    assert asked == ["xmatrix-horizontal", "xmatrix-horizontal"]
    assert "export: X-matrix PDF" in commands


# --- snapshots ----------------------------------------------------------------------------------------------


def _demo_app(workspace):
    path = make_session(workspace, plan=build_demo_plan(today=date(2027, 1, 15)))
    return session_app(workspace, path)


def _at_matrix(*keys: str, projector: bool = False):
    async def run_before(pilot) -> None:
        await open_matrix(pilot)
        if projector:
            await pilot.press("f5")
            await settle(pilot)
            pilot.app.clear_notifications()  # the projector tip would cover the grid
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_matrix_step(workspace, snap_compare, size):
    assert snap_compare(_demo_app(workspace), terminal_size=size, run_before=_at_matrix("tab", "down", "right"))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_matrix_step_projector(workspace, snap_compare, size):
    run_before = _at_matrix("down", "right", projector=True)
    assert snap_compare(_demo_app(workspace), terminal_size=size, run_before=run_before)


def test_snapshot_people_matrix_scrolled(workspace, snap_compare):
    path = make_session(workspace, plan=build_plan(10, 16, 20, 16, 25))
    app = session_app(workspace, path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_at_matrix("shift+tab", "end", "pagedown"))
