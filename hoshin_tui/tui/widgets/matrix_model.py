"""What one grid of the X-matrix shows, computed from the plan. No textual here: easy to test.

The four corner grids relate neighbouring lists (the row kind is named first, as in
``Corner``); the people matrix crosses initiatives and measures with people. A cell cycles
through the grid's three values (strong, medium, weak or leader, core, rotating) and back
to empty. A row or column with no mark in its grid is an orphan and is marked live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from operator import is_
from typing import Any

from hoshin_tui.core.catchball import state_marks
from hoshin_tui.core.codes import PREFIX, initiatives_in_display_order, item_codes
from hoshin_tui.core.incremental import small_change
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import SYMBOLS, Corner, InitiativeKind, MarkRole, Strength
from hoshin_tui.model.lists import label_of
from hoshin_tui.model.plan import Initiative, Measure

EMPTY = "·"
ORPHAN = "▲"


@dataclass(frozen=True)
class GridKind:
    """One of the five grids: which lists it crosses and how its cells and gaps read."""

    key: str  # "sw": ids, palette names
    short: str  # "SW": the switcher
    title: str  # "Strategies × objectives"
    rows: tuple[str, ...]  # Plan lists shown as rows, in order
    cols: str  # Plan list shown as columns
    row_noun: str
    col_noun: str
    values: tuple[StrEnum, ...]  # the cycle after "empty"
    row_orphan: str  # why an orphan row matters, shown in the detail line
    col_orphan: str
    corner: Corner | None = None  # None: the people matrix

    def legend(self) -> str:
        return "  ".join(f"{SYMBOLS[value]} {value.value}" for value in self.values)


STRENGTHS = (Strength.STRONG, Strength.MEDIUM, Strength.WEAK)
ROLES = (MarkRole.LEADER, MarkRole.CORE, MarkRole.ROTATING)

GRIDS: tuple[GridKind, ...] = (
    GridKind(
        "sw",
        "SW",
        "Strategies × objectives",
        ("strategies",),
        "objectives",
        "strategy",
        "objective",
        STRENGTHS,
        "no annual objective serves this strategy",
        "this objective serves no strategy",
        Corner.STRATEGY_OBJECTIVE,
    ),
    GridKind(
        "nw",
        "NW",
        "Objectives × initiatives",
        ("objectives",),
        "initiatives",
        "objective",
        "initiative",
        STRENGTHS,
        "no initiative delivers this objective",
        "this initiative delivers no objective",
        Corner.OBJECTIVE_INITIATIVE,
    ),
    GridKind(
        "ne",
        "NE",
        "Initiatives × measures",
        ("initiatives",),
        "measures",
        "initiative",
        "measure",
        STRENGTHS,
        "no measure shows this initiative working",
        "no initiative moves this measure",
        Corner.INITIATIVE_MEASURE,
    ),
    GridKind(
        "se",
        "SE",
        "Measures × strategies",
        ("measures",),
        "strategies",
        "measure",
        "strategy",
        STRENGTHS,
        "this measure tracks no strategy",
        "no measure tracks this strategy",
        Corner.MEASURE_STRATEGY,
    ),
    GridKind(
        "people",
        "People",
        "Initiatives, measures × people",
        ("initiatives", "measures"),
        "people",
        "item",
        "person",
        ROLES,
        "nobody is on this item",
        "this person is on no initiative or measure",
    ),
)


def grid_kind(key: str) -> GridKind:
    return next(kind for kind in GRIDS if kind.key == key)


@dataclass(frozen=True)
class Axis:
    """One row or column: the item's id, its short code (S1, O2, P3) and its full label."""

    id: str
    code: str
    label: str
    note: str = ""  # "operational improvement"
    mark: str = ""  # the catchball state's letter (D, R, V, A, X) once catchball has begun


