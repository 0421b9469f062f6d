"""The annual reset: close a plan year and copy the plan into next year's session.

Closing the year (:func:`close_year`) gathers what the room decides: each measure's final
actual (by its aggregation) and achievement, a decision per strategy, objective, initiative
and measure (carried, modified, dropped, done; the defaults of issue 14), and a reflection
per strategy. :func:`roll_forward` then builds next year's plan by **copying, never
linking**: every field of every item that goes forward, under a new id, with a lineage
record (source file, source id, decision). Links to items that stayed behind are not
carried and are reported. :func:`create_rolled_session` writes it as a new session file
(built under a temporary name and renamed into place); the old file is only read.

The year-close record (decisions and reasons, results, reflections) lives in the **new**
session: the old file must stay byte-for-byte what it was, and the year-end A3
(``export/yearend.py``) is the first handout of the next off-site, printed from the new one.

The copy is generic: each item is dumped whole, and any string equal to an old id is
replaced by the new one, so fields added to the model later come along without a line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from hoshin_tui.model.enums import (
    A3Kind,
    CarryDecision,
    CatchballKind,
    CatchballState,
    Corner,
    DecisionKind,
    DecisionStatus,
    Direction,
    InitiativeStatus,
    ParkingOutcome,
)
from hoshin_tui.model.lists import BY_NAME, label_of
from hoshin_tui.model.plan import (
    A3,
    CatchballEntry,
    CatchballStatus,
    Countermeasure,
    Lineage,
    Measure,
    MonthlyResult,
    Plan,
    Reflection,
    YearEndResult,
)

if TYPE_CHECKING:
    from hoshin_tui.core.workspace import Workspace

Carry = CarryDecision
# The lists the room decides on, in the order the wizard asks.
DECIDED_LISTS = ("strategies", "objectives", "initiatives", "measures")
DECISION_WORDS = {
    Carry.UNDECIDED: "undecided",
    Carry.CARRIED: "carried",
    Carry.MODIFIED: "modified",
    Carry.DROPPED: "dropped",
    Carry.DONE: "done",
}
GOES_FORWARD = frozenset({Carry.CARRIED, Carry.MODIFIED})
ROLLER = "hoshin roll-forward"  # who speaks the catchball turn that links to last year's thread
_DONE_WORDS = re.compile(r"^\s*(done|closed|complete[d]?|finished|met|effective|✓)\s*$", re.I)
_YEAR = re.compile(r"(\d{4})")
_SPAN = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4})")


class RollForwardRefused(ValueError):
    """One sentence the room can act on: why the new plan was not made."""


# --- closing the year ------------------------------------------------------------------------------


@dataclass
class ItemDecision:
    """The room's decision on one item of last year's plan."""

    kind: str  # "strategies", "objectives", "initiatives", "measures"
    source_id: str
    code: str
    title: str
    decision: CarryDecision
    reason: str = ""
    default_reason: str = ""  # the reason the defaults gave: replaced as the results change, unless the room wrote one

    @property
    def goes_forward(self) -> bool:
        return self.decision in GOES_FORWARD

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass
class YearClose:
    """Everything the room decides when it closes a plan year; edited by the wizard, then rolled."""

    source_name: str  # the session's name: "fy2026"
    source_file: str  # its file name: "fy2026.sqlite"
    period: str  # the next plan year: "FY2027"
    closed_period: str  # the year being closed: "FY2026"
    results: list[YearEndResult] = field(default_factory=list)
    decisions: list[ItemDecision] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    months: list[str] = field(default_factory=list)  # the months of the year being closed ("2026-01"...)
    strategy_measures: dict[str, list[str]] = field(default_factory=dict)  # the SE corner, for drafting
    drafts: dict[str, tuple[str, str]] = field(default_factory=dict)  # the drafted (worked, did not) per strategy

    def undecided(self) -> list[ItemDecision]:
        return [d for d in self.decisions if d.decision is Carry.UNDECIDED]

    def decision_for(self, source_id: str) -> ItemDecision | None:
        return next((d for d in self.decisions if d.source_id == source_id), None)

    def result_for(self, source_id: str) -> YearEndResult | None:
        return next((r for r in self.results if r.source_id == source_id), None)

    def decide(self, code_or_id: str, decision: CarryDecision, reason: str | None = None) -> ItemDecision:
        """Set one decision by code (``I4``) or id; refuses a code the plan does not hold."""
        found = next((d for d in self.decisions if code_or_id in (d.code, d.source_id)), None)
        if found is None:
            raise RollForwardRefused(f"There is no {code_or_id} to decide on: use a code such as S1, O2, I3 or M4")
        self.set_decision(found, decision)
        if reason is not None:
            found.reason = reason
        return found

    def set_decision(self, item: ItemDecision, decision: CarryDecision) -> None:
        """The room's decision; a reason the defaults gave no longer holds and is cleared."""
        if decision is not item.decision and item.reason == item.default_reason:
            item.reason = item.default_reason = ""
        item.decision = decision

    def set_final_actual(self, source_id: str, value: float | None) -> YearEndResult:
        """The room's own final actual for a measure (or None to take the months' again)."""
        result = self.result_for(source_id)
        if result is None:
            raise RollForwardRefused("That measure is not part of the year being closed")
        result.final_actual = value
        result.entered = value is not None
        result.achievement = achievement(result.direction, result.baseline, result.target, value)
        decision = self.decision_for(source_id)
        if decision is not None and decision.reason == decision.default_reason and decision.goes_forward:
            decision.reason = decision.default_reason = _measure_reason(result)
        for reflection in self.reflections:
            drafted = self.drafts.get(reflection.source_id)
            if drafted and (reflection.worked, reflection.did_not_work) == drafted:
                reflection.worked, reflection.did_not_work = self.drafts[reflection.source_id] = self._draft(
                    reflection.source_id
                )
        return result

    def _draft(self, strategy_id: str) -> tuple[str, str]:
        """A first draft of what worked and what did not, from the strategy's measures (the room rewrites it)."""
        met: list[str] = []
        short: list[str] = []
        for measure_id in self.strategy_measures.get(strategy_id, []):
            result = self.result_for(measure_id)
            if result is None or result.achievement is None:
                continue
            line = f"{result.source_code} {result.name}: {result.achievement:.0%}"
            (met if result.achievement >= 1 else short).append(line)
        worked = ("Targets met: " + "; ".join(met) + ".") if met else ""
        did_not = ("Short of target: " + "; ".join(short) + ".") if short else ""
        return worked, did_not


