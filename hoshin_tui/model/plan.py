"""The whole hoshin plan as pydantic models.

Every list item has a stable id; the order of each list is the order the room chose.
The X-matrix correlations are the single source of truth for links between levels:
an annual objective "belongs to" a strategy because their SW cell is marked, so the
list screens and the matrix can never disagree.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from hoshin_tui.model.enums import (
    A3Kind,
    AgendaKind,
    Aggregation,
    BandBasis,
    Cadence,
    CarryDecision,
    CatchballKind,
    CatchballState,
    Corner,
    CountermeasureStatus,
    DecisionKind,
    DecisionStatus,
    Direction,
    InitiativeKind,
    InitiativeStatus,
    MarkRole,
    ParkingOutcome,
    Phasing,
    Role,
    StatusColour,
    Strength,
)
from hoshin_tui.model.format import COUNTED_LISTS, SCHEMA_VERSION
from hoshin_tui.model.ids import id_factory
from hoshin_tui.model.lists import CODED_LISTS, code_number

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# -0.0 becomes 0.0: SQLite stores it so, and a plan never means "minus zero".
Number = Annotated[float, AfterValidator(lambda value: value + 0.0)]
Text = str
PersonRef = str | None


def _code_check(prefix: str) -> AfterValidator:
    """A code is "" (not given yet) or ``prefix`` and a number: S1, S2..."""

    def check(value: str) -> str:
        if value and code_number(value, prefix) is None:
            raise ValueError(f"Code must look like {prefix}1, {prefix}2, {prefix}3..., got '{value}'")
        return value

    return AfterValidator(check)


def _code_field(prefix: str) -> Any:
    return Field(
        "",
        title="Code",
        description=f"{prefix}1, {prefix}2...: given once, when the item is made, and printed on handouts",
        json_schema_extra={"pattern": f"^({prefix}[1-9][0-9]*)?$"},
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Model(BaseModel):
    """Base for every entity: unknown fields are refused so typos in JSON are caught."""

    # defer_build: validators are built on first use, which keeps them off the start-up path.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False, defer_build=True)


# --- the plan, top to bottom ----------------------------------------------------------


class Strategy(Model):
    """A business fundamental strategy / breakthrough objective (3-5 year horizon)."""

    id: str = Field(default_factory=id_factory("strategy"))
    code: Annotated[str, _code_check("S")] = _code_field("S")
    title: Title = Field(title="Title")
    description: Text = Field("", title="Description")
    horizon: str = Field("", title="Horizon", description="e.g. 2027-2030")
    leader_id: PersonRef = Field(None, title="Deployment leader")


class AnnualObjective(Model):
    """What must be achieved this year for a strategy; linked to strategies in the SW grid."""

    id: str = Field(default_factory=id_factory("objective"))
    code: Annotated[str, _code_check("O")] = _code_field("O")
    title: Title = Field(title="Title")
    description: Text = Field("", title="Description")
    owner_id: PersonRef = Field(None, title="Owner")


class Initiative(Model):
    """An improvement priority: a strategic initiative or an operational improvement."""

    id: str = Field(default_factory=id_factory("initiative"))
    code: Annotated[str, _code_check("I")] = _code_field("I")
    title: Title = Field(title="Title")
    kind: InitiativeKind = Field(InitiativeKind.STRATEGIC, title="Kind")
    owner_id: PersonRef = Field(None, title="Owner")
    tactics: Text = Field("", title="Tactics")
    deliverables: Text = Field("", title="Deliverables")
    start: date | None = Field(None, title="Start")
    due: date | None = Field(None, title="Due")
    status: InitiativeStatus = Field(InitiativeStatus.NOT_STARTED, title="Status")

    @model_validator(mode="after")
    def _due_after_start(self) -> Initiative:
        if self.start and self.due and self.due < self.start:
            raise ValueError(f"Due ({self.due}) must not be before start ({self.start})")
        return self


class Measure(Model):
    """A performance measure (KPI) with its baseline and target."""

    id: str = Field(default_factory=id_factory("measure"))
    code: Annotated[str, _code_check("M")] = _code_field("M")
    name: Title = Field(title="Name")
    unit: str = Field("", title="Unit")
    baseline: Number | None = Field(None, title="Baseline")
    target: Number | None = Field(None, title="Target")
    direction: Direction = Field(Direction.HIGHER, title="Direction")
    cadence: Cadence = Field(Cadence.MONTHLY, title="Cadence")
    aggregation: Aggregation = Field(
        Aggregation.MEAN, title="Aggregation", description="how months add up: sum, last or mean"
    )
    owner_id: PersonRef = Field(None, title="Owner")
    yellow_band: float = Field(
        0.05, ge=0, title="Yellow band", description="how far short of plan is still yellow: a share, or an amount"
    )
    band_basis: BandBasis = Field(
        BandBasis.OF_PLAN, title="Band basis", description="the band is a share of the plan, of the gap, or absolute"
    )
    phasing: Phasing = Field(
        Phasing.LINEAR, title="Phasing", description="how the monthly plans step from baseline to target"
    )


class Person(Model):
    id: str = Field(default_factory=id_factory("person"))
    name: Title = Field(title="Name")
    role: Role = Field(Role.MEMBER, title="Role")
    department: str = Field("", title="Department")


# --- the X-matrix -----------------------------------------------------------------------


class Correlation(Model):
    """One marked cell of a corner grid. An unmarked cell has no row at all."""

    corner: Corner = Field(title="Corner")
    row_id: str = Field(title="Row")
    col_id: str = Field(title="Column")
    strength: Strength = Field(Strength.STRONG, title="Strength")


class PeopleMark(Model):
    """A person's part in an initiative or a measure (the people matrix)."""

    item_id: str = Field(title="Item")
    person_id: str = Field(title="Person")
    role: MarkRole = Field(MarkRole.CORE, title="Role")


