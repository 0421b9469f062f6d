"""A3 pre-fill from the plan, and the paper-fill estimate the A3 step shows while typing."""

from __future__ import annotations

import time
from datetime import date

import pytest

from hoshin_tui.core.a3_prefill import (
    BOX_HEIGHTS_MM,
    GEOMETRY,
    UnknownSubject,
    box_fill,
    fill_report,
    prefill_a3,
)
from hoshin_tui.model.a3_layout import LAYOUTS, layout
from hoshin_tui.model.enums import A3Kind, Corner, InitiativeStatus, Role
from hoshin_tui.model.plan import (
    A3,
    A3Section,
    AnnualObjective,
    Correlation,
    Countermeasure,
    Initiative,
    Measure,
    MonthlyResult,
    Person,
    Plan,
    Strategy,
)

TODAY = date(2027, 3, 10)


def pump_plan() -> Plan:
    ceo = Person(id="pe_ceo", name="Helen Achterberg", role=Role.EXECUTIVE)
    bo = Person(id="pe_bo", name="Bo Chen", role=Role.DEPLOYMENT_LEADER)
    cy = Person(id="pe_cy", name="Cy Duarte", role=Role.DEPARTMENT_LEADER)
    zero = Strategy(id="st_zero", title="Zero defects at the customer", description="No defect leaves a plant.")
    zero.leader_id, zero.horizon = bo.id, "2027-2030"
    other = Strategy(id="st_grow", title="Grow service", leader_id=ceo.id)
    halve = AnnualObjective(id="ob_halve", title="Halve customer complaints", owner_id=bo.id)
    sell = AnnualObjective(id="ob_sell", title="Sell 40 contracts")
    poka = Initiative(id="in_poka", title="Error-proof the ten worst stations", owner_id=cy.id)
    poka.start, poka.due, poka.status = date(2027, 1, 1), date(2027, 6, 30), InitiativeStatus.AT_RISK
    poka.tactics, poka.deliverables = "Pareto of defects by station.", "Ten stations fixed; a standard for new ones"
    huddles = Initiative(id="in_huddles", title="Daily huddles on every shift", owner_id=bo.id)
    contracts = Initiative(id="in_contracts", title="Launch service contracts")
    complaints = Measure(id="me_complaints", name="Customer complaints", unit="per month", baseline=38, target=19)
    complaints.direction = "lower"
    yield_ = Measure(id="me_yield", name="First-pass yield", unit="%", baseline=93.5, target=98)
    revenue = Measure(id="me_revenue", name="Service revenue", unit="kEUR")
    links = [
        (Corner.STRATEGY_OBJECTIVE, zero.id, halve.id),
        (Corner.STRATEGY_OBJECTIVE, other.id, sell.id),
        (Corner.OBJECTIVE_INITIATIVE, halve.id, poka.id),
        (Corner.OBJECTIVE_INITIATIVE, halve.id, huddles.id),
        (Corner.OBJECTIVE_INITIATIVE, sell.id, contracts.id),
        (Corner.INITIATIVE_MEASURE, poka.id, complaints.id),
        (Corner.MEASURE_STRATEGY, yield_.id, zero.id),
        (Corner.INITIATIVE_MEASURE, contracts.id, revenue.id),
    ]
    return Plan(
        title="Pump Co",
        period="FY2027",
        people=[ceo, bo, cy],
        strategies=[zero, other],
        objectives=[halve, sell],
        initiatives=[poka, huddles, contracts],
        measures=[complaints, yield_, revenue],
        correlations=[Correlation(corner=c, row_id=r, col_id=k) for c, r, k in links],
        monthly_results=[
            MonthlyResult(measure_id=complaints.id, month="2027-01", plan=30, actual=29),
            MonthlyResult(measure_id=complaints.id, month="2027-02", plan=28, actual=33),
            MonthlyResult(measure_id=yield_.id, month="2027-02", plan=95, actual=94.9),
        ],
        countermeasures=[
            Countermeasure(
                measure_id=complaints.id,
                month="2027-02",
                root_cause="Seal supplier changed",
                action="First-article inspection on every supplier change",
                owner_id=cy.id,
                due=date(2027, 4, 30),
            ),
        ],
    )


