"""The bowling chart as data: one row per measure, grouped by annual objective, as of a month.

The screen, the printed chart, the health warnings and review mode all read this one
structure, so they cannot disagree about a cell's colour. A measure belongs to the first
annual objective (in X-matrix order) whose initiatives move it (the NW and NE grids); measures
no objective reaches are grouped last.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from operator import is_
from typing import Any

from hoshin_tui.core.review.months import FiscalYear, default_as_of, month_of, plan_year
from hoshin_tui.core.review.phasing import PhasingError, phase
from hoshin_tui.core.review.rollup import Rollup, roll_up
from hoshin_tui.core.review.status import Cell, CellStatus, cell_status, judge, rule_text
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner, CountermeasureStatus
from hoshin_tui.model.plan import AnnualObjective, Countermeasure, Initiative, Measure, MonthlyResult

LIVE = (CountermeasureStatus.OPEN, CountermeasureStatus.DONE)  # not judged, not dropped


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """One measure of the bowling chart: its twelve cells, quarters, year to date and links."""

    measure: Measure
    owner: str
    cells: tuple[Cell, ...]
    quarters: tuple[Rollup, ...]
    ytd: Rollup
    rule: str
    countermeasures: tuple[Countermeasure, ...]
    objectives: tuple[AnnualObjective, ...]
    initiatives: tuple[Initiative, ...]
    as_of: str
    # Last plan year's actuals in fiscal order (a rolled-forward plan keeps them): the faint row.
    last_year: tuple[float | None, ...] = ()

    @property
    def has_last_year(self) -> bool:
        return any(value is not None for value in self.last_year)

    @property
    def label(self) -> str:
        return f"{self.measure.code} {self.measure.name}".strip()

    def cell(self, month: str) -> Cell | None:
        return next((c for c in self.cells if c.month == month), None)

    @property
    def current(self) -> Cell:
        """The cell of the review month."""
        found = self.cell(self.as_of)
        assert found is not None  # as_of is always a month of the plan year
        return found

    def quarter_status(self, index: int) -> CellStatus:
        rollup = self.quarters[index]
        return judge(self.measure, rollup.plan, rollup.actual)

    @property
    def ytd_status(self) -> CellStatus:
        return judge(self.measure, self.ytd.plan, self.ytd.actual)

    @property
    def late_months(self) -> list[str]:
        return [c.month for c in self.cells if c.status == CellStatus.LATE]

    @property
    def red_months(self) -> list[str]:
        return [c.month for c in self.cells if c.status == CellStatus.RED]

    @property
    def red_streak(self) -> str:
        """The last month of the latest run of two or more reds up to the review month, or ""."""
        found, run = "", 0
        for cell in self.cells:
            run = run + 1 if cell.status == CellStatus.RED else 0
            if run >= 2:
                found = cell.month
        return found

    def uncovered_reds(self) -> list[str]:
        """Red months no countermeasure answers: none raised for the month, none from before still
        running then (live now, or due in that month or later). Dropped ones answer nothing."""
        found = []
        for month in self.red_months:
            answered = any(
                c.status != CountermeasureStatus.DROPPED
                and (
                    c.month == month
                    or (c.month and c.month < month and (c.status in LIVE or (c.due and month_of(c.due) >= month)))
                )
                for c in self.countermeasures
            )
            if not answered:
                found.append(month)
        return found

    @property
    def open_countermeasures(self) -> list[Countermeasure]:
        return [c for c in self.countermeasures if c.status in LIVE]


@dataclass(frozen=True, slots=True)
class Group:
    objective: AnnualObjective | None  # None: measures no annual objective reaches
    rows: tuple[MeasureRow, ...]

    @property
    def title(self) -> str:
        if self.objective is None:
            return "Not linked to an annual objective"
        return f"{self.objective.code} {self.objective.title}".strip()


@dataclass(frozen=True, slots=True)
class Board:
    year: FiscalYear
    as_of: str
    groups: tuple[Group, ...]
    rows: tuple[MeasureRow, ...] = field(default=())

    def row(self, measure_id: str) -> MeasureRow | None:
        return next((r for r in self.rows if r.measure.id == measure_id), None)

    def counts(self) -> Counter[CellStatus]:
        """Statuses of the review month, plus every late month up to it."""
        tally: Counter[CellStatus] = Counter(r.current.status for r in self.rows if r.current.status.coloured)
        tally[CellStatus.LATE] = sum(len(r.late_months) for r in self.rows)
        return tally

    def exceptions(self) -> list[MeasureRow]:
        """Management by exception: red in the review month, then yellow, then anything late."""
        reds = [r for r in self.rows if r.current.status == CellStatus.RED]
        yellows = [r for r in self.rows if r.current.status == CellStatus.YELLOW]
        late = [r for r in self.rows if r.late_months and r not in reds and r not in yellows]
        return reds + yellows + late


class BoardCache:
    """The rows of the last board, reused while their inputs are the very same objects.

    The store hands back unchanged items as the same objects after an edit, so typing one
    actual rebuilds one measure's row, not forty (the health panel and the step each keep one).
    """

    def __init__(self) -> None:
        self.links: tuple[tuple[Any, ...], _Links] | None = None
        self.rows: dict[str, tuple[tuple[Any, ...], MeasureRow]] = {}


def build_board(
    plan: Plan, as_of: str | None = None, *, today: date | None = None, cache: BoardCache | None = None
) -> Board:
    """The bowling chart of ``plan`` as of ``as_of`` (default: last month, inside the plan year)."""
    year = plan_year(plan, today)
    as_of = year.clamp(as_of) if as_of else default_as_of(year, today)
    cache = cache or BoardCache()
    results: dict[tuple[str, str], MonthlyResult] = {}
    by_measure: dict[str, list[MonthlyResult]] = {}
    for r in plan.monthly_results:
        results[(r.measure_id, r.month)] = r
        by_measure.setdefault(r.measure_id, []).append(r)
    countermeasures: dict[str, list[Countermeasure]] = {}
    for cm in plan.countermeasures:
        countermeasures.setdefault(cm.measure_id, []).append(cm)
    sources: tuple[list[Any], ...] = (plan.correlations, plan.objectives, plan.initiatives, plan.measures, plan.people)
    if cache.links is None or not all(_same_items(a, b) for a, b in zip(cache.links[0], sources, strict=True)):
        cache.links = (sources, _Links(plan))
    links = cache.links[1]
    people = links.people
    rows_of: dict[str, MeasureRow] = {}
    fresh: dict[str, tuple[tuple[Any, ...], MeasureRow]] = {}
    for m in plan.measures:
        key = (m, links, *by_measure.get(m.id, ()), None, *countermeasures.get(m.id, ()))
        kept = cache.rows.get(m.id)
        if kept is not None and kept[1].as_of == as_of and kept[1].cells[0].month == year.first and _same(kept[0], key):
            row = kept[1]
        else:
            row = _row(m, year, as_of, results, countermeasures.get(m.id, []), people, links)
        rows_of[m.id] = row
        fresh[m.id] = (key, row)
    cache.rows = fresh
    built = tuple(
        Group(objective, tuple(rows_of[m.id] for m in measures)) for objective, measures in links.groups() if measures
    )
    return Board(year, as_of, built, tuple(row for group in built for row in group.rows))


def _same_items(a: list[Any], b: list[Any]) -> bool:
    """The very same items in the same order (each load hands out new lists of the same items)."""
    return a is b or (len(a) == len(b) and all(map(is_, a, b)))


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(map(is_, a, b))


class _Links:
    """Which initiatives each objective and each measure is marked with, read once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.people = {p.id: p.name for p in plan.people}
        self._groups: list[tuple[AnnualObjective | None, list[Measure]]] | None = None
        self.of_objective: dict[str, set[str]] = {}
        self.of_measure: dict[str, set[str]] = {}
        for c in plan.correlations:
            if c.corner == Corner.OBJECTIVE_INITIATIVE:
                self.of_objective.setdefault(c.row_id, set()).add(c.col_id)
            elif c.corner == Corner.INITIATIVE_MEASURE:
                self.of_measure.setdefault(c.col_id, set()).add(c.row_id)

    def objectives(self, measure_id: str) -> list[AnnualObjective]:
        moved_by = self.of_measure.get(measure_id, set())
        return [o for o in self.plan.objectives if self.of_objective.get(o.id, set()) & moved_by]

    def initiatives(self, measure_id: str) -> list[Initiative]:
        moved_by = self.of_measure.get(measure_id, set())
        return [i for i in self.plan.initiatives if i.id in moved_by]

    def groups(self) -> list[tuple[AnnualObjective | None, list[Measure]]]:
        if self._groups is None:
            self._groups = self._group()
        return self._groups

    def _group(self) -> list[tuple[AnnualObjective | None, list[Measure]]]:
        placed: set[str] = set()
        groups: list[tuple[AnnualObjective | None, list[Measure]]] = []
        for objective in self.plan.objectives:
            initiatives = self.of_objective.get(objective.id, set())
            measures = [
                m for m in self.plan.measures if m.id not in placed and self.of_measure.get(m.id, set()) & initiatives
            ]
            placed.update(m.id for m in measures)
            groups.append((objective, measures))
        groups.append((None, [m for m in self.plan.measures if m.id not in placed]))
        return groups


