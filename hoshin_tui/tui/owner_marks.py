"""An owner chosen for an initiative or a measure leads it in the people matrix too.

Choosing the owner in the form and then marking the same person again in the X-matrix is
a step the room forgets, and the printed people matrix then shows an owner with no mark.
The mark is made in the same change as the item (inside the caller's ``store.batch()``), so
one ctrl+z takes back both. A person already marked on the item keeps the role they have.
"""

from __future__ import annotations

from typing import Any

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import MarkRole
from hoshin_tui.model.plan import Initiative, Measure
from hoshin_tui.store import SessionStore


def leader_mark_for_owner(store: SessionStore, plan: Plan, item: Any, before: Any | None) -> bool:
    """Mark the newly chosen owner of ``item`` as its leader; True when a mark was made.

    ``plan`` is the plan before the edit; ``before`` the item as it was (None for a new one).
    """
    if not isinstance(item, Initiative | Measure) or not item.owner_id:
        return False
    if before is not None and getattr(before, "owner_id", None) == item.owner_id:
        return False  # the owner was not chosen now: leave the matrix as the room left it
    if any(mark.item_id == item.id and mark.person_id == item.owner_id for mark in plan.marks):
        return False
    store.set_mark(item.id, item.owner_id, MarkRole.LEADER)
    return True
