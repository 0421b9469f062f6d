"""The closed vocabularies of a hoshin plan.

String enums, so the values read well in the SQLite file and in JSON.
"""

from __future__ import annotations

from enum import StrEnum


class InitiativeKind(StrEnum):
    """Strategic initiatives change what we do; operational improvements make today's system better."""

    STRATEGIC = "strategic"
    OPERATIONAL = "operational"


class InitiativeStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    DONE = "done"


class Direction(StrEnum):
    """Which way a measure should move."""

    HIGHER = "higher"
    LOWER = "lower"


class Aggregation(StrEnum):
    """How a measure's months add up to a quarter, the year to date and the year's final actual."""

    SUM = "sum"  # counts: units shipped, claims received
    LAST = "last"  # levels: headcount, backlog, a running rate reported as of the month
    MEAN = "mean"  # rates: on-time delivery %, first-pass yield


class BandBasis(StrEnum):
    """What a measure's yellow band is a share of (or, for ``absolute``, the amount itself)."""

    OF_PLAN = "of_plan"  # 0.05: within 5 % of the month's plan
    OF_GAP = "of_gap"  # 0.10: within 10 % of the baseline-to-target gap
    ABSOLUTE = "absolute"  # 1.0: within 1.0 of the unit (points, for a measure in %)


class Phasing(StrEnum):
    """How a measure's twelve monthly plans step from the baseline to the annual target."""

    LINEAR = "linear"  # even steps, reaching the target in the last month
    FLAT = "flat"  # the target every month
    STEPWISE = "stepwise"  # one step a quarter
    LAST_YEAR = "last_year"  # last year's actuals give the seasonal shape


class CountermeasureStatus(StrEnum):
    """Where a countermeasure stands; the last three are verdicts the room gave."""

    OPEN = "open"
    DONE = "done"  # carried out, not judged yet
    EFFECTIVE = "effective"
    NOT_EFFECTIVE = "not_effective"
    DROPPED = "dropped"


class Cadence(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class Role(StrEnum):
    EXECUTIVE = "executive"
    DEPLOYMENT_LEADER = "deployment_leader"
    DEPARTMENT_LEADER = "department_leader"
    MEMBER = "member"


class Strength(StrEnum):
    """A correlation cell of the X-matrix: filled dot, open circle, triangle."""

    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class MarkRole(StrEnum):
    """A person's part in an initiative or measure; printed with the same three symbols."""

    LEADER = "leader"
    CORE = "core"
    ROTATING = "rotating"


class Corner(StrEnum):
    """The four corner grids of the X-matrix, each relating two neighbouring lists.

    The value names the row kind first, then the column kind.
    """

    STRATEGY_OBJECTIVE = "strategy_objective"  # SW: breakthrough x annual
    OBJECTIVE_INITIATIVE = "objective_initiative"  # NW: annual x priority
    INITIATIVE_MEASURE = "initiative_measure"  # NE: priority x KPI
    MEASURE_STRATEGY = "measure_strategy"  # SE: KPI x breakthrough


class A3Kind(StrEnum):
    PROBLEM_SOLVING = "problem_solving"
    STRATEGY = "strategy"
    STATUS = "status"


class CatchballState(StrEnum):
    """Where the negotiation of one item stands; the allowed moves are in ``core.catchball``."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    REVISED = "revised"
    AGREED = "agreed"
    REJECTED = "rejected"


class CatchballKind(StrEnum):
    """What one turn of a catchball thread is."""

    COMMENT = "comment"
    QUESTION = "question"
    CONCERN = "concern"
    COUNTER_PROPOSAL = "counter_proposal"
    AGREEMENT = "agreement"
    REJECTION = "rejection"


class StatusColour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class AgendaKind(StrEnum):
    """What an agenda item is for: the room runs a discussion differently from a vote."""

    DISCUSSION = "discussion"
    DECISION = "decision"
    VOTE = "vote"
    BREAK = "break"
    REVIEW = "review"


class ParkingOutcome(StrEnum):
    """Where a parking-lot item went when the lot was cleared; ``open`` until then."""

    OPEN = "open"
    ANSWERED = "answered"
    TO_AGENDA = "to_agenda"
    TO_INITIATIVE = "to_initiative"
    TO_ACTION = "to_action"
    DROPPED = "dropped"


class DecisionKind(StrEnum):
    """An entry of the decisions and actions log."""

    DECISION = "decision"
    ACTION = "action"
    AGREEMENT = "agreement"


class DecisionStatus(StrEnum):
    """Whether an action is still to do; decisions and agreements stay ``open`` (in force)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class CarryDecision(StrEnum):
    """What closing the year decides for one item: does it go into next year's plan, and how."""

    UNDECIDED = "undecided"  # the room has not said yet: the new plan is not made while one is
    CARRIED = "carried"  # goes forward as it is
    MODIFIED = "modified"  # goes forward, to be reworked by the room (a new target, new wording)
    DROPPED = "dropped"  # stays behind: given up
    DONE = "done"  # stays behind: achieved, closed


SYMBOLS: dict[str, str] = {
    Strength.STRONG: "●",
    Strength.MEDIUM: "○",
    Strength.WEAK: "△",
    MarkRole.LEADER: "●",
    MarkRole.CORE: "○",
    MarkRole.ROTATING: "△",
}