def _row(
    measure: Measure,
    year: FiscalYear,
    as_of: str,
    results: dict[tuple[str, str], MonthlyResult],
    countermeasures: list[Countermeasure],
    people: dict[str, str],
    links: _Links,
) -> MeasureRow:
    phased = _phased(measure, year, results)
    cells = tuple(
        cell_status(
            measure, results.get((measure.id, month)), month, as_of, month_index=index, phased_plan=phased[index]
        )
        for index, month in enumerate(year.months)
    )
    seen = [c for c in cells if c.month <= as_of]
    quarters = tuple(
        roll_up(measure, [(c.plan, c.actual) for c in seen if c.month in months]) for months in year.quarters()
    )
    return MeasureRow(
        measure=measure,
        owner=people.get(measure.owner_id or "", ""),
        cells=cells,
        quarters=quarters,
        ytd=roll_up(measure, [(c.plan, c.actual) for c in seen]),
        rule=rule_text(measure),
        countermeasures=tuple(sorted(countermeasures, key=lambda c: c.month)),
        objectives=tuple(links.objectives(measure.id)),
        initiatives=tuple(links.initiatives(measure.id)),
        as_of=as_of,
        last_year=tuple(r.actual if (r := results.get((measure.id, m))) else None for m in year.previous().months),
    )


def _phased(measure: Measure, year: FiscalYear, results: dict[tuple[str, str], MonthlyResult]) -> list[float | None]:
    """The phasing key's plan per month, for months with no stored plan; Nones when it cannot."""
    if all((r := results.get((measure.id, m))) is not None and r.plan is not None for m in year.months):
        return [None] * 12  # every month has its plan: nothing to phase
    last_year = [r.actual if (r := results.get((measure.id, m))) else None for m in year.previous().months]
    try:
        return list(phase(measure, measure.phasing, last_year))
    except PhasingError:
        return [None] * 12