def test_strategy_a3_carries_its_objectives_initiatives_and_measures():
    a3 = prefill_a3(pump_plan(), A3Kind.STRATEGY, "st_zero", today=TODAY)
    assert (a3.kind, a3.subject_id, a3.title) == (
        A3Kind.STRATEGY,
        "st_zero",
        "Strategy A3: Zero defects at the customer",
    )
    assert (a3.owner_id, a3.mentor_id, a3.revised, a3.version) == ("pe_bo", "pe_ceo", TODAY, "1")
    assert [s.key for s in a3.sections] == [b.key for b in LAYOUTS[A3Kind.STRATEGY] if b.content == "text"]
    background = next(s.body for s in a3.sections if s.key == "background")
    assert "No defect leaves a plant." in background and "Halve customer complaints" in background
    assert "Sell 40 contracts" not in background  # another strategy's objective
    rows = {(r.who, r.what, r.when, r.status) for r in a3.plan_rows}
    assert rows == {
        ("Cy Duarte", "Error-proof the ten worst stations", "Jan 2027 – Jun 2027", "at risk"),
        ("Bo Chen", "Daily huddles on every shift", "", "not started"),
    }
    followup = {r.item: (r.plan, r.actual) for r in a3.followup_rows}
    # complaints through the initiative (NE), yield through the SE grid; not the other strategy's revenue
    assert followup == {
        "Customer complaints (baseline 38 per month)": ("19 per month", "33 per month in Feb 2027 (red)"),
        "First-pass yield (baseline 93.5%)": ("98%", "94.9% in Feb 2027 (yellow)"),
    }


def test_problem_solving_a3_starts_from_the_initiative_and_its_measures():
    a3 = prefill_a3(pump_plan(), "problem_solving", "in_poka", today=TODAY)
    assert (a3.title, a3.owner_id, a3.mentor_id) == ("Error-proof the ten worst stations", "pe_cy", "pe_bo")
    bodies = {s.key: s.body for s in a3.sections}
    assert "Halve customer complaints" in bodies["background"]
    assert "Zero defects at the customer" in bodies["background"]
    assert "baseline 38 per month" in bodies["current"] and "33 per month in Feb 2027" in bodies["current"]
    assert "down from 38 per month to 19 per month by Jun 2027" in bodies["goal"]
    assert bodies["countermeasures"] == "Pareto of defects by station."
    assert [(r.who, r.what, r.status) for r in a3.plan_rows] == [
        ("Cy Duarte", "Ten stations fixed", "at risk"),
        ("Cy Duarte", "A standard for new ones", "at risk"),
    ]
    assert [r.item for r in a3.followup_rows] == ["Customer complaints (baseline 38 per month)"]


def test_status_a3_rates_each_measure_and_lists_countermeasures():
    a3 = prefill_a3(pump_plan(), A3Kind.STATUS, "st_zero", today=TODAY)
    bodies = {s.key: s.body for s in a3.sections}
    assert "Customer complaints: 33 per month in Feb 2027 against a plan of 28 per month" in bodies["headline"]
    assert "target 19 per month. Rating: red" in bodies["headline"]
    assert "First-pass yield: 94.9% in Feb 2027 against a plan of 95%; target 98%. Rating: yellow" in bodies["headline"]
    assert "Error-proof the ten worst stations (Cy Duarte): at risk, due Jun 2027" in bodies["activities"]
    assert "Seal supplier changed" in bodies["issues"]
    assert [(r.who, r.what, r.when) for r in a3.plan_rows] == [
        ("Cy Duarte", "First-article inspection on every supplier change", "Apr 2027")
    ]
    whole = prefill_a3(pump_plan(), A3Kind.STATUS, today=TODAY)
    assert whole.title == "Status review: Pump Co FY2027" and whole.subject_id is None
    assert len(whole.followup_rows) == 3  # every measure of the plan
    assert "no actual yet" in {r.item: r.actual for r in whole.followup_rows}["Service revenue"]