def closing_months(plan: Plan) -> list[str]:
    """The months of the plan year being closed: the review's plan year (``core.review.plan_year``)."""
    from hoshin_tui.core.review import plan_year

    return list(plan_year(plan).months) if plan.monthly_results else []


def final_actual(measure: Measure, results: Iterable[MonthlyResult], months: Iterable[str]) -> float | None:
    """The year's actual by the measure's aggregation (the review's roll-up), to four decimals."""
    from hoshin_tui.core.review import final_actual as rolled_up

    value = rolled_up(measure, results, list(months))
    return None if value is None else round(value, 4)


def achievement(
    direction: Direction, baseline: float | None, target: float | None, actual: float | None
) -> float | None:
    """The share of the planned improvement made, in the measure's direction: 1.0 is the target met.

    ``(actual - baseline) / (target - baseline)``, counted as progress only in the direction
    the measure should move (a "lower is better" measure that rose scores below zero). None
    when there is no actual, or no improvement was planned (no target, or one on the wrong side).
    """
    if actual is None or baseline is None or target is None:
        return None
    sign = 1 if direction is Direction.HIGHER else -1
    planned = sign * (target - baseline)
    if planned <= 0:
        return None
    return round(sign * (actual - baseline) / planned, 4)


def close_year(
    plan: Plan, *, source_name: str, period: str, source_file: str | None = None, months: list[str] | None = None
) -> YearClose:
    """The year-close with the defaults of issue 14 (the wizard starts here; ``--no-tui`` keeps them).

    Strategies carry until their horizon ends; annual objectives are modified; initiatives
    done are done and those in progress carry (one not started is left undecided: the room
    must say); measures carry.
    """
    period = period.strip()
    if not period:
        raise RollForwardRefused("Name the new plan year (--period FY2027)")
    if period == plan.period.strip():
        raise RollForwardRefused(f"The plan is already {period}: roll it forward to the next year")
    months = closing_months(plan) if months is None else months
    close = YearClose(source_name, source_file or f"{source_name}.sqlite", period, plan.period, months=months)
    next_year = _year_of(period)
    for measure in plan.measures:
        results = plan.results_for(measure.id)
        final = final_actual(measure, results, months)
        close.results.append(
            YearEndResult(
                source_id=measure.id,
                source_code=measure.code,
                name=measure.name,
                unit=measure.unit,
                direction=measure.direction,
                aggregation=measure.aggregation,
                baseline=measure.baseline,
                target=measure.target,
                final_actual=final,
                achievement=achievement(measure.direction, measure.baseline, measure.target, final),
                months=sum(1 for r in results if r.month in months and r.actual is not None),
            )
        )
    for kind in DECIDED_LISTS:
        for item in getattr(plan, kind):
            decision, reason = _default_decision(kind, item, next_year, close)
            close.decisions.append(ItemDecision(kind, item.id, item.code, label_of(item), decision, reason, reason))
    for strategy in plan.strategies:
        close.strategy_measures[strategy.id] = plan.linked(Corner.MEASURE_STRATEGY, col_id=strategy.id)
        worked, did_not = close.drafts[strategy.id] = close._draft(strategy.id)
        close.reflections.append(
            Reflection(
                source_id=strategy.id,
                source_code=strategy.code,
                title=strategy.title,
                worked=worked,
                did_not_work=did_not,
            )
        )
    return close