# --- A3 documents -------------------------------------------------------------------------


class A3Section(Model):
    key: str = Field(title="Key")
    heading: str = Field(title="Heading")
    body: Text = Field("", title="Body")


class PlanRow(Model):
    who: str = Field("", title="Who")
    what: str = Field("", title="What")
    when: str = Field("", title="When")
    status: str = Field("", title="Status")


class FollowUpRow(Model):
    item: str = Field("", title="Item")
    plan: str = Field("", title="Plan")
    actual: str = Field("", title="Actual")


class A3(Model):
    id: str = Field(default_factory=id_factory("a3"))
    kind: A3Kind = Field(A3Kind.PROBLEM_SOLVING, title="Kind")
    subject_id: str | None = Field(None, title="Subject", description="the strategy, initiative or measure")
    title: Title = Field(title="Title")
    owner_id: PersonRef = Field(None, title="Owner")
    mentor_id: PersonRef = Field(None, title="Mentor")
    revised: date | None = Field(None, title="Last revised")
    version: str = Field("1", title="Version")
    sections: list[A3Section] = Field(default_factory=list, title="Sections")
    plan_rows: list[PlanRow] = Field(default_factory=list, title="Plan")
    followup_rows: list[FollowUpRow] = Field(default_factory=list, title="Follow-up")


# --- catchball -----------------------------------------------------------------------------


class CatchballStatus(Model):
    """Where the negotiation of one plan item stands."""

    item_id: str = Field(title="Item")
    state: CatchballState = Field(CatchballState.DRAFT, title="State")


class Proposal(Model):
    """The concrete change a counter-proposal names: one field of the item, from one value to another.

    ``field`` is the room's word (target, baseline, due, owner, title); the values are kept as
    text as the item stores them (a number, an ISO date, a person id), so a proposal reads the
    same in the file, in a packet and on paper.
    """

    field: str = Field(title="Field", description="target, baseline, due, owner or title")
    from_value: str = Field("", title="From")
    to_value: str = Field(title="To")


class CatchballEntry(Model):
    """One time-stamped turn in the catchball thread of an item; threads only ever grow.

    ``who_id`` threw it and ``to_id`` must answer next (the ball holder); ``who`` keeps the
    name of a speaker who is not a person of the plan (format-3 threads named people as text).
    An agreement that accepts a counter-proposal names it in ``accepts_id``: that is when the
    proposal was accepted, so accepting never rewrites an earlier turn.
    """

    id: str = Field(default_factory=id_factory("catchball"))
    item_id: str = Field(title="Item")
    at: datetime = Field(default_factory=_now, title="At")
    who: str = Field("", title="Who", description="the speaker's name when they are not a person of the plan")
    who_id: PersonRef = Field(None, title="From")
    to_id: PersonRef = Field(None, title="To")
    role: str = Field("", title="Role")
    kind: CatchballKind = Field(CatchballKind.COMMENT, title="Kind")
    text: Text = Field("", title="Text")
    proposal: Proposal | None = Field(None, title="Proposed change")
    accepts_id: str = Field("", title="Accepts", description="the counter-proposal this agreement accepted")
    resulting_state: CatchballState | None = Field(None, title="State after")


