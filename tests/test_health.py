"""Alignment health: each rule fires on a plan built to break it, and stays quiet on a healthy plan."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hoshin_tui.core.health import Finding, check_plan, summary
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner, InitiativeKind, MarkRole
from hoshin_tui.model.plan import AnnualObjective, Correlation, Initiative, Measure, PeopleMark, Person, Strategy

SW, NW, NE, SE = (
    Corner.STRATEGY_OBJECTIVE,
    Corner.OBJECTIVE_INITIATIVE,
    Corner.INITIATIVE_MEASURE,
    Corner.MEASURE_STRATEGY,
)


def healthy_plan() -> Plan:
    """Two of everything, each linked up and down the matrix on a diagonal, each with an owner."""
    people = [Person(id=f"p{n}", name=name) for n, name in enumerate(["Ana Lopez", "Ben Ode", "Cy Park"])]
    plan = Plan(
        aim="Every customer gets a perfect product, made safely by all of us.",
        strategies=[
            Strategy(id="s1", title="Grow aftermarket", leader_id="p0"),
            Strategy(id="s2", title="Zero harm", leader_id="p1"),
        ],
        objectives=[
            AnnualObjective(id="o1", title="Service revenue +20%", owner_id="p0"),
            AnnualObjective(id="o2", title="Halve injuries", owner_id="p1"),
        ],
        initiatives=[
            Initiative(id="i1", title="Field service app", kind=InitiativeKind.STRATEGIC, owner_id="p2"),
            Initiative(id="i2", title="5S in assembly", kind=InitiativeKind.OPERATIONAL, owner_id="p2"),
        ],
        measures=[
            Measure(id="m1", name="Service revenue", owner_id="p0"),
            Measure(id="m2", name="Lost-time injuries", owner_id="p1"),
        ],
        people=people,
    )
    for corner, rows, cols in [
        (SW, ["s1", "s2"], ["o1", "o2"]),
        (NW, ["o1", "o2"], ["i1", "i2"]),
        (NE, ["i1", "i2"], ["m1", "m2"]),
        (SE, ["m1", "m2"], ["s1", "s2"]),
    ]:
        plan.correlations += [Correlation(corner=corner, row_id=r, col_id=c) for r, c in zip(rows, cols, strict=True)]
    plan.marks = [
        PeopleMark(item_id="i1", person_id="p2", role=MarkRole.LEADER),
        PeopleMark(item_id="i1", person_id="p0", role=MarkRole.CORE),
        PeopleMark(item_id="i2", person_id="p2", role=MarkRole.LEADER),
        PeopleMark(item_id="m1", person_id="p0", role=MarkRole.LEADER),
        PeopleMark(item_id="m2", person_id="p1", role=MarkRole.CORE),
    ]
    return plan


def unlink(plan: Plan, corner: Corner, *, row_id: str | None = None, col_id: str | None = None) -> None:
    plan.correlations = [
        c for c in plan.correlations if not (c.corner == corner and (c.row_id == row_id or c.col_id == col_id))
    ]


def about(findings: list[Finding], item_id: str) -> list[Finding]:
    return [f for f in findings if f.item_id == item_id]


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_a_healthy_plan_has_no_findings() -> None:
    findings = check_plan(healthy_plan())
    assert findings == []
    assert summary(findings) == "No alignment warnings"


def test_an_empty_plan_has_no_findings() -> None:
    assert check_plan(Plan()) == []


# --- orphans --------------------------------------------------------------------------------


def test_a_strategy_with_no_annual_objective_is_an_orphan() -> None:
    plan = healthy_plan()
    unlink(plan, SW, row_id="s1")
    (finding,) = about(check_plan(plan), "s1")
    assert finding == Finding(
        "warning", "strategies", "s1", "Strategy 'Grow aftermarket' has no annual objective", "orphan"
    )


def test_an_objective_with_no_initiative_is_an_orphan() -> None:
    plan = healthy_plan()
    unlink(plan, NW, row_id="o2")
    (finding,) = about(check_plan(plan), "o2")
    assert (finding.severity, finding.kind, finding.rule) == ("warning", "objectives", "orphan")
    assert finding.message == "Annual objective 'Halve injuries' has no initiative"


def test_an_initiative_with_no_measure_is_an_orphan() -> None:
    plan = healthy_plan()
    unlink(plan, NE, row_id="i1")
    (finding,) = about(check_plan(plan), "i1")
    assert (finding.severity, finding.kind) == ("warning", "initiatives")
    assert finding.message == "Initiative 'Field service app' has no measure"


def test_a_measure_nothing_moves_is_an_orphan() -> None:
    plan = healthy_plan()
    unlink(plan, NE, col_id="m2")
    (finding,) = about(check_plan(plan), "m2")
    assert (finding.severity, finding.kind) == ("warning", "measures")
    assert finding.message == "Measure 'Lost-time injuries' is moved by no initiative"


def test_a_measure_tied_to_no_strategy_is_a_note() -> None:
    plan = healthy_plan()
    unlink(plan, SE, row_id="m1")
    (finding,) = about(check_plan(plan), "m1")
    assert (finding.severity, finding.kind) == ("info", "measures")
    assert finding.message == "Measure 'Service revenue' is tied to no strategy"


def test_items_serving_nothing_above_them_are_notes() -> None:
    plan = healthy_plan()
    unlink(plan, SW, col_id="o1")
    unlink(plan, NW, col_id="i2")
    findings = check_plan(plan)
    assert [(f.severity, f.message) for f in about(findings, "o1")] == [
        ("info", "Annual objective 'Service revenue +20%' serves no strategy")
    ]
    assert [(f.severity, f.message) for f in about(findings, "i2")] == [
        ("info", "Initiative '5S in assembly' serves no annual objective")
    ]
    # s1 lost its only objective too: that one is a warning.
    assert [f.severity for f in about(findings, "s1")] == ["warning"]


def test_a_link_to_a_deleted_item_is_no_support() -> None:
    plan = healthy_plan()
    unlink(plan, SW, row_id="s1")
    plan.correlations.append(Correlation(corner=SW, row_id="s1", col_id="gone"))
    assert [f.message for f in about(check_plan(plan), "s1")] == ["Strategy 'Grow aftermarket' has no annual objective"]


def test_long_titles_are_shortened_in_messages() -> None:
    plan = healthy_plan()
    plan.strategies[0].title = "Become the most trusted aftermarket partner in every region we serve"
    unlink(plan, SW, row_id="s1")
    (finding,) = about(check_plan(plan), "s1")
    assert finding.message == "Strategy 'Become the most trusted aftermarket…' has no annual objective"


# --- owners ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "index", "field", "message"),
    [
        ("strategies", 0, "leader_id", "Strategy 'Grow aftermarket' has no deployment leader"),
        ("objectives", 1, "owner_id", "Annual objective 'Halve injuries' has no owner"),
        ("initiatives", 0, "owner_id", "Initiative 'Field service app' has no owner"),
        ("measures", 1, "owner_id", "Measure 'Lost-time injuries' has no owner"),
    ],
)
def test_an_item_with_no_owner_is_flagged(kind: str, index: int, field: str, message: str) -> None:
    plan = healthy_plan()
    item = getattr(plan, kind)[index]
    setattr(item, field, None)
    assert about(check_plan(plan), item.id) == [Finding("warning", kind, item.id, message, "unowned")]


def test_an_owner_no_longer_in_the_people_list_counts_as_no_owner() -> None:
    plan = healthy_plan()
    plan.measures[0].owner_id = "p_left"
    assert [f.rule for f in about(check_plan(plan), "m1")] == ["unowned"]


@pytest.mark.parametrize(
    ("kind", "index", "message"),
    [
        ("initiatives", 0, "Initiative 'Field service app': owner Ben Ode has no mark in the people matrix"),
        ("measures", 1, "Measure 'Lost-time injuries': owner Ana Lopez has no mark in the people matrix"),
    ],
)
def test_an_owner_with_no_mark_in_the_people_matrix_is_flagged(kind: str, index: int, message: str) -> None:
    plan = healthy_plan()
    item = getattr(plan, kind)[index]
    item.owner_id = "p1" if kind == "initiatives" else "p0"  # the marks stay with the former owner
    findings = check_plan(plan)
    assert about(findings, item.id) == [Finding("warning", kind, item.id, message, "unmarked")]
    assert summary(findings) == "1 warning: 1 owner off the people matrix"


def test_an_owner_marked_in_any_role_is_on_the_people_matrix() -> None:
    plan = healthy_plan()
    plan.initiatives[0].owner_id = "p0"  # p0 holds the core mark on i1
    assert check_plan(plan) == []


# --- focus caps -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "make", "cap", "message"),
    [
        ("strategies", lambda n: Strategy(title=f"S{n}"), 5, "6 strategies: more than 5 loses focus"),
        ("objectives", lambda n: AnnualObjective(title=f"O{n}"), 8, "9 annual objectives: more than 8 loses focus"),
        ("initiatives", lambda n: Initiative(title=f"I{n}"), 10, "11 initiatives: more than 10 loses focus"),
    ],
)
def test_focus_caps(kind: str, make, cap: int, message: str) -> None:
    plan = healthy_plan()
    setattr(plan, kind, [make(n) for n in range(cap)])
    assert of_rule(check_plan(plan), "cap") == []
    getattr(plan, kind).append(make(cap))
    assert of_rule(check_plan(plan), "cap") == [Finding("warning", kind, "", message, "cap")]


# --- every box connected --------------------------------------------------------------------


def test_a_corner_where_almost_every_box_is_marked_is_a_note() -> None:
    plan = healthy_plan()
    plan.objectives.append(AnnualObjective(id="o3", title="Third", owner_id="p0"))
    plan.correlations.append(Correlation(corner=NW, row_id="o3", col_id="i1"))
    # SW is 2 strategies x 3 objectives: 4 of 6 boxes (67%) is still fine...
    plan.correlations += [
        Correlation(corner=SW, row_id="s1", col_id="o3"),
        Correlation(corner=SW, row_id="s2", col_id="o1"),
    ]
    assert of_rule(check_plan(plan), "dense") == []
    # ...5 of 6 (83%) says little.
    plan.correlations.append(Correlation(corner=SW, row_id="s2", col_id="o3"))
    (finding,) = of_rule(check_plan(plan), "dense")
    assert (finding.severity, finding.kind, finding.item_id) == ("info", "", "")
    assert finding.message.startswith("Strategies × objectives: 83% of boxes marked")


def test_a_tiny_fully_marked_grid_is_not_flagged() -> None:
    plan = healthy_plan()
    plan.correlations += [
        Correlation(corner=SW, row_id="s1", col_id="o2"),
        Correlation(corner=SW, row_id="s2", col_id="o1"),
    ]
    assert of_rule(check_plan(plan), "dense") == []


def test_a_repeated_mark_is_counted_once() -> None:
    plan = healthy_plan()
    plan.objectives.append(AnnualObjective(id="o3", title="Third", owner_id="p0"))
    plan.correlations.append(Correlation(corner=NW, row_id="o3", col_id="i1"))
    plan.correlations += [Correlation(corner=SW, row_id="s1", col_id="o3")] * 3  # 3 distinct of 6 boxes
    assert of_rule(check_plan(plan), "dense") == []


# --- people ---------------------------------------------------------------------------------


def test_a_person_holding_more_than_six_items_is_overloaded() -> None:
    plan = healthy_plan()
    # Ana already leads s1, owns o1 and m1, is core on i1: 4 items. Three more marks make 7.
    for n in range(3):
        plan.measures.append(Measure(id=f"mx{n}", name=f"Extra {n}", owner_id="p1"))
        plan.marks.append(PeopleMark(item_id=f"mx{n}", person_id="p0", role=MarkRole.CORE))
    findings = check_plan(plan)
    assert about(findings, "p0") == [
        Finding("warning", "people", "p0", "Ana Lopez holds 7 items, leads 1: overloaded", "overload")
    ]
    # Ben owns the three extra measures too: 2 + 3 = 5 items, fine.
    assert about(findings, "p1") == []


def test_marking_and_owning_the_same_item_counts_once() -> None:
    plan = healthy_plan()
    # Ana: s1, o1, m1 (owned and marked), i1 (marked), plus two measures she owns and is marked on:
    # 9 ownerships and marks, but only 6 distinct items.
    for n in range(2):
        plan.measures.append(Measure(id=f"mx{n}", name=f"Extra {n}", owner_id="p0"))
        plan.marks.append(PeopleMark(item_id=f"mx{n}", person_id="p0", role=MarkRole.LEADER))
    assert about(check_plan(plan), "p0") == []


def test_a_person_leading_more_than_three_is_overloaded() -> None:
    plan = healthy_plan()
    # Cy owns i1 and i2; give Cy two more initiatives to lead (one by owning, one by the leader mark).
    plan.initiatives.append(Initiative(id="i3", title="Third", kind=InitiativeKind.OPERATIONAL, owner_id="p2"))
    plan.initiatives.append(Initiative(id="i4", title="Fourth", kind=InitiativeKind.OPERATIONAL, owner_id="p1"))
    plan.marks.append(PeopleMark(item_id="i4", person_id="p2", role=MarkRole.LEADER))
    assert [f.message for f in of_rule(check_plan(plan), "overload")] == ["Cy Park holds 4 items, leads 4: overloaded"]
    plan.marks[-1] = PeopleMark(item_id="i4", person_id="p2", role=MarkRole.CORE)
    assert of_rule(check_plan(plan), "overload") == []


# --- strategic vs operational -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (InitiativeKind.STRATEGIC, "All 2 initiatives are strategic: no operational improvements"),
        (InitiativeKind.OPERATIONAL, "All 2 initiatives are operational: no strategic initiative changes what we do"),
    ],
)
def test_initiatives_of_only_one_kind_is_a_note(kind: InitiativeKind, message: str) -> None:
    plan = healthy_plan()
    for initiative in plan.initiatives:
        initiative.kind = kind
    assert check_plan(plan) == [Finding("info", "initiatives", "", message, "balance")]


def test_a_single_initiative_is_not_called_one_sided() -> None:
    plan = healthy_plan()
    plan.initiatives = plan.initiatives[:1]
    assert of_rule(check_plan(plan), "balance") == []


# --- ordering and summary -----------------------------------------------------------------------


def test_warnings_come_before_notes() -> None:
    plan = healthy_plan()
    unlink(plan, SE, row_id="m1")  # note about m1, first in plan order
    plan.measures[1].owner_id = None  # warning about m2
    assert [(f.severity, f.item_id) for f in check_plan(plan)] == [("warning", "m2"), ("info", "m1")]


def test_summary_counts_warnings_by_kind_of_problem_and_notes() -> None:
    plan = healthy_plan()
    unlink(plan, SW, row_id="s1")
    unlink(plan, NE, col_id="m2")
    plan.objectives[0].owner_id = None
    unlink(plan, SE, row_id="m1")
    # s1 and m2 lose their links, and so do o1 (a note) and i2 (its only measure was m2).
    assert summary(check_plan(plan)) == "4 warnings: 3 orphans, 1 unowned · 2 notes"


def test_summary_with_only_notes() -> None:
    plan = healthy_plan()
    unlink(plan, SE, row_id="m1")
    assert summary(check_plan(plan)) == "No alignment warnings · 1 note"


def test_summary_of_one_warning_is_singular() -> None:
    plan = healthy_plan()
    plan.strategies += [Strategy(title=f"S{n}") for n in range(4)]
    findings = [f for f in check_plan(plan) if f.rule == "cap"]
    assert summary(findings) == "1 warning: 1 over a focus cap"


def test_the_health_core_loads_no_ui() -> None:
    code = "import sys, hoshin_tui.core.health, hoshin_tui.core.coaching; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
