"""Lookups the list steps need on every redraw, built once per loaded plan.

Item codes come from ``hoshin_tui.core.codes`` so the screen and the printed X-matrix agree
(initiatives: strategic first); people get P1, P2... in list order.

``Plan.linked`` scans every correlation; a list of 100 initiatives asks it hundreds of
times per redraw. The index answers each question from a dict instead. The store hands
out a new ``Plan`` after every change, so the index is keyed on the plan object itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hoshin_tui.core.codes import PREFIX, item_codes
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner
from hoshin_tui.model.lists import label_of

if TYPE_CHECKING:
    from hoshin_tui.model.plan import Correlation

__all__ = ["CODE_PREFIX", "PlanIndex", "index_of", "label_of"]

# The coded lists, and people: numbered P1, P2... on screen only (never printed, never stored).
CODE_PREFIX = {**PREFIX, "people": "P"}


@dataclass
class PlanIndex:
    codes: dict[str, str] = field(default_factory=dict)  # id -> "S1"
    titles: dict[str, str] = field(default_factory=dict)  # id -> "S1 Grow share"
    names: dict[str, str] = field(default_factory=dict)  # person id -> name
    down: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # corner -> row id -> column ids
    up: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # corner -> column id -> row ids
    _cells: list[Correlation] = field(default_factory=list, repr=False)  # the correlations the links were built from

    @classmethod
    def build(cls, plan: Plan, previous: PlanIndex | None = None) -> PlanIndex:
        index = cls()
        index.codes = item_codes(plan)  # the same codes as the printed X-matrix
        for number, person in enumerate(plan.people, 1):
            index.codes[person.id] = f"P{number}"
        for kind in CODE_PREFIX:
            for item in getattr(plan, kind):
                index.titles[item.id] = f"{index.codes[item.id]} {label_of(item)}"
        index.names = {person.id: person.name for person in plan.people}
        cells = plan.correlations
        if previous is not None and _same_items(previous._cells, cells):
            index.down, index.up = previous.down, previous.up  # most edits leave the grid alone
        else:
            index.down, index.up = _links(cells)
        index._cells = cells
        return index

    def rows_of(self, corner: Corner, col_id: str) -> list[str]:
        return self.up.get(corner.value, {}).get(col_id, [])

    def cols_of(self, corner: Corner, row_id: str) -> list[str]:
        return self.down.get(corner.value, {}).get(row_id, [])


def _links(cells: list[Correlation]) -> tuple[dict[str, dict[str, list[str]]], dict[str, dict[str, list[str]]]]:
    """Corner value -> row -> columns, and corner value -> column -> rows, in the grid's order."""
    down: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    up: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for cell in cells:
        corner = cell.corner.value  # a str key hashes far faster than the enum
        down[corner][cell.row_id].append(cell.col_id)
        up[corner][cell.col_id].append(cell.row_id)
    return down, up


def _same_items(old: list[Correlation], new: list[Correlation]) -> bool:
    """True when ``new`` holds the very same item objects (the store reuses unchanged ones)."""
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


_last: tuple[Plan, PlanIndex] | None = None


def index_of(plan: Plan) -> PlanIndex:
    """The index of ``plan``, built on first use and kept while it is the current plan."""
    global _last
    if _last is None or _last[0] is not plan:
        _last = (plan, PlanIndex.build(plan, _last[1] if _last else None))
    return _last[1]
