"""The Review step: the bowling chart on screen, fast entry, countermeasures, verdicts, review mode.

Each edit is checked in the session file (reopened) and on the screen.
"""

from __future__ import annotations

from datetime import date

import pytest

from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import CountermeasureStatus
from hoshin_tui.model.plan import Plan
from hoshin_tui.tui.steps.review import ReviewStep
from tests.tui.helpers import make_session, reopen, screen_text, session_app, settle

TODAY = date(2027, 1, 15)  # the demo's plan year is Jan-Dec 2026; last month is Dec 2026


@pytest.fixture(autouse=True)
def _review_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hoshin_tui.tui.steps.review.today", lambda: TODAY)
    monkeypatch.setattr("hoshin_tui.core.clock.today", lambda: TODAY)


def demo() -> Plan:
    return build_demo_plan(TODAY)


async def open_review(pilot) -> ReviewStep:
    await settle(pilot)
    pilot.app.screen.go_to("review")
    await settle(pilot)
    step = pilot.app.screen.view
    assert isinstance(step, ReviewStep)
    return step


def m(plan: Plan, code: str):
    return next(x for x in plan.measures if x.code == code)


async def test_the_bowling_chart_shows_every_measure_grouped_with_glyphs_and_the_rule(workspace):
    path = make_session(workspace, plan=demo())
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        text = screen_text(pilot.app)
        assert "as of ‹Dec 2026›" in text and "? 1 late" in text
        assert "O1 Halve customer complaints" not in text or "Halve customer complaints" in text
        for measure in demo().measures:
            assert measure.name[:20] in text
        assert "■ 33" in text and "? late" in text and "↓ · yellow within 5 % of plan" in text
        assert "lower is better · yellow within 5 % of plan" in text  # the detail pane, whole
        assert step.board is not None and step.board.as_of == "2026-12"


