"""What the printed bowling chart shows: each measure's months, quarters and year to date, their
statuses and glyphs, the rule in words, open countermeasures, counts and the countermeasure log.

No layout here and no WeasyPrint: the PDF template (``templates/bowling.html.j2``) prints these
values as they are, and tests read them without rendering. Every status has a glyph as well as
a colour (``GLYPHS``), so the page reads without colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hoshin_tui.core.codes import item_codes
from hoshin_tui.export.review_view import (
    STATUS_ORDER,
    Status,
    aggregate,
    fiscal_months,
    latest_month_with_data,
    month_label,
    rule_in_words,
    status_of,
    status_of_values,
)
from hoshin_tui.model.enums import Corner, Direction
from hoshin_tui.model.plan import Countermeasure, Measure, MonthlyResult, Plan

GLYPHS: dict[Status, str] = {
    "green": "●",
    "yellow": "▲",
    "red": "■",
    "late": "?",
    "none": "·",
    "no_plan": "–",
}
"""The glyph printed before every judged value: the page must read on a greyscale printer."""
WORDS: dict[Status, str] = {
    "green": "on plan or better",
    "yellow": "short of plan, within the yellow band",
    "red": "short of plan beyond the band",
    "late": "late: the month is due and has no actual",
    "none": "no actual yet (not due)",
    "no_plan": "no plan for the month: never green",
}
COUNT_WORDS: dict[Status, str] = {
    "green": "green",
    "yellow": "yellow",
    "red": "red",
    "late": "late",
    "none": "not due",
    "no_plan": "no plan",
}
OPEN_STATUSES = ("open", "done")
"""A countermeasure still in play: open, or done and waiting for its verdict."""
ALSO_UNDER_SHOWN = 3
"""A measure serving many objectives names this many of the others, then how many more."""
NOT_LINKED = "Not linked to an annual objective"


@dataclass(frozen=True)
class Cell:
    """One printed value: its text, its status (None: a plan cell, a month not judged) and an override's reason."""

    value: str
    status: Status | None = None
    override: str = ""

    @property
    def glyph(self) -> str:
        return GLYPHS[self.status] if self.status else ""


@dataclass
class MeasureBlock:
    code: str
    name: str
    unit: str
    owner: str
    arrow: str
    baseline: str
    target: str
    rule: str
    plan: list[Cell]  # twelve months, four quarters, year to date
    actual: list[Cell]
    countermeasures: list[str]
    red_without_countermeasure: bool
    also_under: str = ""  # the other objectives this measure serves


@dataclass
class Group:
    code: str
    title: str
    measures: list[MeasureBlock] = field(default_factory=list)


@dataclass(frozen=True)
class LogRow:
    code: str
    measure: str
    month: str
    gap: str
    root_cause: str
    action: str
    owner: str
    due: str
    status: str
    check_month: str
    verdict: str


@dataclass
class BowlingChart:
    heading: str  # "Bowling chart FY2027, as of Mar 2027"
    as_of: str
    months: list[str]
    month_labels: list[str]
    groups: list[Group]
    counts: dict[Status, int]
    reds_without_countermeasure: list[str]
    overrides: list[str]
    log: list[LogRow]
    warnings: list[str] = field(default_factory=list)

    @property
    def measures(self) -> list[MeasureBlock]:
        return [block for group in self.groups for block in group.measures]

    def texts(self) -> list[str]:
        """Every piece of user text printed, for the missing-glyph check."""
        texts = [self.heading, *(g.title for g in self.groups), *self.overrides]
        for block in self.measures:
            texts += [block.name, block.unit, block.owner, *block.countermeasures]
        for row in self.log:
            texts += [row.measure, row.gap, row.root_cause, row.action, row.owner]
        return texts


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _day(value: date | None) -> str:
    return f"{value.day} {month_label(value.strftime('%Y-%m')).split()[0]}" if value else ""


def countermeasure_codes(plan: Plan) -> dict[str, str]:
    """``{countermeasure id: CM1}`` in the order of the plan's list, as the screen numbers them."""
    return {cm.id: f"CM{index}" for index, cm in enumerate(plan.countermeasures, start=1)}


