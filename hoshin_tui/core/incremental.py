"""Following a plan edit by edit: what changed in a list the store patched.

The store re-reads only the tables an edit changed and keeps every unchanged item as the same
object, so an edit's footprint in a list is found by identity, around the unchanged head and
tail. Views and checks use it to patch what they built instead of building it again.
"""

from __future__ import annotations

from itertools import compress, count
from operator import is_not
from typing import Any

PATCH_LIMIT = 32  # more changed items than this (an import, an undo of a batch): rebuild instead


def changed_span(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    """(items gone, items new) between two versions of a list: a save appends or replaces one
    item, a delete drops one; whatever lies between the unchanged head and tail counts as changed."""
    n = min(len(old), len(new))
    head = next(compress(count(), map(is_not, old, new)), n)
    tail = next(compress(count(), map(is_not, reversed(old[head:]), reversed(new[head:]))), n - head)
    return old[head : len(old) - tail], new[head : len(new) - tail]


def small_change(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]] | None:
    """``changed_span`` when it is small enough to patch, else None (build it all again)."""
    if not old:
        return None
    gone, added = changed_span(old, new)
    return (gone, added) if len(gone) + len(added) <= PATCH_LIMIT else None
