"""What changed in the plan on a day, read from the undo history of the session file.

The ``history`` table holds, for every change still in force (``undone = 0``), the rows
before and after it. Laid end to end, a day's changes give each row's first "before" and
last "after": an item added then renamed is one addition, one added and deleted is nothing.
The session record prints the result ("Initiatives: added Kanban, SMED"). The room's own
lists (agenda, parking lot, votes, decisions) are left out: the record shows them whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from hoshin_tui.model.lists import BY_NAME

if TYPE_CHECKING:
    from hoshin_tui.store.session import SessionStore

ROOM_LISTS = frozenset({"agenda", "parking_lot", "votes", "decisions"})


@dataclass(frozen=True)
class HistoryEntry:
    """One change of the undo history: when, its label, and its row writes."""

    at: datetime
    label: str
    ops: list[Any]  # [table, key, before row or None, after row or None]


@dataclass(frozen=True)
class ListChange:
    """What a day did to one plan list."""

    title: str  # "Initiatives"
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlanChanges:
    day: date | None
    edits: int  # changes (undo steps) on the day, the room's lists included
    first: datetime | None
    last: datetime | None
    fields: list[str]  # the plan's own fields changed: "aim", "title"
    lists: list[ListChange]
    names: dict[str, str] = field(default_factory=dict)  # id -> code (or a person's name) of rows seen

    @property
    def empty(self) -> bool:
        return not self.fields and not self.lists


def read_history(store: SessionStore, day: date | None = None) -> list[HistoryEntry]:
    """The changes in force, oldest first; only those made on ``day`` (local time) when given."""
    rows = store.conn.execute("SELECT at, label, ops FROM history WHERE undone = 0 ORDER BY seq")
    entries = []
    for at_text, label, ops in rows:
        at = _moment(at_text)
        if at is None or (day is not None and at.astimezone().date() != day):
            continue
        entries.append(HistoryEntry(at, label, json.loads(ops)))
    return entries


def _moment(text: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def summarise(entries: Sequence[HistoryEntry], day: date | None = None) -> PlanChanges:
    """The net change of ``entries`` to each plan list and to the plan's own fields."""
    first_before: dict[tuple[str, str], Any] = {}
    last_after: dict[tuple[str, str], Any] = {}
    for entry in entries:
        for table, key, before, after in entry.ops:
            slot = (table, json.dumps(key))
            first_before.setdefault(slot, before)
            last_after[slot] = after
    fields: list[str] = []
    by_list: dict[str, ListChange] = {}
    names = _names(entries)
    removed = {
        json.loads(slot[1])[0]
        for slot, before in first_before.items()
        if before is not None and last_after[slot] is None and slot[0] in BY_NAME and BY_NAME[slot[0]].key == ("id",)
    }
    for slot, before in first_before.items():
        table = slot[0]
        after = last_after[slot]
        if table in ROOM_LISTS or before == after:
            continue
        if table == "meta":
            name = json.loads(slot[1])[0]
            if name in _PLAN_FIELD_TITLES:
                fields.append(_PLAN_FIELD_TITLES[name])
            continue
        plan_list = BY_NAME.get(table)
        if plan_list is None:
            continue
        row = after if after is not None else before
        if plan_list.key != ("id",) and any(row.get(name) in removed for name in plan_list.key):
            continue  # a link that went with a removed item: the removal says it
        change = by_list.setdefault(table, ListChange(plan_list.plural.capitalize()))
        if before is None:
            change.added.append(_named(table, after))
        elif after is None:
            change.removed.append(_named(table, before))
        elif _moved_only(before, after):
            continue
        else:
            change.changed.append(_named(table, after))
    order = [name for name in BY_NAME if name in by_list]
    lists = [by_list[name] for name in order if _any(by_list[name])]
    moments = [entry.at for entry in entries]
    first, last = min(moments, default=None), max(moments, default=None)
    return PlanChanges(day, len(entries), first, last, fields, lists, names)


def _names(entries: Sequence[HistoryEntry]) -> dict[str, str]:
    """The code (or a person's name) of every item row the entries wrote, removed ones included."""
    names: dict[str, str] = {}
    for entry in entries:
        for table, _key, before, after in entry.ops:
            plan_list = BY_NAME.get(table)
            if plan_list is None or plan_list.key != ("id",):
                continue
            for row in (before, after):
                if row and row.get("id"):
                    names[row["id"]] = str(row.get("code") or row.get(plan_list.title_field) or row["id"])
    return names


def _any(change: ListChange) -> bool:
    return bool(change.added or change.changed or change.removed)


def _moved_only(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return {**before, "pos": None} == {**after, "pos": None}


def _named(table: str, row: dict[str, Any]) -> str:
    """How a row is named in the summary: its code and title, or what it links."""
    plan_list = BY_NAME[table]
    if plan_list.title_field:
        text = str(row.get(plan_list.title_field) or "")
        code = str(row.get("code") or "")
        return f"{code} {text}".strip()
    return " × ".join(str(row.get(name) or "") for name in plan_list.key if name not in ("corner",))


_PLAN_FIELD_TITLES = {
    "title": "title",
    "organization": "organization",
    "period": "period",
    "version": "version",
    "aim": "aim of the system",
    "fiscal_start_month": "fiscal start month",
    "session_start": "session start",
}


def named_links(change: ListChange, names: dict[str, str]) -> ListChange:
    """The same change with item ids in link rows ("in_x × me_y") replaced by codes where known."""

    def swap(text: str) -> str:
        return " × ".join(names.get(part, part) for part in text.split(" × "))

    def each(items: Iterable[str]) -> list[str]:
        return [swap(text) for text in items]

    return ListChange(change.title, each(change.added), each(change.changed), each(change.removed))
