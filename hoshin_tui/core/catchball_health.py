"""Catchball health: items never thrown, not yet agreed, and a ball held too long.

Only throws count (turns sent to someone, ``to_id``): a level that has not begun its round
gets no reminders (a room building its X-matrix does not need thirty of them), nor does a
format-3 thread, which named no one to answer. Catchball cascades a level at a time, so an
item is "never thrown" once another item of its level has been. The findings point at the
Catchball step (``kind`` "catchball_states"), where the item can be answered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from hoshin_tui.core.catchball import (
    HELD_TOO_LONG_DAYS,
    STATE_WORDS,
    ItemCatchball,
    catchball_items,
    item_name,
    level_of,
)
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import CatchballState
from hoshin_tui.model.lists import plan_list

if TYPE_CHECKING:
    from hoshin_tui.core.health import Finding

STEP_KIND = "catchball_states"  # the list the Catchball step shows: health jumps there


def wall_clock() -> datetime:
    return datetime.now(UTC)


clock: Callable[[], datetime] = wall_clock  # tests and snapshots freeze it


def catchball_findings(plan: Plan, now: datetime | None = None) -> list[Finding]:
    """The catchball warnings of ``plan``, in plan order: never thrown (one per list), not agreed, ball held."""
    if not any(entry.to_id for entry in plan.catchball_entries):
        return []
    from hoshin_tui.core.health import Finding  # health gathers these findings: imported late, not in a cycle

    now = now or clock()
    rows = catchball_items(plan)
    found = _never_thrown(rows)
    for row in rows:
        if row.last_throw is None or row.state is CatchballState.AGREED:
            continue
        name = item_name(row.kind, row.item)
        message = f"{name} is not yet agreed: {STATE_WORDS[row.state]}"
        found.append(Finding("warning", STEP_KIND, row.item_id, message, "not agreed"))
        days = row.days_since_last_throw(now)
        holder = plan.person_name(row.holder_id)
        if holder and days is not None and days > HELD_TOO_LONG_DAYS:
            message = f"{name}: the ball has been with {holder} for {days} days"
            found.append(Finding("warning", STEP_KIND, row.item_id, message, "ball held"))
    return found


def _never_thrown(rows: list[ItemCatchball]) -> list[Finding]:
    """One finding per list: its items never thrown, in a level whose round has begun."""
    from hoshin_tui.core.health import Finding

    begun = {level_of(row.kind).key for row in rows if row.last_throw is not None}
    by_list: dict[str, list[ItemCatchball]] = {}
    for row in rows:
        if row.last_throw is None and level_of(row.kind).key in begun:
            by_list.setdefault(row.kind, []).append(row)
    found = []
    for kind, never in by_list.items():
        codes = ", ".join(row.code or "?" for row in never[:8]) + ("…" if len(never) > 8 else "")
        message = f"{plan_list(kind).words(len(never)).capitalize()} never thrown in catchball: {codes}"
        found.append(Finding("warning", STEP_KIND, never[0].item_id, message, "never thrown"))
    return found