def test_unknown_subject_is_one_human_line():
    with pytest.raises(UnknownSubject, match="No strategy with id 'st_gone'"):
        prefill_a3(pump_plan(), A3Kind.STRATEGY, "st_gone")
    with pytest.raises(UnknownSubject, match="No initiative"):
        prefill_a3(pump_plan(), A3Kind.PROBLEM_SOLVING, None)


def test_box_heights_fill_each_column_exactly():
    for kind, boxes in LAYOUTS.items():
        for column in ("left", "right"):
            keys = [b.key for b in boxes if b.column == column]
            used = sum(BOX_HEIGHTS_MM[kind][k] for k in keys) + GEOMETRY.box_gap * (len(keys) - 1)
            assert used == pytest.approx(GEOMETRY.column_h), (kind, column)


def _with_body(a3: A3, key: str, body: str) -> A3:
    sections = [s.model_copy(update={"body": body}) if s.key == key else s for s in a3.sections]
    return a3.model_copy(update={"sections": sections})


def test_box_fill_grows_with_text_and_the_report_says_what_will_happen():
    a3 = prefill_a3(pump_plan(), A3Kind.PROBLEM_SOLVING, "in_poka", today=TODAY)
    analysis = next(b for b in layout(a3.kind) if b.key == "analysis")
    empty = box_fill(a3, analysis)
    some = box_fill(_with_body(a3, "analysis", "Why did the seals leak? " * 20), analysis)
    lots = box_fill(_with_body(a3, "analysis", "Why did the seals leak? " * 200), analysis)
    assert empty == 0 < some < lots
    assert box_fill(_with_body(a3, "analysis", "x\n" * 10), analysis) > box_fill(
        _with_body(a3, "analysis", "x " * 10), analysis
    )  # every line break starts a new line
    trailing = _with_body(a3, "analysis", "Short." + "\n" * 40)
    assert box_fill(trailing, analysis) == box_fill(_with_body(a3, "analysis", "Short."), analysis)  # prints nothing

    def message(body: str) -> tuple[float, str]:
        report = {b.key: (ratio, text) for b, ratio, text in fill_report(_with_body(a3, "analysis", body))}
        return report["analysis"]

    ratio, text = message("Short.")
    assert ratio < 0.2 and text == f"Root-cause analysis {round(ratio * 100)}%"  # fits: no warning
    ratio, text = message("Why did the seals leak? " * 60)
    assert ratio > 1 and text == f"Root-cause analysis {round(ratio * 100)}%: will shrink"
    ratio, text = message("Why did the seals leak? " * 400)
    assert text == f"Root-cause analysis {round(ratio * 100)}%: will continue on a second page"


def test_table_boxes_fill_with_rows():
    a3 = prefill_a3(pump_plan(), A3Kind.STRATEGY, "st_zero", today=TODAY)
    plan_box = next(b for b in layout(a3.kind) if b.key == "plan")
    more = a3.model_copy(update={"plan_rows": a3.plan_rows * 10})
    assert 0 < box_fill(a3, plan_box) < box_fill(more, plan_box)
    assert box_fill(a3.model_copy(update={"plan_rows": []}), plan_box) < box_fill(a3, plan_box)


def test_fill_report_is_fast_enough_to_run_on_every_keystroke():
    a3 = prefill_a3(pump_plan(), A3Kind.STRATEGY, "st_zero", today=TODAY)
    a3 = a3.model_copy(
        update={"sections": [A3Section(key=s.key, heading=s.heading, body="word " * 300) for s in a3.sections]}
    )
    start = time.perf_counter()
    for _ in range(100):
        fill_report(a3)
    per_report = (time.perf_counter() - start) / 100
    assert per_report < 0.005  # generous: measured well under 1 ms; this only catches an accidental slow path
