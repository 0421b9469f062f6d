"""After a roll-forward the Review step shows last year's actuals as a faint third row (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest

from hoshin_tui.core.review import amount
from hoshin_tui.core.rollforward import close_year, roll_forward
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.plan import Plan
from hoshin_tui.tui.steps.review import ReviewStep
from hoshin_tui.tui.widgets.bowling_grid import BowlingGrid
from tests.tui.helpers import make_session, session_app, settle

TODAY = date(2027, 1, 15)  # the demo's plan year is Jan-Dec 2026


@pytest.fixture(autouse=True)
def _review_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hoshin_tui.tui.steps.review.today", lambda: TODAY)
    monkeypatch.setattr("hoshin_tui.core.clock.today", lambda: TODAY)


def rolled_demo() -> tuple[Plan, Plan]:
    old = build_demo_plan(TODAY)
    return old, roll_forward(old, close_year(old, source_name="demo", period="FY2027")).plan


def grid_lines(app) -> list[str]:
    """The bowling chart as the room sees it now (the visible part), line by line."""
    grid = app.screen.query_one(BowlingGrid)
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def open_review(pilot) -> ReviewStep:
    await settle(pilot)
    pilot.app.screen.go_to("review")
    await settle(pilot)
    step = pilot.app.screen.view
    assert isinstance(step, ReviewStep)
    return step


async def test_a_rolled_forward_plan_shows_last_years_actuals_faint_under_plan_and_actual(workspace):
    old, new = rolled_demo()
    path = make_session(workspace, "next", plan=new)
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        assert step.board is not None and step.board.year.label == "FY2027"
        first = step.board.rows[0]
        source = next(m for m in old.measures if m.code == first.measure.code and m.name == first.measure.name)
        actuals = {r.month: r.actual for r in old.monthly_results if r.measure_id == source.id}
        expected = [amount(actuals[m]) for m in step.board.year.previous().months if actuals.get(m) is not None]
        assert len(expected) >= 6
        lines = grid_lines(pilot.app)
        at = next(i for i, line in enumerate(lines) if "last year (FY2026)" in line)
        assert "plan" in lines[at - 2] and "actual" in lines[at - 1]  # the third row, under plan and actual
        shown = lines[at].split("last year (FY2026)", 1)[1].split()
        assert len(shown) >= 6 and shown == expected[: len(shown)]  # the months in view, fiscal order, no glyph
        texts = step.table.cells[f"l:{first.measure.id}"]
        assert all(t.style == "dim" for t in texts if t.plain)  # faint: no status colour


async def test_the_demo_itself_has_no_last_year_row(workspace):
    path = make_session(workspace, plan=build_demo_plan(TODAY))
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        assert not any("last year" in line for line in grid_lines(pilot.app))
        assert not any(key.startswith("l:") for key in step.table.row_keys)