@dataclass
class Grid:
    """A grid as drawn: rows, columns, the marked cells and the orphans."""

    kind: GridKind
    rows: list[Axis]
    cols: list[Axis]
    cells: dict[tuple[str, str], StrEnum]
    row_counts: dict[str, int] = field(default_factory=dict)
    col_counts: dict[str, int] = field(default_factory=dict)

    row_index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.row_index:  # made by ``patched``: counts already known
            return
        self.row_index = {row.id: i for i, row in enumerate(self.rows)}
        self.row_counts = dict.fromkeys(self.row_index, 0)
        self.col_counts = {col.id: 0 for col in self.cols}
        for row_id, col_id in self.cells:
            self.row_counts[row_id] += 1
            self.col_counts[col_id] += 1

    def patched(
        self, cells: dict[tuple[str, str], StrEnum], gone: list[tuple[str, str]], added: list[tuple[str, str]]
    ) -> Grid | None:
        """This grid with ``cells`` instead of its own, where an edit dropped the cells ``gone``
        and marked ``added``: only those are counted. None when they name rows it does not show."""
        if any(r not in self.row_counts or c not in self.col_counts for r, c in added):
            return None  # a link to an item this grid does not show: let the full build leave it out
        row_counts, col_counts = dict(self.row_counts), dict(self.col_counts)
        for (r, c), step in [*((key, -1) for key in gone), *((key, 1) for key in added)]:
            row_counts[r] += step
            col_counts[c] += step
        return Grid(self.kind, self.rows, self.cols, cells, row_counts, col_counts, self.row_index)

    def value(self, row: int, col: int) -> StrEnum | None:
        return self.cells.get((self.rows[row].id, self.cols[col].id))

    def symbol(self, row: int, col: int) -> str:
        value = self.value(row, col)
        return SYMBOLS[value] if value is not None else EMPTY

    def next_value(self, row: int, col: int) -> StrEnum | None:
        """The value one press of the cycle key gives: empty -> first -> second -> third -> empty."""
        values = self.kind.values
        current = self.value(row, col)
        if current is None:
            return values[0]
        index = values.index(current) + 1
        return values[index] if index < len(values) else None

    def row_is_orphan(self, row: int) -> bool:
        return self.row_counts[self.rows[row].id] == 0

    def col_is_orphan(self, col: int) -> bool:
        return self.col_counts[self.cols[col].id] == 0

    def orphan_count(self) -> int:
        return sum(n == 0 for n in self.row_counts.values()) + sum(n == 0 for n in self.col_counts.values())


def _label(item: Any) -> str:
    return " ".join(label_of(item).split())


CODES = {**PREFIX, "people": "P"}


def _in_display_order(plan: Plan, kind: str) -> list[Any]:
    """Strategic initiatives before operational improvements, as every list and the PDF show them."""
    return initiatives_in_display_order(plan) if kind == "initiatives" else getattr(plan, kind)


def _note(item: Any) -> str:
    """What the detail line adds after an item's label: an initiative's path, a measure's baseline and target."""
    if isinstance(item, Initiative):
        return "strategic initiative" if item.kind == InitiativeKind.STRATEGIC else "operational improvement"
    if isinstance(item, Measure) and item.target is not None:
        unit = item.unit if item.unit in ("", "%") else f" {item.unit}"
        start = f"{item.baseline:g}{unit} → " if item.baseline is not None else ""
        return f"{start}{item.target:g}{unit}"
    return ""


def _same(a: list[Any], b: list[Any]) -> bool:
    """The very same item objects in the same order (the store hands back unchanged items as they were)."""
    return len(a) == len(b) and all(map(is_, a, b))


CellChange = tuple[dict[tuple[str, str], StrEnum], list[tuple[str, str]], list[tuple[str, str]]]


def _patched(
    before: tuple[list[Any], dict[Corner, dict[tuple[str, str], StrEnum]]],
    correlations: list[Any],
    changes: dict[Corner, CellChange],
) -> dict[Corner, dict[tuple[str, str], StrEnum]] | None:
    """The cells by corner after a small edit, copying only the corners it touched; None if big."""
    change = small_change(before[0], correlations)
    if change is None:
        return None
    gone, new = change
    by_corner = dict(before[1])
    for corner in {cell.corner for cell in (*gone, *new)}:
        cells = dict(by_corner[corner])
        for cell in gone:
            if cell.corner == corner:
                cells.pop((cell.row_id, cell.col_id), None)
        for cell in new:
            if cell.corner == corner:
                cells[(cell.row_id, cell.col_id)] = cell.strength
        old = before[1][corner]
        dropped = [(c.row_id, c.col_id) for c in gone if c.corner == corner and (c.row_id, c.col_id) not in cells]
        marked = [(c.row_id, c.col_id) for c in new if c.corner == corner and (c.row_id, c.col_id) not in old]
        changes[corner] = (before[1][corner], dropped, marked)
        by_corner[corner] = cells
    return by_corner