async def test_typing_an_actual_saves_it_and_moves_to_the_next_month(workspace):
    plan = demo()
    path = make_session(workspace, plan=plan)
    m6 = m(plan, "M6")
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        step.move_to(m6.id, "actual", "2026-11")
        await pilot.press("enter")
        await pilot.press(*"371", "enter")  # November, then the entry moves on to December
        await pilot.press(*"365", "enter")
        await settle(pilot)
        saved = {r.month: r.actual for r in reopen(path).monthly_results if r.measure_id == m6.id}
        assert saved["2026-11"] == 371 and saved["2026-12"] == 365
        assert "● 365" in screen_text(pilot.app) and "? 1 late" not in screen_text(pilot.app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert {r.month: r.actual for r in reopen(path).monthly_results if r.measure_id == m6.id}["2026-12"] is None


async def test_the_as_of_month_moves_with_the_keys_and_exceptions_show_red_then_yellow_then_late(workspace):
    path = make_session(workspace, plan=demo())
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert step.board is not None and step.board.as_of == "2026-08"
        assert "as of ‹Aug 2026›" in screen_text(pilot.app)
        await pilot.press("e")
        await settle(pilot)
        rows = step.table.row_keys
        codes = [step.board.row(key[2:]).measure.code for key in rows if key.startswith("a:")]
        assert codes[0] == "M1"  # the red of August first
        assert all(step.board.row(k[2:]).current.status.value in ("red", "yellow") for k in rows if k[:2] == "a:")


async def test_c_on_a_red_cell_opens_a_countermeasure_prefilled_with_measure_month_and_gap(workspace):
    plan = demo()
    m1 = m(plan, "M1")
    plan = plan.model_copy(update={"countermeasures": [c for c in plan.countermeasures if c.measure_id != m1.id]})
    path = make_session(workspace, plan=plan)
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        assert "! none" in screen_text(pilot.app)  # red with no countermeasure is flagged
        step.move_to(m1.id, "actual", "2026-08")
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.screen.query_one("#field-gap").value == "plan 25 per month, actual 33 per month"
        pilot.app.screen.query_one("#field-action").text = "Quarantine the batch"
        pilot.app.screen.query_one("#field-root_cause").text = "Seals from a new supplier"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = [c for c in reopen(path).countermeasures if c.measure_id == m1.id]
        assert len(saved) == 1 and saved[0].month == "2026-08" and saved[0].action == "Quarantine the batch"
        assert saved[0].owner_id == m1.owner_id and saved[0].status == CountermeasureStatus.OPEN


async def test_the_verdict_is_proposed_from_the_data_and_the_room_confirms_it(workspace):
    plan = demo()
    m4 = m(plan, "M4")
    cms = [c.model_copy(update={"status": CountermeasureStatus.OPEN, "verdict": ""}) for c in plan.countermeasures]
    path = make_session(workspace, plan=plan.model_copy(update={"countermeasures": cms}))
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        step.move_to(m4.id, "actual")
        await settle(pilot)
        assert "Proposed verdict: effective" in screen_text(pilot.app)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        judged = next(c for c in reopen(path).countermeasures if c.measure_id == m4.id)
        assert judged.status == CountermeasureStatus.EFFECTIVE
        assert "Green or yellow in every month since it was due" in judged.verdict


async def test_two_reds_in_a_row_offer_a_problem_solving_a3_made_with_one_key(workspace):
    plan = demo()
    m1 = m(plan, "M1")
    cms = [c.model_copy(update={"a3_id": None}) for c in plan.countermeasures]
    plan = plan.model_copy(update={"countermeasures": cms})
    path = make_session(workspace, plan=plan)
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        step.move_to(m1.id, "actual", "2026-09")
        await settle(pilot)
        assert "A3 offered" in screen_text(pilot.app)
        await pilot.press("A")
        await settle(pilot)
        after = reopen(path)
        made = [a for a in after.a3s if a.subject_id == m1.id]
        assert len(made) == 1 and "Sep 2026 red" in made[0].sections[1].body
        assert any(c.a3_id == made[0].id for c in after.countermeasures)


async def test_f_phases_the_plan_in_one_undo_step(workspace):
    plan = demo()
    m2 = m(plan, "M2")
    path = make_session(workspace, plan=plan)
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        step.move_to(m2.id, "plan", "2026-03")
        await pilot.press("f")
        await settle(pilot)
        pilot.app.screen.query_one("#field-phasing").value = "stepwise"
        await pilot.press("ctrl+s")
        await settle(pilot)
        plans = [r.plan for r in reopen(path).results_for(m2.id)]
        assert plans[:3] == [94.6] * 3 and plans[-1] == 98.0
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [r.plan for r in reopen(path).results_for(m2.id)] == [r.plan for r in plan.results_for(m2.id)]


async def test_review_mode_walks_late_scan_reds_verdicts_decisions_and_a_red_needs_a_countermeasure(workspace):
    plan = demo()
    m1 = m(plan, "M1")
    results = [
        r.model_copy(update={"actual": 40.0}) if r.measure_id == m1.id and r.month == "2026-12" else r
        for r in plan.monthly_results
    ]
    path = make_session(workspace, plan=plan.model_copy(update={"monthly_results": results}))
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        await pilot.press("r")
        await settle(pilot)
        stages = [entry.stage.value for entry in step.agenda]
        assert stages[0] == "late" and stages[-1] == "decisions"
        assert stages.index("reds") > max(i for i, s in enumerate(stages) if s == "scan")
        assert "1 Data check: late numbers" in screen_text(pilot.app)
        while step.agenda[step.stop].stage.value != "reds":
            await pilot.press("space")
        await pilot.press("space")  # refused: the red has no countermeasure yet
        await settle(pilot)
        assert step.agenda[step.stop].stage.value == "reds"
        await pilot.press("s")  # skipped: the red stays flagged
        await settle(pilot)
        assert step.agenda[step.stop].stage.value != "reds" and "! none" in screen_text(pilot.app)


async def test_projector_mode_shows_quarters_and_year_to_date_only(workspace):
    path = make_session(workspace, plan=demo())
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        step = await open_review(pilot)
        await pilot.press("f5")
        await settle(pilot)
        columns = [c.key for c in step.table.columns]
        assert "m0" not in columns and columns[3:8] == ["q1", "q2", "q3", "q4", "ytd"]
        await pilot.press("f5", "f5")
        await settle(pilot)
        assert "m0" in [c.key for c in step.table.columns]
