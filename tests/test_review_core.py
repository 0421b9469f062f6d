"""The review's pure core: the colour rule, fiscal months, roll-ups, phasing, verdicts, meeting order."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from hoshin_tui.core.review import (
    CellStatus,
    Stage,
    a3_offer,
    build_board,
    cell_status,
    due_for_verdict,
    final_actual,
    fiscal_months,
    new_countermeasure,
    phase,
    plan_year,
    problem_a3,
    propose_verdict,
    review_agenda,
    rule_text,
)
from hoshin_tui.core.review.phasing import PhasingError
from hoshin_tui.model.enums import Aggregation, BandBasis, Cadence, CountermeasureStatus, Direction, Phasing
from hoshin_tui.model.plan import Countermeasure, Measure, MonthlyResult, Plan

G, Y, R, LATE, NO_PLAN, NOT_DUE = (
    CellStatus.GREEN,
    CellStatus.YELLOW,
    CellStatus.RED,
    CellStatus.LATE,
    CellStatus.NO_PLAN,
    CellStatus.NOT_DUE,
)


def _measure(direction: str = "higher", basis: str = "of_plan", band: float = 0.05, **kw: object) -> Measure:
    fields: dict[str, object] = {"name": "m", **kw}
    return Measure(direction=Direction(direction), band_basis=BandBasis(basis), yellow_band=band, **fields)


# direction, basis, band, baseline, target, plan, actual -> status
RULE_TABLE = [
    # higher is better, 5 % of plan: plan 100 -> yellow down to 95
    ("higher", "of_plan", 0.05, 80, 100, 100, 101, G),
    ("higher", "of_plan", 0.05, 80, 100, 100, 100, G),
    ("higher", "of_plan", 0.05, 80, 100, 100, 95, Y),
    ("higher", "of_plan", 0.05, 80, 100, 100, 94.9, R),
    # lower is better: beating the plan is green, never red (a peer gets this wrong)
    ("lower", "of_plan", 0.05, 40, 20, 20, 10, G),
    ("lower", "of_plan", 0.05, 40, 20, 20, 21, Y),
    ("lower", "of_plan", 0.05, 40, 20, 20, 21.1, R),
    # share of the baseline-to-target gap: gap 20, 10 % -> 2
    ("higher", "of_gap", 0.10, 80, 100, 90, 88, Y),
    ("higher", "of_gap", 0.10, 80, 100, 90, 87.9, R),
    ("lower", "of_gap", 0.10, 40, 20, 30, 32, Y),
    ("lower", "of_gap", 0.10, 40, 20, 30, 32.5, R),
    # absolute points, for a % measure
    ("higher", "absolute", 1.0, 93.5, 98, 97, 96, Y),
    ("higher", "absolute", 1.0, 93.5, 98, 97, 95.9, R),
    ("lower", "absolute", 1.0, 5, 2, 3, 4, Y),
    ("lower", "absolute", 1.0, 5, 2, 3, 4.5, R),
    # a plan of 0 falls back to the gap (5 % of a 10-point gap = 0.5), never green when missed
    ("lower", "of_plan", 0.05, 10, 0, 0, 0, G),
    ("lower", "of_plan", 0.05, 10, 0, 0, 0.5, Y),
    ("lower", "of_plan", 0.05, 10, 0, 0, 1, R),
    ("higher", "of_plan", 0.05, -10, 0, 0, -0.5, Y),
    ("higher", "of_plan", 0.05, -10, 0, 0, -1, R),
]


@pytest.mark.parametrize(("direction", "basis", "band", "baseline", "target", "plan", "actual", "status"), RULE_TABLE)
def test_the_colour_rule(direction, basis, band, baseline, target, plan, actual, status) -> None:
    measure = _measure(direction, basis, band, baseline=baseline, target=target)
    result = MonthlyResult(measure_id=measure.id, month="2027-03", plan=plan, actual=actual)
    assert cell_status(measure, result, "2027-03", "2027-03").status == status


def test_a_missing_actual_is_late_when_due_and_not_due_after_the_review_month() -> None:
    measure = _measure(baseline=80, target=100)
    empty = MonthlyResult(measure_id=measure.id, month="2027-03", plan=90)
    assert cell_status(measure, empty, "2027-03", "2027-03").status == LATE
    assert cell_status(measure, None, "2027-03", "2027-04").status == LATE
    assert cell_status(measure, empty, "2027-03", "2027-02").status == NOT_DUE
    quarterly = _measure(baseline=80, target=100, cadence=Cadence.QUARTERLY)
    assert cell_status(quarterly, None, "2027-02", "2027-03", month_index=1).status == NOT_DUE
    assert cell_status(quarterly, None, "2027-03", "2027-03", month_index=2).status == LATE


def test_no_plan_is_never_green_and_a_phased_plan_counts() -> None:
    measure = _measure()
    result = MonthlyResult(measure_id=measure.id, month="2027-03", actual=1000)
    assert cell_status(measure, result, "2027-03", "2027-03").status == NO_PLAN
    cell = cell_status(measure, result, "2027-03", "2027-03", phased_plan=900)
    assert cell.status == G and cell.phased and cell.plan == 900


def test_an_override_wins_is_marked_and_needs_a_reason() -> None:
    measure = _measure(baseline=80, target=100)
    result = MonthlyResult(
        measure_id=measure.id, month="2027-03", plan=100, actual=50, colour="green", override_reason="audit recount"
    )
    cell = cell_status(measure, result, "2027-03", "2027-03")
    assert cell.status == G and cell.overridden and cell.glyph == "✎" and cell.override_reason == "audit recount"
    with pytest.raises(ValidationError, match="needs a reason"):
        MonthlyResult(measure_id=measure.id, month="2027-03", plan=100, actual=50, colour="red")


def test_every_status_has_its_own_glyph() -> None:
    measure = _measure(baseline=80, target=100)
    cases = [(100, 100, "2027-03"), (100, 96, "2027-03"), (100, 50, "2027-03")]
    cases += [(100, None, "2027-03"), (None, 5, "2027-03"), (100, None, "2027-02")]
    results = [(MonthlyResult(measure_id=measure.id, month="2027-03", plan=p, actual=a), m) for p, a, m in cases]
    glyphs = {cell_status(measure, result, "2027-03", as_of).glyph for result, as_of in results}
    assert glyphs == {"●", "▲", "■", "?", "○", "·"}


@pytest.mark.parametrize(
    ("measure", "words"),
    [
        (_measure("lower", "absolute", 1.0, unit="%"), "lower is better · yellow within 1.0 pt"),
        (_measure("higher", "of_plan", 0.05), "higher is better · yellow within 5 % of plan"),
        (_measure("lower", "of_gap", 0.1), "lower is better · yellow within 10 % of the baseline-to-target gap"),
        (_measure("higher", "absolute", 2, unit="days"), "higher is better · yellow within 2.0 days"),
    ],
)
def test_the_rule_in_words(measure: Measure, words: str) -> None:
    assert rule_text(measure) == words


def test_fiscal_years_start_in_any_month() -> None:
    assert fiscal_months("2026-04")[:3] == ["2026-04", "2026-05", "2026-06"]
    assert fiscal_months("2026-04")[-1] == "2027-03"
    plan = Plan(fiscal_start_month=4, measures=[m := _measure()])
    plan = plan.model_copy(update={"monthly_results": [MonthlyResult(measure_id=m.id, month="2027-02", actual=1)]})
    year = plan_year(plan)
    assert year.first == "2026-04" and year.label == "FY2027" and year.quarter_of("2026-10") == 3
    assert plan_year(Plan(fiscal_start_month=10), date(2027, 9, 30)).first == "2026-10"


def _results(measure: Measure, months: list[str], plans: list[float | None], actuals: list[float | None]):
    return [
        MonthlyResult(measure_id=measure.id, month=m, plan=p, actual=a)
        for m, p, a in zip(months, plans, actuals, strict=True)
    ]


@pytest.mark.parametrize(
    ("aggregation", "q1", "final"),
    [(Aggregation.SUM, 6.0, 78.0), (Aggregation.LAST, 3.0, 12.0), (Aggregation.MEAN, 2.0, 6.5)],
)
def test_quarters_year_to_date_and_final_follow_the_aggregation(aggregation, q1, final) -> None:
    measure = _measure(baseline=0, target=12, aggregation=aggregation)
    months = fiscal_months("2027-01")
    values = [float(n) for n in range(1, 13)]
    plan = Plan(measures=[measure], monthly_results=_results(measure, months, values, values))
    row = build_board(plan, "2027-12").rows[0]
    assert row.quarters[0].actual == q1 and row.quarters[0].plan == q1
    assert row.ytd.actual == final and row.ytd_status == G
    assert final_actual(measure, plan.monthly_results, months) == final
    as_of_march = build_board(plan, "2027-03").rows[0]
    assert as_of_march.ytd.actual == q1 and as_of_march.quarters[1].actual is None


def test_phasing_linear_reaches_the_target_in_even_steps() -> None:
    plans = phase(_measure(baseline=38, target=26), Phasing.LINEAR)
    assert plans[0] == 37 and plans[5] == 32 and plans[-1] == 26 and len(set(plans)) == 12


def test_phasing_flat_sits_at_the_target() -> None:
    assert phase(_measure(baseline=93.5, target=98), Phasing.FLAT) == [98.0] * 12


def test_phasing_stepwise_moves_once_a_quarter() -> None:
    plans = phase(_measure(baseline=80, target=96), Phasing.STEPWISE)
    assert plans == [84.0] * 3 + [88.0] * 3 + [92.0] * 3 + [96.0] * 3


def test_phasing_last_years_shape_keeps_the_seasons() -> None:
    shape = [10.0, 10, 10, 10, 10, 20, 20, 10, 10, 10, 10, 10]  # a summer peak
    plans = phase(_measure(baseline=12, target=12), Phasing.LAST_YEAR, shape)
    assert plans[5] == plans[6] == 2 * plans[0] and plans[0] == pytest.approx(12 * 10 / (140 / 12), abs=0.05)
    with pytest.raises(PhasingError, match="last year's twelve actuals"):
        phase(_measure(baseline=12, target=12), Phasing.LAST_YEAR, shape[:6])


def test_phasing_a_flow_shares_the_years_total() -> None:
    plans = phase(_measure(baseline=600, target=1200, aggregation=Aggregation.SUM), Phasing.FLAT)
    assert sum(plans) == pytest.approx(1200)
    with pytest.raises(PhasingError, match="no target"):
        phase(_measure(), Phasing.LINEAR)


def _year_plan(actuals: list[float | None], cms: list[Countermeasure], measure: Measure) -> Plan:
    months = fiscal_months("2027-01")
    plans: list[float | None] = [100.0] * 12
    return Plan(measures=[measure], monthly_results=_results(measure, months, plans, actuals), countermeasures=cms)


def test_a_verdict_is_proposed_from_the_data_since_the_due_date() -> None:
    measure = _measure(baseline=80, target=100, code="M1")
    cm = Countermeasure(
        measure_id=measure.id, month="2027-03", action="fix", due=date(2027, 4, 15), check_month="2027-06"
    )
    good = [100, 100, 80, 90, 99, 100] + [None] * 6
    plan = _year_plan(good, [cm], measure)
    row = build_board(plan, "2027-06").rows[0]
    verdict = propose_verdict(cm, row)
    assert verdict is not None and verdict.status == CountermeasureStatus.EFFECTIVE
    assert "May 2027" in verdict.reason and "Apr 2027" not in verdict.reason
    assert [c.id for _, c in due_for_verdict(build_board(plan, "2027-06"))] == [cm.id]
    assert due_for_verdict(build_board(plan, "2027-05")) == []
    still_red = [100, 100, 80, 90, 99, 70] + [None] * 6
    verdict = propose_verdict(cm, build_board(_year_plan(still_red, [cm], measure), "2027-06").rows[0])
    assert verdict is not None and verdict.status == CountermeasureStatus.NOT_EFFECTIVE
    assert propose_verdict(cm, build_board(plan, "2027-04").rows[0]) is None  # nothing reported since due


def test_a_red_cell_raises_a_countermeasure_prefilled_and_a_streak_offers_an_a3() -> None:
    measure = _measure(baseline=80, target=100, code="M1", unit="units")
    plan = _year_plan([100, 80, 70] + [None] * 9, [], measure)
    row = build_board(plan, "2027-03").rows[0]
    cm = new_countermeasure(row, "2027-03")
    assert cm.measure_id == measure.id and cm.month == "2027-03" and cm.gap == "plan 100 units, actual 70 units"
    assert row.red_streak == "2027-03" and row.uncovered_reds() == ["2027-02", "2027-03"]
    assert "two months in a row" in a3_offer(row, [])
    a3 = problem_a3(row, {})
    assert a3.subject_id == measure.id and "Mar 2027 red" in a3.sections[1].body
    assert a3_offer(row, [a3]) == ""


def test_review_mode_runs_late_then_scan_then_reds_then_verdicts_then_decisions() -> None:
    ms = [_measure(baseline=80, target=100, code=f"M{n}", name=f"m{n}") for n in range(1, 5)]
    months = fiscal_months("2027-01")
    cm = Countermeasure(measure_id=ms[3].id, month="2027-01", action="x", due=date(2027, 1, 20), check_month="2027-03")
    results = [
        *_results(ms[0], months[:3], [100] * 3, [100, 100, None]),  # late in March
        *_results(ms[1], months[:3], [100] * 3, [100, 100, 96]),  # yellow
        *_results(ms[2], months[:3], [100] * 3, [100, 100, 50]),  # red
        *_results(ms[3], months[:3], [100] * 3, [50, 100, 100]),  # green, a verdict due
    ]
    plan = Plan(measures=ms, monthly_results=results, countermeasures=[cm])
    agenda = review_agenda(build_board(plan, "2027-03"))
    assert [(e.stage, e.row.measure.code if e.row else "") for e in agenda] == [
        (Stage.LATE, "M1"),
        (Stage.SCAN, "M2"),
        (Stage.SCAN, "M4"),
        (Stage.REDS, "M3"),
        (Stage.VERDICTS, "M4"),
        (Stage.DECISIONS, ""),
    ]


def test_a_board_groups_by_objective_and_filters_exceptions_red_yellow_late() -> None:
    ms = [_measure(baseline=80, target=100, code=f"M{n}", name=f"m{n}") for n in range(1, 4)]
    months = fiscal_months("2027-01")
    results = [
        *_results(ms[0], months[:1], [100], [None]),
        *_results(ms[1], months[:1], [100], [96]),
        *_results(ms[2], months[:1], [100], [50]),
    ]
    board = build_board(Plan(measures=ms, monthly_results=results), "2027-01")
    assert [r.measure.code for r in board.exceptions()] == ["M3", "M2", "M1"]
    assert board.groups[0].title == "Not linked to an annual objective"
    assert board.counts()[R] == 1 and board.counts()[LATE] == 1


def test_an_older_plans_hand_set_colour_gets_a_reason_on_upgrade() -> None:
    from hoshin_tui.store.migrations import OLD_OVERRIDE_REASON, upgrade_json

    row = {"measure_id": "me_1", "month": "2026-03", "plan": 1, "actual": 2, "colour": "red"}
    upgraded = upgrade_json({"schema_version": 3, "monthly_results": [row]})
    assert upgraded["monthly_results"][0]["override_reason"] == OLD_OVERRIDE_REASON