class GridBuilder:
    """Builds the five grids after every edit, reusing what the edit did not touch.

    The store reloads only the tables an edit changed and keeps the other items as the same
    objects, so the axes of unchanged lists and the cells of an untouched table are reused:
    after a people mark on the large plan only the people matrix's cells are recomputed.
    """

    def __init__(self) -> None:
        self._axes: dict[tuple[str, ...], tuple[list[Any], list[Any], list[Axis]]] = {}
        self._correlations: tuple[list[Any], dict[Corner, dict[tuple[str, str], StrEnum]]] = (
            [],
            {c: {} for c in Corner},
        )
        self._marks: tuple[list[Any], dict[tuple[str, str], StrEnum]] = ([], {})
        self._checked: list[Any] | None = None  # the correlations list already compared this round
        # Per corner, what the last small edit did: (cells before, keys dropped, keys marked).
        self._changes: dict[Corner, CellChange] = {}
        self._grids: dict[str, tuple[list[Axis], list[Axis], dict[tuple[str, str], StrEnum], Grid]] = {}

    def axes(self, plan: Plan, kinds: tuple[str, ...]) -> list[Axis]:
        """Rows or columns of ``kinds`` in display order, coded as on every screen and on paper (``core.codes``)."""
        lists = [_in_display_order(plan, kind) for kind in kinds]
        items = [item for items in lists for item in items]
        cached = self._axes.get(kinds)
        if cached is not None and _same(cached[0], items) and _same(cached[1], plan.catchball_states):
            return cached[2]
        codes = item_codes(plan)  # stored codes; people are numbered on screen only
        marks = state_marks(plan)
        axes = [
            Axis(
                item.id,
                codes.get(item.id) or f"{CODES[kind]}{number}",
                _label(item),
                _note(item),
                marks.get(item.id, ""),
            )
            for kind, items_of_kind in zip(kinds, lists, strict=True)
            for number, item in enumerate(items_of_kind, 1)
        ]
        self._axes[kinds] = (items, plan.catchball_states, axes)
        return axes

    def cells(self, plan: Plan, corner: Corner | None) -> dict[tuple[str, str], StrEnum]:
        """Marked cells of one grid; regrouped only when the store reloaded that table."""
        if corner is None:
            if not _same(self._marks[0], plan.marks):
                self._marks = (plan.marks, {(m.item_id, m.person_id): m.role for m in plan.marks})
            return self._marks[1]
        if self._checked is not plan.correlations and not _same(self._correlations[0], plan.correlations):
            self._changes = {}
            patched = _patched(self._correlations, plan.correlations, self._changes)
            if patched is not None:  # one cell edited: only its corner's cells are new
                self._correlations = (plan.correlations, patched)
            else:
                by_corner: dict[Corner, dict[tuple[str, str], StrEnum]] = {c: {} for c in Corner}
                for cell in plan.correlations:
                    by_corner[cell.corner][(cell.row_id, cell.col_id)] = cell.strength
                before = self._correlations[1]
                for key, cells in by_corner.items():  # an edit touches one corner: keep the others' grids
                    if before.get(key) == cells:
                        by_corner[key] = before[key]
                self._correlations = (plan.correlations, by_corner)
        self._checked = plan.correlations
        return self._correlations[1][corner]

    def grid(self, plan: Plan, kind: GridKind) -> Grid:
        """The grid ``kind`` of ``plan``; links to items no longer in the plan are left out."""
        rows = self.axes(plan, kind.rows)
        cols = self.axes(plan, (kind.cols,))
        cells = self.cells(plan, kind.corner)
        cached = self._grids.get(kind.key)
        if cached is not None and cached[0] is rows and cached[1] is cols:
            if cached[2] is cells:
                return cached[3]
            change = self._changes.get(kind.corner) if kind.corner is not None else None
            patched = None
            # A cell edit since this grid was built (and it left no dangling link out): patch it.
            if change is not None and change[0] is cached[2] and cached[3].cells is cached[2]:
                patched = cached[3].patched(cells, change[1], change[2])
            grid = patched or self._build(kind, rows, cols, cells)
        else:
            grid = self._build(kind, rows, cols, cells)
        self._grids[kind.key] = (rows, cols, cells, grid)
        return grid

    @staticmethod
    def _build(kind: GridKind, rows: list[Axis], cols: list[Axis], cells: dict[tuple[str, str], StrEnum]) -> Grid:
        row_ids, col_ids = {r.id for r in rows}, {c.id for c in cols}
        if any(r not in row_ids or c not in col_ids for r, c in cells):
            cells = {key: value for key, value in cells.items() if key[0] in row_ids and key[1] in col_ids}
        return Grid(kind, rows, cols, cells)

    def grids(self, plan: Plan) -> dict[str, Grid]:
        return {kind.key: self.grid(plan, kind) for kind in GRIDS}


def build_grids(plan: Plan) -> dict[str, Grid]:
    return GridBuilder().grids(plan)