# --- reviews ---------------------------------------------------------------------------------

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class MonthlyResult(Model):
    """Plan and actual of one measure for one month: one cell of the bowling chart."""

    measure_id: str = Field(title="Measure")
    month: str = Field(title="Month", description="YYYY-MM")
    plan: Number | None = Field(None, title="Plan")
    actual: Number | None = Field(None, title="Actual")
    colour: StatusColour | None = Field(None, title="Status", description="set by hand; else computed")
    override_reason: Text = Field("", title="Why set by hand", description="required when the status is set by hand")
    note: Text = Field("", title="Note")

    @field_validator("month")
    @classmethod
    def _month_format(cls, value: str) -> str:
        if not _MONTH.match(value):
            raise ValueError(f"Month must look like 2027-03, got '{value}'")
        return value

    @model_validator(mode="after")
    def _override_has_a_reason(self) -> MonthlyResult:
        if self.colour is not None and not self.override_reason.strip():
            raise ValueError("A status set by hand needs a reason: say why the rule is overridden")
        return self


def _month_or_blank(value: str) -> str:
    if value and not _MONTH.match(value):
        raise ValueError(f"Month must look like 2027-03, got '{value}'")
    return value


MonthText = Annotated[str, AfterValidator(_month_or_blank)]


class Countermeasure(Model):
    """What the owner of a red item will do about it, and whether it worked."""

    id: str = Field(default_factory=id_factory("countermeasure"))
    measure_id: str = Field(title="Measure")
    month: str = Field("", title="Month", description="the month raised, YYYY-MM")
    gap: Text = Field("", title="Gap", description="as raised: plan 95, actual 91")
    root_cause: Text = Field("", title="Root cause")
    action: Text = Field(title="Action")
    owner_id: PersonRef = Field(None, title="Owner")
    due: date | None = Field(None, title="Due")
    expected_effect: Text = Field("", title="Expected effect", description="e.g. back to plan by May")
    check_month: MonthText = Field("", title="Check in", description="the month to judge it, YYYY-MM")
    status: CountermeasureStatus = Field(CountermeasureStatus.OPEN, title="Status")
    verdict: Text = Field("", title="Verdict", description="what the room found at the check month")
    a3_id: str | None = Field(None, title="A3", description="the problem-solving A3 it was escalated to")


# --- facilitation ------------------------------------------------------------------------------


class AgendaItem(Model):
    """One timebox of a session's agenda, and the global timer's state while it runs.

    The timer lives on the item (``started_at``, ``running_since``, ``elapsed_seconds``), not
    in the screen, so it survives moving between steps and closing and reopening the file.
    Time run is ``elapsed_seconds`` plus, while running, the time since ``running_since``.
    """

    id: str = Field(default_factory=id_factory("agenda"))
    title: Title = Field(title="Title")
    minutes: int = Field(15, ge=1, le=24 * 60, title="Minutes", description="planned")
    done: bool = Field(False, title="Done")
    kind: AgendaKind = Field(AgendaKind.DISCUSSION, title="Kind")
    day: int = Field(1, ge=1, le=31, title="Day", description="1 for the first day of the session, 2 the next")
    presenter_id: PersonRef = Field(None, title="Presenter")
    notes: Text = Field("", title="Notes")
    step: str = Field("", title="Plan step", description="the step of the tool the item works on, e.g. xmatrix")
    added_minutes: int = Field(
        0, ge=-24 * 60, le=24 * 60, title="Minutes added", description="given (or taken) on the timer: +/- a minute"
    )
    elapsed_seconds: int = Field(0, ge=0, title="Seconds run", description="time on the timer before running_since")
    started_at: datetime | None = Field(None, title="Started")
    running_since: datetime | None = Field(None, title="Running since", description="set while the timer runs")
    ended_at: datetime | None = Field(None, title="Ended")
    carried_from: date | None = Field(None, title="Carried from", description="the session it was not reached in")

    @property
    def allowed_minutes(self) -> int:
        """The timebox as the timer counts it: planned plus what was added, never below zero."""
        return max(0, self.minutes + self.added_minutes)

    @property
    def actual_minutes(self) -> int | None:
        """Minutes run, rounded (the live stretch of a running timer not included); None if never started."""
        if self.started_at is None and not self.elapsed_seconds:
            return None
        return round(self.elapsed_seconds / 60)