def _year_of(period: str) -> int | None:
    found = _YEAR.search(period)
    return int(found.group(1)) if found else None


def _default_decision(kind: str, item: Any, next_year: int | None, close: YearClose) -> tuple[CarryDecision, str]:
    if kind == "strategies":
        horizon = str(item.horizon or "")
        span = _SPAN.search(horizon) or _YEAR.search(horizon)
        end = int(span.groups()[-1]) if span else None
        if end is not None and next_year is not None and end < next_year:
            return Carry.DONE, f"its horizon ({horizon}) ends before {close.period}"
        return Carry.CARRIED, f"horizon {horizon} runs on" if horizon else "no horizon given: carried"
    if kind == "objectives":
        return Carry.MODIFIED, f"an annual objective: set again for {close.period}"
    if kind == "initiatives":
        status = item.status
        if status is InitiativeStatus.DONE:
            return Carry.DONE, f"done in {close.closed_period or 'the year'}"
        if status is InitiativeStatus.NOT_STARTED:
            return Carry.UNDECIDED, "not started: carry, modify or drop it"
        return Carry.CARRIED, f"in progress ({status.value.replace('_', ' ')})"
    result = close.result_for(item.id)
    return Carry.CARRIED, _measure_reason(result) if result is not None else "no actual reported: baseline kept"


def _measure_reason(result: YearEndResult) -> str:
    if result.final_actual is None:
        return "no actual reported: baseline kept"
    share = f"{result.achievement:.0%} of the planned improvement" if result.achievement is not None else "no target"
    return f"{share}; new baseline {_number(result.final_actual)}"


def _number(value: float) -> str:
    return f"{value:g}"


# --- the copy -------------------------------------------------------------------------------------


@dataclass
class Rolled:
    """Next year's plan and what the copy left behind, in sentences for the room."""

    plan: Plan
    report: list[str] = field(default_factory=list)  # links and loose ends not carried, one line each
    carried: dict[str, str] = field(default_factory=dict)  # old id -> new id