def _status_word(cm: Countermeasure) -> str:
    return str(getattr(cm, "status", "open") or "open").replace("_", " ")


def _open(cm: Countermeasure) -> bool:
    return _status_word(cm).replace(" ", "_") in OPEN_STATUSES


def _objective_of(plan: Plan) -> dict[str, list[str]]:
    """``{measure id: [objective ids]}``: through the initiatives that move it, else its strategies."""
    by_initiative: dict[str, set[str]] = {}
    for objective, initiative in plan.marks_in(Corner.OBJECTIVE_INITIATIVE):
        by_initiative.setdefault(initiative, set()).add(objective)
    by_strategy: dict[str, set[str]] = {}
    for strategy, objective in plan.marks_in(Corner.STRATEGY_OBJECTIVE):
        by_strategy.setdefault(strategy, set()).add(objective)
    order = {o.id: index for index, o in enumerate(plan.objectives)}
    found: dict[str, set[str]] = {}
    for initiative, measure in plan.marks_in(Corner.INITIATIVE_MEASURE):
        found.setdefault(measure, set()).update(by_initiative.get(initiative, ()))
    for measure, strategy in plan.marks_in(Corner.MEASURE_STRATEGY):
        if not found.get(measure):
            found.setdefault(measure, set()).update(by_strategy.get(strategy, ()))
    return {m: sorted(ids, key=lambda o: order.get(o, 0)) for m, ids in found.items() if ids}


def _measure_block(
    plan: Plan,
    measure: Measure,
    months: list[str],
    as_of: str,
    results: dict[str, MonthlyResult],
    cms: list[Countermeasure],
    cm_codes: dict[str, str],
) -> tuple[MeasureBlock, Status | None, list[str]]:
    """The block, the as-of month's status, and the overrides (one line each) it holds."""
    plan_cells, actual_cells, overrides = [], [], []
    for month in months:
        result = results.get(month)
        planned = result.plan if result else None
        plan_cells.append(Cell(_number(planned)))
        if month > as_of:
            actual_cells.append(Cell(_number(result.actual) if result else ""))
            continue
        status, reason = status_of(measure, result, month, as_of)
        if result is not None and result.colour is not None:
            overrides.append(f"{measure.code} {month_label(month)}: {reason or 'no reason given'}")
        actual_cells.append(Cell(_number(result.actual if result else None), status, reason))
    for span in [months[i : i + 3] for i in range(0, 12, 3)] + [months]:
        elapsed = [m for m in span if m <= as_of]
        if not elapsed:
            plan_cells.append(Cell(_number(aggregate(measure, [results.get(m) for m in span], "plan"))))
            actual_cells.append(Cell(""))
            continue
        with_actual = [results.get(m) for m in elapsed if results.get(m) and results[m].actual is not None]
        planned_total = aggregate(measure, with_actual or [results.get(m) for m in elapsed], "plan")
        actual_total = aggregate(measure, with_actual, "actual")
        plan_cells.append(Cell(_number(planned_total)))
        judged = status_of_values(measure, planned_total, actual_total) if actual_total is not None else None
        actual_cells.append(Cell(_number(actual_total), judged))
    in_play = [cm for cm in cms if _open(cm)]
    lines = []
    for cm in in_play:
        owner = plan.person_name(cm.owner_id)
        due = f"due {_day(cm.due)}" if cm.due else "no due date"
        state = "" if _status_word(cm) == "open" else f" · {_status_word(cm)}"
        lines.append(" · ".join(part for part in (cm_codes[cm.id], owner, due) if part) + state)
    as_of_status = actual_cells[months.index(as_of)].status if as_of in months else None
    block = MeasureBlock(
        code=measure.code,
        name=measure.name,
        unit=measure.unit,
        owner=plan.person_name(measure.owner_id),
        arrow="↓" if measure.direction == Direction.LOWER else "↑",
        baseline=_number(measure.baseline),
        target=_number(measure.target),
        rule=rule_in_words(measure),
        plan=plan_cells,
        actual=actual_cells,
        countermeasures=lines,
        red_without_countermeasure=as_of_status == "red" and not in_play,
    )
    return block, as_of_status, overrides