class ParkingLotItem(Model):
    """A question parked to keep the room moving, with where it was raised and where it went."""

    id: str = Field(default_factory=id_factory("parking"))
    text: Title = Field(title="Text")
    raised_by: str = Field("", title="Raised by")
    raised_at: datetime | None = Field(None, title="Raised at")
    step: str = Field("", title="Step", description="the step in view when it was raised, e.g. xmatrix")
    context_item_id: str | None = Field(None, title="Item in view")
    context: str = Field("", title="Context", description="the step and item in view, as the room saw them")
    agenda_item_id: str | None = Field(None, title="Agenda item")
    outcome: ParkingOutcome = Field(ParkingOutcome.OPEN, title="Outcome")
    outcome_note: Text = Field("", title="Answer or note")
    outcome_id: str | None = Field(
        None, title="Became", description="the agenda item, initiative or action the item became"
    )

    @property
    def resolved(self) -> bool:
        """Format 3's yes/no: any outcome but ``open``."""
        return self.outcome != ParkingOutcome.OPEN


class VoteOption(Model):
    label: Title = Field(title="Option")
    dots: int = Field(0, ge=0, title="Dots")


class DotVote(Model):
    id: str = Field(default_factory=id_factory("vote"))
    question: Title = Field(title="Question")
    dots_per_person: int = Field(3, ge=1, title="Dots per person")
    options: list[VoteOption] = Field(default_factory=list, title="Options")


class Decision(Model):
    """An entry of the decisions and actions log: what the room decided, agreed or must do."""

    id: str = Field(default_factory=id_factory("decision"))
    text: Title = Field(title="Decision")
    made_at: datetime = Field(default_factory=_now, title="Made at")
    made_by: str = Field("", title="Made by")
    kind: DecisionKind = Field(DecisionKind.DECISION, title="Kind")
    owner_id: PersonRef = Field(None, title="Owner")
    due: date | None = Field(None, title="Due")
    status: DecisionStatus = Field(DecisionStatus.OPEN, title="Status")
    agenda_item_id: str | None = Field(None, title="Agenda item")
    vote_id: str | None = Field(None, title="Vote")
    related_ids: list[str] = Field(default_factory=list, title="Plan items", description="ids of the items it concerns")


# --- the annual reset (core/rollforward.py) -----------------------------------------------------
# A rolled-forward plan keeps how last year closed: the old session file is never written to,
# so the new one carries the decisions, results and reflections its year-end A3 prints.


class Lineage(Model):
    """Where one item of a rolled-forward plan came from, and what closing last year decided for it.

    Items that stayed behind (dropped, done) keep their record too, with no ``new_id``, so the
    year-end review lists every decision.
    """

    id: str = Field(default_factory=id_factory("lineage"))
    new_id: str | None = Field(None, title="Item", description="the item in this plan; none when it stayed behind")
    kind: str = Field(title="List", description="the plan list it belongs to: strategies, measures, a3s...")
    source_file: str = Field(title="From file", description="last year's session file")
    source_id: str = Field(title="From id")
    source_code: str = Field("", title="Code last year")
    source_title: str = Field("", title="Title last year")
    decision: CarryDecision = Field(CarryDecision.CARRIED, title="Decision")
    reason: Text = Field("", title="Reason")


