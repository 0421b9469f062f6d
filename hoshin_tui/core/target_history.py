"""Targets changed during a period, read from the session's own history of changes.

The quarterly review shows each changed target as "95 → 93, reason", keeping the original
visible (peers-and-practice 5.3). Every edit of a measure is already kept, with the row
before and after, in the store's undo history; this reads it rather than asking the room to
log changes twice. The reason is the latest catchball entry on the measure up to the change
(the room's agreement or counter-proposal), when there is one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from hoshin_tui.model.plan import Plan
from hoshin_tui.store.session import SessionStore


@dataclass(frozen=True)
class TargetChange:
    """A measure's target changed: what it was, what it became, when (ISO date) and why."""

    measure_id: str
    old: float | None
    new: float | None
    at: str
    reason: str = ""


def target_changes(store: SessionStore, plan: Plan, first_day: date, last_day: date) -> list[TargetChange]:
    """Every change of a measure's target made from ``first_day`` to ``last_day`` (inclusive), oldest first."""
    rows = store.conn.execute("SELECT at, ops FROM history WHERE undone = 0 ORDER BY seq").fetchall()
    changes = []
    for at, ops in rows:
        day = str(at)[:10]
        if not first_day.isoformat() <= day <= last_day.isoformat():
            continue
        for table, _key, before, after in json.loads(ops):
            if table != "measures" or not before or not after or before.get("target") == after.get("target"):
                continue
            measure_id = str(after.get("id", ""))
            reason = _reason(plan, measure_id, str(at))
            changes.append(TargetChange(measure_id, before.get("target"), after.get("target"), day, reason))
    return changes


def _reason(plan: Plan, measure_id: str, at: str) -> str:
    entries = [e for e in plan.catchball_entries if e.item_id == measure_id and e.at.isoformat() <= at and e.text]
    return max(entries, key=lambda e: e.at).text if entries else ""