def _log(plan: Plan, cm_codes: dict[str, str]) -> list[LogRow]:
    measures = {m.id: m for m in plan.measures}
    results = {(r.measure_id, r.month): r for r in plan.monthly_results}
    rows = []
    for cm in plan.countermeasures:
        measure = measures.get(cm.measure_id)
        gap = str(getattr(cm, "gap", "") or "")
        if not gap and (raised := results.get((cm.measure_id, cm.month))) is not None:
            gap = f"plan {_number(raised.plan) or '–'}, actual {_number(raised.actual) or '–'}"
        check = str(getattr(cm, "check_month", "") or "")
        rows.append(
            LogRow(
                code=cm_codes[cm.id],
                measure=f"{measure.code} {measure.name}" if measure else "(measure deleted)",
                month=month_label(cm.month) if cm.month else "",
                gap=gap,
                root_cause=cm.root_cause,
                action=cm.action,
                owner=plan.person_name(cm.owner_id),
                due=cm.due.isoformat() if cm.due else "",
                status=_status_word(cm),
                check_month=month_label(check) if check else "",
                verdict=str(getattr(cm, "result_note", "") or ""),
            )
        )
    return rows


def bowling_chart(plan: Plan, *, as_of: str | None = None, today: date | None = None) -> BowlingChart:
    """The chart of ``plan``'s fiscal year holding ``as_of`` (default: the latest month with an actual)."""
    today = today or date.today()
    as_of = as_of or latest_month_with_data(plan, today)
    months = fiscal_months(plan, as_of)
    codes = item_codes(plan)
    cm_codes = countermeasure_codes(plan)
    by_measure: dict[str, dict[str, MonthlyResult]] = {}
    for result in plan.monthly_results:
        by_measure.setdefault(result.measure_id, {})[result.month] = result
    cms_of: dict[str, list[Countermeasure]] = {}
    for cm in plan.countermeasures:
        cms_of.setdefault(cm.measure_id, []).append(cm)
    objectives_of = _objective_of(plan)
    groups = {o.id: Group(codes.get(o.id, ""), o.title) for o in plan.objectives}
    loose = Group("", NOT_LINKED)
    counts: dict[Status, int] = dict.fromkeys(STATUS_ORDER, 0)
    reds, overrides = [], []
    for measure in plan.measures:
        block, status, held = _measure_block(
            plan, measure, months, as_of, by_measure.get(measure.id, {}), cms_of.get(measure.id, []), cm_codes
        )
        measure_code = codes.get(measure.id, measure.code)
        block.code = measure_code
        overrides += held
        if status is not None:
            counts[status] += 1
        if block.red_without_countermeasure:
            reds.append(f"{measure_code} {measure.name}")
        under = objectives_of.get(measure.id, [])
        if under:
            others = [codes.get(o, "") for o in under[1:]]
            more = len(others) - ALSO_UNDER_SHOWN
            block.also_under = ", ".join(others[:ALSO_UNDER_SHOWN]) + (f" and {more} more" if more > 0 else "")
        (groups[under[0]] if under else loose).measures.append(block)
    shown = [group for group in [*groups.values(), loose] if group.measures]
    fiscal = plan.period or f"FY{months[-1][:4]}"
    return BowlingChart(
        heading=f"Bowling chart {fiscal}, as of {month_label(as_of)}",
        as_of=as_of,
        months=months,
        month_labels=[month_label(m).split()[0] for m in months],
        groups=shown,
        counts=counts,
        reds_without_countermeasure=reds,
        overrides=overrides,
        log=_log(plan, cm_codes),
    )


def counts_line(counts: dict[Status, int]) -> Iterable[tuple[Status, str, int]]:
    """(status, glyph, count) in the legend's order."""
    return [(status, GLYPHS[status], counts.get(status, 0)) for status in STATUS_ORDER]