def roll_forward(plan: Plan, close: YearClose, *, now: datetime | None = None) -> Rolled:
    """Next year's plan, copied from ``plan`` as ``close`` decides; refuses while a decision is open."""
    undecided = close.undecided()
    if undecided:
        names = ", ".join(d.label for d in undecided[:5]) + (" ..." if len(undecided) > 5 else "")
        raise RollForwardRefused(
            f"{len(undecided)} item{'s' if len(undecided) != 1 else ''} still undecided ({names}): "
            "decide carried, modified, dropped or done for each before the new plan is made"
        )
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    copier = _Copier(plan, close)
    new = copier.run(now)
    return Rolled(new, copier.report, copier.ids)


class _Copier:
    def __init__(self, plan: Plan, close: YearClose) -> None:
        self.old = plan
        self.close = close
        self.ids: dict[str, str] = {}  # old id -> new id, for every item that goes forward
        self.all_ids = {item.id for name in BY_NAME for item in getattr(plan, name) if hasattr(item, "id")}
        self.report: list[str] = []
        self.lineage: list[Lineage] = []
        self.codes = {item.id: getattr(item, "code", "") for kind in DECIDED_LISTS for item in getattr(plan, kind)}

    def run(self, now: datetime) -> Plan:
        old, close = self.old, self.close
        going = {d.source_id for d in close.decisions if d.goes_forward}
        # New ids first, so every reference can be followed whatever the list order.
        for person in old.people:
            self._new_id("people", person)
        for kind in DECIDED_LISTS:
            for item in getattr(old, kind):
                if item.id in going:
                    self._new_id(kind, item)
        countermeasures = [c for c in old.countermeasures if _is_open(c)]
        actions = [d for d in old.decisions if d.kind is DecisionKind.ACTION and d.status is DecisionStatus.OPEN]
        parked = [p for p in old.parking_lot if p.outcome in _CARRIED_OUTCOMES]
        a3s = [a for a in old.a3s if self._a3_goes(a)]
        for kind, items in (("countermeasures", countermeasures), ("decisions", actions), ("parking_lot", parked)):
            for item in items:
                self._new_id(kind, item)
        for a3 in a3s:
            self._new_id("a3s", a3)

        lists: dict[str, list[Any]] = {}
        lists["people"] = [self._copy(p) for p in old.people]
        for kind in DECIDED_LISTS:
            lists[kind] = [self._copy(item) for item in getattr(old, kind) if item.id in self.ids]
        lists["measures"] = [self._next_baseline(m) for m in lists["measures"]]
        lists["correlations"] = self._links(old.correlations, ("row_id", "col_id"), self._cell_name)
        lists["marks"] = self._links(old.marks, ("item_id",), self._mark_name)
        lists["monthly_results"] = self._last_year_rows()
        lists["countermeasures"] = self._owned(countermeasures, "measure_id", "countermeasure")
        lists["decisions"] = [self._copy(d) for d in actions]
        lists["parking_lot"] = [self._copy(p, outcome=ParkingOutcome.OPEN) for p in parked]
        lists["a3s"] = [self._draft_a3(a) for a3 in a3s for a in [self._copy(a3)]]
        lists["catchball_states"], lists["catchball_entries"] = self._catchball_restart(now)
        for d in close.decisions:
            self.lineage.append(
                Lineage(
                    new_id=self.ids.get(d.source_id),
                    kind=d.kind,
                    source_file=close.source_file,
                    source_id=d.source_id,
                    source_code=d.code,
                    source_title=d.title,
                    decision=d.decision,
                    reason=d.reason,
                )
            )
        lists["lineage"] = self.lineage
        lists["year_end_results"] = [r.model_copy(update={"new_id": self.ids.get(r.source_id)}) for r in close.results]
        lists["reflections"] = [r.model_copy(update={"new_id": self.ids.get(r.source_id)}) for r in close.reflections]
        meta = old.model_dump(include=_META_COPIED)
        title = old.title.replace(old.period, close.period) if old.period and old.period in old.title else old.title
        return Plan.model_validate(
            {
                **meta,
                **lists,
                "title": title,
                "period": close.period,
                "version": "1",
                "derived_from": close.source_name,
                "derived_from_period": old.period,
                "rolled_forward_at": now,
            }
        )

    # --- ids and copies ---

    def _new_id(self, kind: str, item: Any) -> None:
        self.ids[item.id] = type(item).model_fields["id"].get_default(call_default_factory=True)
        if kind not in DECIDED_LISTS:  # the decided lists get their record with the decision and reason
            self.lineage.append(
                Lineage(
                    new_id=self.ids[item.id],
                    kind=kind,
                    source_file=self.close.source_file,
                    source_id=item.id,
                    source_code=getattr(item, "code", ""),
                    source_title=label_of(item)[:200],
                    decision=Carry.CARRIED,
                    reason="open at year end" if kind != "people" else "",
                )
            )

    def _copy(self, item: BaseModel, **update: Any) -> Any:
        """``item`` whole, under its new id, every reference followed to the copy (or cleared)."""
        data = self._remap(item.model_dump())
        data.update(update)
        return type(item).model_validate(data)

    def _remap(self, value: Any) -> Any:
        if isinstance(value, str):
            if value in self.ids:
                return self.ids[value]
            return None if value in self.all_ids else value
        if isinstance(value, dict):
            return {key: self._remap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [found for found in (self._remap(item) for item in value) if found is not None]
        return value

    def _next_baseline(self, measure: Measure) -> Measure:
        """Last year's final actual is this year's baseline; the target is the room's to set."""
        source = next(old for old, new in self.ids.items() if new == measure.id)
        result = self.close.result_for(source)
        baseline = measure.baseline if result is None or result.final_actual is None else result.final_actual
        return measure.model_copy(update={"baseline": baseline, "target": None})

    def _links(self, links: list[Any], ends: tuple[str, ...], name: Callable[[Any], str]) -> list[Any]:
        kept = []
        for link in links:
            left = [getattr(link, end) for end in ends if getattr(link, end) not in self.ids]
            if not left:
                kept.append(self._copy(link))
            elif any(end in self.ids for end in (getattr(link, e) for e in ends)) or len(ends) == 1:
                behind = ", ".join(self._why_behind(item_id) for item_id in left)
                self.report.append(f"Not carried: {name(link)} ({behind})")
        return kept

    def _why_behind(self, item_id: str) -> str:
        d = self.close.decision_for(item_id)
        return f"{d.code} was {DECISION_WORDS[d.decision]}" if d else f"{item_id} stayed behind"

    def _cell_name(self, cell: Any) -> str:
        return f"matrix cell {self.codes.get(cell.row_id, '?')} × {self.codes.get(cell.col_id, '?')}"

    def _mark_name(self, mark: Any) -> str:
        return f"{self.old.person_name(mark.person_id) or 'a person'}'s mark on {self.codes.get(mark.item_id, '?')}"

    def _owned(self, items: list[Any], owner_field: str, noun: str) -> list[Any]:
        kept = []
        for item in items:
            if getattr(item, owner_field) in self.ids:
                kept.append(self._copy(item))
            else:
                del self.ids[item.id]
                self.lineage = [r for r in self.lineage if r.source_id != item.id]
                owner = self._why_behind(getattr(item, owner_field))
                self.report.append(f"Not carried: open {noun} '{label_of(item)[:50]}' ({owner})")
        return kept

    def _last_year_rows(self) -> list[MonthlyResult]:
        """Last year's months of each carried measure: the faint row of the new bowling chart.

        They lie before the new plan year, so its months start empty.
        """
        months = set(self.close.months)
        rows = [self._copy(r) for r in self.old.monthly_results if r.measure_id in self.ids and r.month in months]
        return rows + self._next_year_rows()

    def _next_year_rows(self) -> list[MonthlyResult]:
        """The new plan year's twelve months of each carried measure, empty (no plan, no actual).

        The review reads the plan year from the latest month holding a row, so these make the
        new year the one on screen, with last year's months before it as the faint row.
        """
        if not self.close.months:
            return []
        from hoshin_tui.core.review import add_months

        months = [add_months(self.close.months[-1], offset) for offset in range(1, 13)]
        measures = [self.ids[m.id] for m in self.old.measures if m.id in self.ids]
        return [MonthlyResult(measure_id=measure_id, month=month) for measure_id in measures for month in months]

    def _a3_goes(self, a3: A3) -> bool:
        if a3.kind is A3Kind.STRATEGY:
            return a3.subject_id in {d.source_id for d in self.close.decisions if d.goes_forward}
        if a3.kind is A3Kind.PROBLEM_SOLVING:
            return _a3_is_open(a3)
        return False  # status A3s report on the year that ended: they stay in it

    @staticmethod
    def _draft_a3(a3: A3) -> A3:
        if a3.kind is not A3Kind.STRATEGY:
            return a3
        return a3.model_copy(update={"version": "draft", "revised": None})

    def _catchball_restart(self, now: datetime) -> tuple[list[CatchballStatus], list[CatchballEntry]]:
        """Every carried item starts at draft; a turn names last year's thread where there was one."""
        states, entries = [], []
        old_states = {s.item_id: s.state for s in self.old.catchball_states}
        threads: dict[str, int] = {}
        for entry in self.old.catchball_entries:
            threads[entry.item_id] = threads.get(entry.item_id, 0) + 1
        for d in self.close.decisions:
            new_id = self.ids.get(d.source_id)
            if new_id is None:
                continue
            if d.source_id in old_states or d.source_id in threads:
                states.append(CatchballStatus(item_id=new_id, state=CatchballState.DRAFT))
                turns = threads.get(d.source_id, 0)
                ended = old_states.get(d.source_id, CatchballState.DRAFT).value.replace("_", " ")
                entries.append(
                    CatchballEntry(
                        item_id=new_id,
                        at=now,
                        who=ROLLER,
                        kind=CatchballKind.COMMENT,
                        text=(
                            f"Restarted at draft for {self.close.period}. Last year's thread: {d.code} in "
                            f"{self.close.source_file}, {turns} turn{'s' if turns != 1 else ''}, ended {ended}."
                        ),
                    )
                )
        return states, entries


_META_COPIED = {"organization", "aim", "fiscal_start_month", "schema_version"}
_CARRIED_OUTCOMES = frozenset(
    {ParkingOutcome.OPEN, *(o for o in ParkingOutcome if o.value == "carried")}
)  # open at year end, or marked to carry


def _is_open(countermeasure: Countermeasure) -> bool:
    """An open countermeasure: open, or done and not judged yet (the review's ``LIVE``)."""
    from hoshin_tui.core.review.board import LIVE

    return bool(countermeasure.status in LIVE)


def _a3_is_open(a3: A3) -> bool:
    """A problem-solving A3 is open while any line of its plan is not done (or it has no plan yet)."""
    if not a3.plan_rows:
        return True
    return any(not _DONE_WORDS.match(row.status or "") for row in a3.plan_rows)


# --- the new session --------------------------------------------------------------------------------


def default_session_name(source_name: str, closed_period: str, period: str) -> str:
    """``fy2026`` -> ``fy2027``; ``acme-fy2026-offsite`` -> ``acme-fy2027-offsite``; ``demo`` -> ``demo-fy2027``."""
    from hoshin_tui.core.workspace import slugify

    new_slug = slugify(period)
    old_slug = slugify(closed_period) if closed_period.strip() else ""
    if old_slug and old_slug in source_name:
        return source_name.replace(old_slug, new_slug)
    return f"{source_name}-{new_slug}"


def create_rolled_session(workspace: Workspace, name: str, rolled: Rolled) -> Path:
    """Write next year's plan as a new session ``name``: whole or not at all, never over another."""
    with workspace.create(name, rolled.plan) as store:
        return store.path


def carried_from(plan: Plan, item_id: str) -> str:
    """``"carried from fy2026 (CM2)"`` for an item the roll-forward brought along, else ""."""
    record = next((r for r in plan.lineage if r.new_id == item_id), None)
    if record is None:
        return ""
    source = Path(record.source_file).stem
    return f"{DECISION_WORDS[record.decision]} from {source}" + (
        f" ({record.source_code})" if record.source_code else ""
    )
