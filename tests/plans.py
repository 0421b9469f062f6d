"""Plans built in code for tests, with fixed ids so tests can name their items."""

from __future__ import annotations

from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.model.plan import (
    A3,
    A3Section,
    AgendaItem,
    AnnualObjective,
    CatchballEntry,
    CatchballStatus,
    Correlation,
    Countermeasure,
    Decision,
    DotVote,
    FollowUpRow,
    Initiative,
    Measure,
    MonthlyResult,
    ParkingLotItem,
    PeopleMark,
    Person,
    Plan,
    PlanRow,
    Strategy,
    VoteOption,
)


def small_plan() -> Plan:
    """A plan with one of every kind of entity, with fixed ids so tests can name them."""
    ann = Person(id="pe_ann", name="Ann Lee", role="executive", department="Board")
    bo = Person(id="pe_bo", name="Bo Chen", role="department_leader", department="Plant 1")
    strategy = Strategy(id="st_grow", code="S1", title="Grow aftermarket", horizon="2027-2030", leader_id=ann.id)
    objective = AnnualObjective(id="ob_oem", code="O1", title="Win three OEM accounts", owner_id=ann.id)
    initiative = Initiative(
        id="in_smed",
        code="I1",
        title="SMED on press line",
        kind="operational",
        owner_id=bo.id,
        start="2027-01-01",
        due="2027-06-30",
    )
    measure = Measure(id="me_otd", code="M1", name="On-time delivery", unit="%", baseline=82, target=95, owner_id=bo.id)
    return Plan(
        title="Small plan",
        organization="Pump Co",
        period="FY2027",
        aim="Every customer gets a perfect pump, made safely by all of us.",
        people=[ann, bo],
        strategies=[strategy],
        objectives=[objective],
        initiatives=[initiative],
        measures=[measure],
        correlations=[
            Correlation(corner=Corner.STRATEGY_OBJECTIVE, row_id=strategy.id, col_id=objective.id),
            Correlation(
                corner=Corner.OBJECTIVE_INITIATIVE, row_id=objective.id, col_id=initiative.id, strength=Strength.MEDIUM
            ),
            Correlation(corner=Corner.INITIATIVE_MEASURE, row_id=initiative.id, col_id=measure.id),
            Correlation(corner=Corner.MEASURE_STRATEGY, row_id=measure.id, col_id=strategy.id, strength=Strength.WEAK),
        ],
        marks=[
            PeopleMark(item_id=initiative.id, person_id=bo.id, role=MarkRole.LEADER),
            PeopleMark(item_id=measure.id, person_id=ann.id, role=MarkRole.ROTATING),
            PeopleMark(item_id=measure.id, person_id=bo.id, role=MarkRole.LEADER),  # its owner
        ],
        a3s=[
            A3(
                id="a3_grow",
                kind="strategy",
                subject_id=strategy.id,
                title="Grow aftermarket",
                owner_id=ann.id,
                revised="2027-01-15",
                sections=[A3Section(key="background", heading="Background", body="Why it matters")],
                plan_rows=[PlanRow(who="Bo", what="SMED", when="Q2", status="on track")],
                followup_rows=[FollowUpRow(item="OTD", plan="90", actual="88")],
            )
        ],
        catchball_states=[CatchballStatus(item_id=objective.id, state="in_review")],
        catchball_entries=[
            CatchballEntry(
                id="cb_1",
                item_id=objective.id,
                at="2027-01-10T09:00:00Z",
                who="Bo Chen",
                kind="counter_proposal",
                text="Two accounts, not three",
            )
        ],
        monthly_results=[MonthlyResult(measure_id=measure.id, month="2027-01", plan=84, actual=83)],
        countermeasures=[Countermeasure(id="cm_1", measure_id=measure.id, month="2027-01", action="Daily huddle")],
        agenda=[AgendaItem(id="ag_1", title="Review the aim", minutes=30)],
        parking_lot=[ParkingLotItem(id="pk_1", text="ERP upgrade timing", raised_by="Bo")],
        votes=[DotVote(id="dv_1", question="Which first?", options=[VoteOption(label="SMED", dots=4)])],
        decisions=[Decision(id="de_1", text="Pilot on line 3", made_at="2027-01-10T16:00:00Z")],
    )
