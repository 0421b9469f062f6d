"""After undo or redo, show what changed: its step, with the item under the cursor.

ctrl+z on the X-matrix that brings back a deleted strategy must not leave the room looking
at a grid where nothing seems to happen. The change is found by comparing the plan before
and after (the lists keep their unchanged items, so most comparisons are identity checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hoshin_tui.model import Plan
from hoshin_tui.tui.steps import STEPS, step_for_kind

if TYPE_CHECKING:
    from hoshin_tui.tui.screens.session import SessionScreen

HEADER = ("aim", "title", "organization", "period", "version")  # shown on (or reached from) the aim step
ITEM_LISTS = ("strategies", "objectives", "initiatives", "measures", "people", "a3s")


def _key(item: Any) -> Any:
    return getattr(item, "id", None)


def _same_items(before: Plan, after: Plan) -> bool:
    """The same items in each list, whatever their fields: no item was added or deleted."""
    return all(
        [_key(i) for i in getattr(before, kind)] == [_key(i) for i in getattr(after, kind)] for kind in ITEM_LISTS
    )


def what_changed(before: Plan, after: Plan) -> tuple[str, str | None] | None:
    """(step key, item id or None) of the first thing that differs, or None when nothing does."""
    if before.catchball_entries != after.catchball_entries and _same_items(before, after):
        # a catchball move, with any change it applied (a deleted item's thread goes back with the item instead)
        old_ids = {entry.id for entry in before.catchball_entries}
        new_ids = {entry.id for entry in after.catchball_entries}
        moved = [e for e in after.catchball_entries if e.id not in old_ids]
        moved += [e for e in before.catchball_entries if e.id not in new_ids]
        return "catchball", moved[0].item_id if moved else None
    for kind in ITEM_LISTS:
        old, new = getattr(before, kind), getattr(after, kind)
        if old is new or (len(old) == len(new) and all(a is b or a == b for a, b in zip(old, new, strict=True))):
            continue
        index = step_for_kind(kind)
        key = STEPS[index].key if index is not None else "aim"
        old_by_id = {_key(item): item for item in old}
        for item in new:  # added back, or changed, or moved: that item
            if old_by_id.get(_key(item)) != item or [_key(i) for i in old].index(_key(item)) != new.index(item):
                return key, _key(item)
        return key, None  # only removed: the step it was on
    item_ids: tuple[tuple[str, Callable[[Any], str]], ...] = (
        ("correlations", lambda c: c.row_id),
        ("marks", lambda m: m.item_id),
    )
    for kind, item_of in item_ids:
        old, new = getattr(before, kind), getattr(after, kind)
        if old != new:
            differ = [c for c in new if c not in old] or [c for c in old if c not in new]
            return "matrix", item_of(differ[0])
    if any(getattr(before, name) != getattr(after, name) for name in HEADER):
        return "aim", None
    return None


async def show_change(screen: SessionScreen, before: Plan) -> None:
    """Move ``screen`` to the step and item that changed between ``before`` and its plan now."""
    found = what_changed(before, screen.session.plan)
    if found is None or not screen.is_attached:
        return
    key, item_id = found
    index = next(i for i, step in enumerate(STEPS) if step.key == key)
    await screen.action_go(index)
    if item_id is not None:
        screen.view.select_item(item_id)
