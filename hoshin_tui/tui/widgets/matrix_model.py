"""What one grid of the X-matrix shows, computed from the plan. No textual here: easy to test.

The four corner grids relate neighbouring lists (the row kind is named first, as in
``Corner``); the people matrix crosses initiatives and measures with people. A cell cycles
through the grid's three values (strong, medium, weak or leader, core, rotating) and back
to empty. A row or column with no mark in its grid is an orphan and is marked live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import SYMBOLS, Corner, MarkRole, Strength

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
        "People on initiatives and measures",
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


@dataclass
class Grid:
    """A grid as drawn: rows, columns, the marked cells and the orphans."""

    kind: GridKind
    rows: list[Axis]
    cols: list[Axis]
    cells: dict[tuple[str, str], StrEnum]
    row_counts: dict[str, int] = field(default_factory=dict)
    col_counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.row_counts = {row.id: 0 for row in self.rows}
        self.col_counts = {col.id: 0 for col in self.cols}
        for row_id, col_id in self.cells:
            self.row_counts[row_id] += 1
            self.col_counts[col_id] += 1

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
    return " ".join((getattr(item, "title", None) or getattr(item, "name", "")).split())


def _axis(plan: Plan, kinds: tuple[str, ...], code: dict[str, str]) -> list[Axis]:
    return [Axis(item.id, code.get(item.id, "?"), _label(item)) for kind in kinds for item in getattr(plan, kind)]


def build_grid(plan: Plan, kind: GridKind, code: dict[str, str]) -> Grid:
    """The grid ``kind`` of ``plan``; links to items no longer in the plan are left out."""
    rows = _axis(plan, kind.rows, code)
    cols = _axis(plan, (kind.cols,), code)
    row_ids, col_ids = {r.id for r in rows}, {c.id for c in cols}
    cells: dict[tuple[str, str], StrEnum]
    if kind.corner is not None:
        cells = {(c.row_id, c.col_id): c.strength for c in plan.correlations if c.corner == kind.corner}
    else:
        cells = {(m.item_id, m.person_id): m.role for m in plan.marks}
    cells = {key: value for key, value in cells.items() if key[0] in row_ids and key[1] in col_ids}
    return Grid(kind, rows, cols, cells)


def build_grids(plan: Plan, code: dict[str, str]) -> dict[str, Grid]:
    return {kind.key: build_grid(plan, kind, code) for kind in GRIDS}