class YearEndResult(Model):
    """One measure's year as closed: its final actual and the share of the planned improvement it made."""

    id: str = Field(default_factory=id_factory("year_end"))
    source_id: str = Field(title="Measure last year")
    new_id: str | None = Field(None, title="Measure", description="the measure in this plan, if it was carried")
    source_code: str = Field("", title="Code")
    name: str = Field("", title="Name")
    unit: str = Field("", title="Unit")
    direction: Direction = Field(Direction.HIGHER, title="Direction")
    aggregation: Aggregation = Field(Aggregation.MEAN, title="Aggregation")
    baseline: Number | None = Field(None, title="Baseline")
    target: Number | None = Field(None, title="Target")
    final_actual: Number | None = Field(None, title="Final actual")
    achievement: Number | None = Field(
        None, title="Achievement", description="share of the planned improvement: 1.0 is the target met"
    )
    months: int = Field(0, ge=0, title="Months reported")
    entered: bool = Field(False, title="Entered by hand", description="the room typed the final actual")


class Reflection(Model):
    """What the room learned from one strategy's year: the hansei of the year-end review."""

    id: str = Field(default_factory=id_factory("reflection"))
    source_id: str = Field(title="Strategy last year")
    new_id: str | None = Field(None, title="Strategy", description="the strategy in this plan, if it was carried")
    source_code: str = Field("", title="Code")
    title: str = Field("", title="Strategy")
    worked: Text = Field("", title="What worked")
    did_not_work: Text = Field("", title="What did not")
    learned: Text = Field("", title="What we learned")


# --- the whole plan ---------------------------------------------------------------------------


class Plan(Model):
    """Everything a session holds. JSON interchange is exactly this model."""

    schema_version: int = Field(SCHEMA_VERSION, title="Schema version")
    title: str = Field("Untitled plan", title="Title")
    organization: str = Field("", title="Organization")
    period: str = Field("", title="Period", description="e.g. FY2027")
    version: str = Field("1", title="Version")
    aim: Text = Field("", title="Aim of the system")
    fiscal_start_month: int = Field(
        1, ge=1, le=12, title="Fiscal year starts", description="the month the plan year begins: 1 is January"
    )
    session_start: datetime | None = Field(
        None, title="Session start", description="when day 1 of the agenda begins; each later day starts at that time"
    )
    derived_from: str = Field("", title="Rolled forward from", description="the session this plan was rolled from")
    derived_from_period: str = Field("", title="Previous period", description="the plan year that was closed")
    rolled_forward_at: datetime | None = Field(None, title="Rolled forward at")
    strategies: list[Strategy] = Field(default_factory=list)
    objectives: list[AnnualObjective] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    correlations: list[Correlation] = Field(default_factory=list)
    marks: list[PeopleMark] = Field(default_factory=list)
    a3s: list[A3] = Field(default_factory=list)
    catchball_states: list[CatchballStatus] = Field(default_factory=list)
    catchball_entries: list[CatchballEntry] = Field(default_factory=list)
    monthly_results: list[MonthlyResult] = Field(default_factory=list)
    countermeasures: list[Countermeasure] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    parking_lot: list[ParkingLotItem] = Field(default_factory=list)
    votes: list[DotVote] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    lineage: list[Lineage] = Field(default_factory=list)
    year_end_results: list[YearEndResult] = Field(default_factory=list)
    reflections: list[Reflection] = Field(default_factory=list)

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Plan:
        for coded in CODED_LISTS:
            seen: set[str] = set()
            for item in getattr(self, coded.name):
                if item.code and item.code in seen:
                    raise ValueError(f"Two {coded.plural} have the code {item.code}: each code is given once")
                seen.add(item.code)
        return self

    # Lookups used by screens and exporters; cheap enough to compute on demand.

    def person(self, person_id: str | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None) if person_id else None

    def person_name(self, person_id: str | None) -> str:
        person = self.person(person_id)
        return person.name if person else ""

    def marks_in(self, corner: Corner) -> dict[tuple[str, str], Strength]:
        return {(c.row_id, c.col_id): c.strength for c in self.correlations if c.corner == corner}

    def linked(self, corner: Corner, *, row_id: str | None = None, col_id: str | None = None) -> list[str]:
        """Ids on the other side of ``corner`` from ``row_id`` (or ``col_id``)."""
        if row_id is not None:
            return [c.col_id for c in self.correlations if c.corner == corner and c.row_id == row_id]
        return [c.row_id for c in self.correlations if c.corner == corner and c.col_id == col_id]

    def results_for(self, measure_id: str) -> list[MonthlyResult]:
        return sorted((r for r in self.monthly_results if r.measure_id == measure_id), key=lambda r: r.month)

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in COUNTED_LISTS}
