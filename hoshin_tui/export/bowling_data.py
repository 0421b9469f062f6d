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
from hoshin_tui.core.review import (
    GLYPHS,
    WORDS,
    CellStatus,
    MeasureRow,
    Rollup,
    amount,
    build_board,
    check_month_of,
    long_label,
    month_of,
    short_label,
)
from hoshin_tui.core.review import Cell as ReviewCell
from hoshin_tui.model.enums import CountermeasureStatus, Direction
from hoshin_tui.model.plan import Countermeasure, Plan

COUNTED = (CellStatus.GREEN, CellStatus.YELLOW, CellStatus.RED, CellStatus.LATE)
"""What the counts under the chart tally: the review month's colours, and every late month up to it."""
COUNT_WORDS: dict[CellStatus, str] = {**WORDS, CellStatus.LATE: "late months"}
ALSO_UNDER_SHOWN = 3
"""A measure serving many objectives names this many of the others, then how many more."""
NOT_LINKED = "Not linked to an annual objective"


@dataclass(frozen=True)
class Cell:
    """One printed value: its text, its status (None: a plan cell, a month not judged) and an override's reason."""

    value: str
    status: CellStatus | None = None
    override: str = ""

    @property
    def glyph(self) -> str:
        """The status's glyph; a colour set by hand keeps it (the print adds a drawn pencil beside it)."""
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
    uncovered: list[str] = field(default_factory=list)  # the red months no countermeasure answers ("Mar")
    last_year: list[Cell] = field(default_factory=list)  # last plan year's actuals (a rolled-forward plan); faint


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
    counts: dict[CellStatus, int]
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
    return amount(value) if value is not None else ""


def _day(value: date | None) -> str:
    return f"{value.day} {short_label(month_of(value))}" if value else ""


def countermeasure_codes(plan: Plan) -> dict[str, str]:
    """``{countermeasure id: CM1}`` in the order of the plan's list, as the screen numbers them."""
    return {cm.id: f"CM{index}" for index, cm in enumerate(plan.countermeasures, start=1)}


def _status_word(cm: Countermeasure) -> str:
    return cm.status.value.replace("_", " ")


def _judged(cell: ReviewCell, as_of: str) -> Cell:
    """A month's actual cell as printed: months after the review month are shown, not judged."""
    if cell.month > as_of:
        return Cell(_number(cell.actual))
    return Cell(_number(cell.actual), cell.status, cell.override_reason)


def _rollup_cell(row: MeasureRow, rollup: Rollup, status: CellStatus) -> Cell:
    if rollup.actual is None:
        return Cell("")
    return Cell(_number(rollup.actual), status)


def _measure_block(
    row: MeasureRow, as_of: str, codes: dict[str, str], cm_codes: dict[str, str], people: dict[str, str]
) -> MeasureBlock:
    measure = row.measure
    plan_cells = [Cell(_number(cell.plan)) for cell in row.cells]
    actual_cells = [_judged(cell, as_of) for cell in row.cells]
    for index, rollup in enumerate(row.quarters):
        plan_cells.append(Cell(_number(rollup.plan)))
        actual_cells.append(_rollup_cell(row, rollup, row.quarter_status(index)))
    plan_cells.append(Cell(_number(row.ytd.plan)))
    actual_cells.append(_rollup_cell(row, row.ytd, row.ytd_status))
    lines = []
    for cm in row.open_countermeasures:
        owner = people.get(cm.owner_id or "", "")
        due = f"due {_day(cm.due)}" if cm.due else "no due date"
        state = "" if cm.status == CountermeasureStatus.OPEN else f" · {_status_word(cm)}"
        lines.append(" · ".join(part for part in (cm_codes[cm.id], owner, due) if part) + state)
    others = [codes.get(o.id, o.code) for o in row.objectives[1:]]
    more = len(others) - ALSO_UNDER_SHOWN
    uncovered = row.uncovered_reds()
    return MeasureBlock(
        code=codes.get(measure.id, measure.code),
        name=measure.name,
        unit=measure.unit,
        owner=row.owner,
        arrow="↓" if measure.direction == Direction.LOWER else "↑",
        baseline=_number(measure.baseline),
        target=_number(measure.target),
        rule=row.rule,
        plan=plan_cells,
        actual=actual_cells,
        countermeasures=lines,
        red_without_countermeasure=bool(uncovered),
        also_under=", ".join(others[:ALSO_UNDER_SHOWN]) + (f" and {more} more" if more > 0 else ""),
        uncovered=[short_label(month) for month in uncovered],
        last_year=[Cell(_number(value)) for value in row.last_year] if row.has_last_year else [],
    )


def _log(plan: Plan, cm_codes: dict[str, str]) -> list[LogRow]:
    measures = {m.id: m for m in plan.measures}
    results = {(r.measure_id, r.month): r for r in plan.monthly_results}
    rows = []
    for cm in plan.countermeasures:
        measure = measures.get(cm.measure_id)
        gap = cm.gap
        if not gap and (raised := results.get((cm.measure_id, cm.month))) is not None:
            gap = f"plan {_number(raised.plan) or '–'}, actual {_number(raised.actual) or '–'}"
        check = check_month_of(cm)
        rows.append(
            LogRow(
                code=cm_codes[cm.id],
                measure=f"{measure.code} {measure.name}" if measure else "(measure deleted)",
                month=long_label(cm.month) if cm.month else "",
                gap=gap,
                root_cause=cm.root_cause,
                action=cm.action,
                owner=plan.person_name(cm.owner_id),
                due=cm.due.isoformat() if cm.due else "",
                status=_status_word(cm),
                check_month=long_label(check) if check else "",
                verdict=cm.verdict,
            )
        )
    return rows


def bowling_chart(plan: Plan, *, as_of: str | None = None, today: date | None = None) -> BowlingChart:
    """The chart of ``plan``'s plan year as of ``as_of`` (default: last month), from the review's board."""
    board = build_board(plan, as_of, today=today)
    codes = item_codes(plan)
    cm_codes = countermeasure_codes(plan)
    people = {p.id: p.name for p in plan.people}
    groups, reds, overrides = [], [], []
    for group in board.groups:
        objective = group.objective
        printed = (
            Group(codes.get(objective.id, objective.code), objective.title) if objective else Group("", NOT_LINKED)
        )
        for row in group.rows:
            block = _measure_block(row, board.as_of, codes, cm_codes, people)
            printed.measures.append(block)
            reds += [f"{block.code} {long_label(month)}" for month in row.uncovered_reds()]
            overrides += [
                f"{block.code} {long_label(cell.month)}: {cell.override_reason}"
                for cell in row.cells
                if cell.overridden and cell.month <= board.as_of
            ]
        groups.append(printed)
    tally = board.counts()
    counts = {status: tally.get(status, 0) for status in COUNTED}
    fiscal = plan.period or board.year.label
    return BowlingChart(
        heading=f"Bowling chart {fiscal}, as of {long_label(board.as_of)}",
        as_of=board.as_of,
        months=list(board.year.months),
        month_labels=[short_label(m) for m in board.year.months],
        groups=groups,
        counts=counts,
        reds_without_countermeasure=reds,
        overrides=overrides,
        log=_log(plan, cm_codes),
    )


def counts_line(counts: dict[CellStatus, int]) -> Iterable[tuple[CellStatus, str, int]]:
    """(status, glyph, count) in the legend's order."""
    return [(status, GLYPHS[status], counts.get(status, 0)) for status in COUNTED]
