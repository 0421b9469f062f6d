"""Bring a packet's answers into a session: every check first, then one batch, one ctrl+z.

The checks run on a read-only view of the session, so a refused packet leaves the file
byte for byte as it was (opening for editing alone would record the writer). Each answer
becomes a thread entry through the catchball moves of :mod:`hoshin_tui.core.catchball`, so a
packet obeys the same transition rules as the room: an agreement accepts a pending
counter-proposal and changes the plan item, a rejection needs a reason.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hoshin_tui.core.catchball import (
    CatchballChange,
    CatchballRefused,
    accept,
    counter_propose,
    item_name,
    make_proposal,
    reject,
    remark,
)
from hoshin_tui.model.enums import CatchballKind
from hoshin_tui.model.plan import CatchballEntry, CatchballStatus, Plan
from hoshin_tui.store.schema import BY_ATTR
from hoshin_tui.store.session import SessionStore

from .packet import (
    PACKET_FORMAT,
    Answer,
    CatchballPacket,
    PacketItem,
    answer_ids,
    item_check,
    now_utc,
    seal_of,
)
from .packet_build import PacketRefused

MAX_PACKET_BYTES = 64 * 2**20
_PLAN_LISTS = ("people", "strategies", "objectives", "initiatives", "measures")
_NOT_PACKET = "it is not a catchball packet (made by 'hoshin export catchball')"


def read_packet(path: Path) -> CatchballPacket:
    """The packet at ``path``, checked whole and its seal verified; :class:`PacketRefused` in one line if not."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PacketRefused(f"{path}: it is a folder, not a packet")
        if not stat.S_ISREG(info.st_mode):
            raise PacketRefused(f"{path}: it is not a regular file, so it cannot be a packet")
        with path.open("rb") as handle:
            raw = handle.read(MAX_PACKET_BYTES + 1)
    except FileNotFoundError:
        raise PacketRefused(f"No file at {path}") from None
    except OSError as exc:
        raise PacketRefused(f"{path}: cannot read it: {exc.strerror}") from exc
    if len(raw) > MAX_PACKET_BYTES:
        raise PacketRefused(f"{path.name}: it is larger than {MAX_PACKET_BYTES // 2**20} MB: {_NOT_PACKET}")
    return parse_packet(raw, source=path.name)


def parse_packet(raw: bytes, *, source: str = "the packet") -> CatchballPacket:
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise PacketRefused(f"{source}: it is not UTF-8 text: {_NOT_PACKET}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip()[:1] == "{" and _cut_short(text):
            cut = f"it ends too soon (cut short at line {exc.lineno}): copy the whole packet again"
            raise PacketRefused(f"{source}: {cut}") from None
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise PacketRefused(f"{source}: it is not valid JSON ({where}): {_NOT_PACKET}") from None
    if not isinstance(data, dict) or data.get("format") != PACKET_FORMAT:
        raise PacketRefused(f"{source}: {_NOT_PACKET}")
    try:
        packet = CatchballPacket.model_validate(data)
    except ValidationError as exc:
        raise PacketRefused(f"{source}: {_first_problem(exc, data)}") from None
    _check_seal(packet, source)
    return packet


def _cut_short(text: str) -> bool:
    """Whether ``text`` stops inside a string, an object or a list: the tail of a packet went missing."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return in_string or depth > 0


def _first_problem(exc: ValidationError, data: dict[str, Any]) -> str:
    error = exc.errors()[0]
    where = _where(data, tuple(error["loc"]))
    more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return f"{where}{error['msg'][:1].lower()}{error['msg'][1:]}{more}"


def _where(data: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """``item O2, answer 1, kind: `` for the place a validation error points at."""
    parts: list[str] = []
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        items = data.get("items")
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        code = item.get("code") if isinstance(item, dict) else None
        parts.append(f"item {code or loc[1] + 1}")
        loc = loc[2:]
        if len(loc) >= 2 and loc[0] == "answers" and isinstance(loc[1], int):
            parts.append(f"answer {loc[1] + 1}")
            loc = loc[2:]
    parts += [str(part) for part in loc if not isinstance(part, int)]
    return ", ".join(parts) + ": " if parts else ""


def _check_seal(packet: CatchballPacket, source: str) -> None:
    for index, item in enumerate(packet.items, start=1):
        if item.check != item_check(packet.packet_id, item):
            raise PacketRefused(
                f"{source}: item {index} ({item.code or item.id}) no longer matches its check: its id or code was "
                "edited. Only the answers may be changed; export a fresh packet"
            )
    if packet.seal != seal_of(packet):
        raise PacketRefused(
            f"{source}: the packet was changed outside its answers (the seal does not match): "
            "only the answers may be edited; export a fresh packet"
        )


# --- applying ---------------------------------------------------------------------------------


@dataclass
class Imported:
    """What an import added (or would add)."""

    entries: list[CatchballEntry] = field(default_factory=list)
    saves: list[BaseModel] = field(default_factory=list)
    skipped: int = 0  # answers already in the threads
    items: int = 0  # items that got a new turn

    def summary(self, person: str) -> str:
        if not self.entries:
            if not self.skipped:
                return f"Nothing new: {person}'s packet holds no answers yet (add them with hoshin reply)"
            answers = _count(self.skipped, "answer")
            return f"Nothing new: every answer of {person}'s packet ({answers}) is already in the threads"
        again = f" ({self.skipped} already there)" if self.skipped else ""
        added = f"Added {_count(len(self.entries), 'turn')} from {person} on {_count(self.items, 'item')}{again}"
        return f"{added} · one ctrl+z in the session undoes them"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def plan_answers(plan: Plan, packet: CatchballPacket, *, now: datetime | None = None) -> Imported:
    """The turns ``packet`` adds to ``plan``, checked against the plan and the catchball rules."""
    _check_same_plan(plan, packet)
    person = packet.person.id
    existing = {entry.id for entry in plan.catchball_entries}
    threads: dict[str, list[CatchballEntry]] = {}
    for entry in plan.catchball_entries:
        threads.setdefault(entry.item_id, []).append(entry)
    states = {status.item_id: status for status in plan.catchball_states}
    stamp = now or now_utc()
    result = Imported()
    for item in packet.items:
        ids = answer_ids(packet.packet_id, item)
        fresh = [(index, answer) for index, answer in enumerate(item.answers) if ids[index] not in existing]
        result.skipped += len(item.answers) - len(fresh)
        if not fresh:
            continue
        result.items += 1
        own = next((found for found in getattr(plan, item.plan_list, []) if found.id == item.id), None)
        view = plan.model_copy(
            update={
                # the item alone in its list (the moves look it up), and its thread alone
                **{name: [own] if name == item.plan_list and own else [] for name in _PLAN_LISTS[1:]},
                "catchball_entries": list(threads.get(item.id, [])),
                "catchball_states": [states[item.id]] if item.id in states else [],
            }
        )
        for index, answer in fresh:
            change = _move(view, item, index, answer, person, stamp)
            assert change.entry is not None  # every answer is a turn
            change.entry.id = ids[index]
            result.entries.append(change.entry)
            result.saves += change.saves
            view = _after(view, change)
    return result


def _check_same_plan(plan: Plan, packet: CatchballPacket) -> None:
    ids = {item.id for name in ("strategies", "objectives", "initiatives", "measures") for item in getattr(plan, name)}
    people = {p.id for p in plan.people}
    missing = [item for item in packet.items if item.id not in ids]
    if packet.person.id not in people and len(missing) == len(packet.items):
        origin = " ".join(part for part in (packet.plan.title, packet.plan.period) if part)
        raise PacketRefused(
            f"This packet comes from another plan ('{origin}', session '{packet.plan.session}'): "
            "none of its items or people are in this session; nothing was imported"
        )
    if packet.person.id not in people:
        gone = f"{packet.person.name}, whom the packet is for, is no longer in the plan"
        raise PacketRefused(f"{gone}; nothing was imported")
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise PacketRefused(
            f"{first.code or first.noun} '{first.title}' was deleted from the plan after the packet was made{more}; "
            "nothing was imported"
        )


def _move(view: Plan, item: PacketItem, index: int, answer: Answer, person: str, stamp: datetime) -> CatchballChange:
    """The catchball move an answer is, or a one-line refusal naming the item and the answer."""
    to_id = _addressee(view, item, answer, person)
    at = answer.at or stamp
    kind = CatchballKind(answer.kind)
    try:
        if kind in (CatchballKind.COMMENT, CatchballKind.QUESTION, CatchballKind.CONCERN):
            return remark(view, item.id, who_id=person, to_id=to_id, text=answer.text, kind=kind, now=at)
        if kind is CatchballKind.COUNTER_PROPOSAL:
            proposal = None
            if answer.change is not None:
                proposal = make_proposal(view, item.id, answer.change.field.strip().lower(), answer.change.to)
            return counter_propose(
                view, item.id, who_id=person, to_id=to_id, text=answer.text, proposal=proposal, now=at
            )
        if kind is CatchballKind.AGREEMENT:
            return accept(view, item.id, who_id=person, to_id=to_id, text=answer.text, now=at)
        return reject(view, item.id, who_id=person, to_id=to_id, reason=answer.text, now=at)
    except CatchballRefused as exc:
        raise PacketRefused(f"{item.code or item.noun}, answer {index + 1}: {exc}; nothing was imported") from None


def _addressee(view: Plan, item: PacketItem, answer: Answer, person: str) -> str | None:
    """Who the ball goes to: as the answer says, else whoever last threw it to the person."""
    if answer.to:
        wanted = answer.to.strip()
        found = [p for p in view.people if wanted in (p.id, p.name) or p.name.casefold() == wanted.casefold()]
        if len(found) != 1:
            where = item.code or item.noun
            raise PacketRefused(f"{where}: '{answer.to}' is not a person of this plan; nothing was imported")
        return found[0].id
    for turn in reversed(view.catchball_entries):
        if turn.to_id == person and turn.who_id and turn.who_id != person:
            return turn.who_id
    for turn in reversed(view.catchball_entries):
        if turn.who_id and turn.who_id != person:
            return turn.who_id
    return None


def _after(view: Plan, change: CatchballChange) -> Plan:
    """``view`` with a move's saves in it, so the next answer sees the state and thread it left."""
    entries = list(view.catchball_entries)
    states = list(view.catchball_states)
    update: dict[str, Any] = {}
    for saved in change.saves:
        if isinstance(saved, CatchballEntry):
            entries.append(saved)
        elif isinstance(saved, CatchballStatus):
            states = [s for s in states if s.item_id != saved.item_id] + [saved]
        else:
            for name in ("strategies", "objectives", "initiatives", "measures"):
                items = update.get(name, getattr(view, name))
                if any(getattr(old, "id", None) == getattr(saved, "id", "") for old in items):
                    update[name] = [saved if old.id == getattr(saved, "id", "") else old for old in items]
    return view.model_copy(update={"catchball_entries": entries, "catchball_states": states, **update})


def negotiated_plan(store: SessionStore, packet: CatchballPacket) -> Plan:
    """The part of the session a packet's answers touch: people, the four item lists, the packet items' threads.

    Read straight from the file and validated by the models, as ``load`` would, but without
    the matrix, the results or the other items' threads: on a large plan with long threads a
    whole load costs several times what the answers do.
    """
    cursor = store.conn.cursor()
    cursor.row_factory = None
    ids = [item.id for item in packet.items]
    lists: dict[str, Any] = {}
    for name in (*_PLAN_LISTS, "catchball_entries", "catchball_states"):
        coll = BY_ATTR[name]
        columns = ", ".join(f"[{field_name}]" for field_name in coll.fields)
        query = f"SELECT {columns} FROM [{coll.table}]"
        rows: list[tuple[Any, ...]] = []
        if name in _PLAN_LISTS:
            rows = cursor.execute(f"{query} ORDER BY pos").fetchall()
        else:
            for start in range(0, len(ids), 500):  # SQLite takes a limited number of parameters
                chunk = ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                rows += cursor.execute(f"{query} WHERE item_id IN ({marks}) ORDER BY pos", chunk).fetchall()
        try:
            lists[name] = coll.list_adapter.validate_python([coll.from_row(row) for row in rows])
        except ValidationError as exc:
            raise PacketRefused(
                f"{store.path.name} holds a damaged {name.replace('_', ' ')} row ({exc.error_count()} problems): "
                "open the session in hoshin to see it; nothing was imported"
            ) from None
    return Plan.model_construct(**lists)


def _history_stamp(store: SessionStore) -> tuple[Any, ...]:
    """What changes with every edit, undo and redo a session records (its history), read in one query."""
    row = store.conn.execute(
        "SELECT count(*), max(seq), total(undone), "
        "(SELECT at || ' ' || label || ' ' || length(ops) FROM history ORDER BY seq DESC LIMIT 1) FROM history"
    ).fetchone()
    return tuple(row)


def import_packet(session: Path, packet_path: Path, *, now: datetime | None = None) -> tuple[Imported, str]:
    """Append a packet's new answers to ``session`` as one undo step; returns what was added and a summary line.

    Everything is checked on a read-only view first; the session is opened for editing only
    when there is something to add, and checked again there if its history moved meanwhile.
    """
    packet = read_packet(packet_path)
    with SessionStore.open(session, read_only=True) as view:
        seen = _history_stamp(view)
        plan = negotiated_plan(view, packet)
        planned = plan_answers(plan, packet, now=now)
    if not planned.entries:
        return planned, planned.summary(packet.person.name)
    with SessionStore.open(session) as store:
        if store.read_only:
            reason = store.read_only_reason.split(": opened read-only")[0]
            raise PacketRefused(f"Not imported: {reason}; close it there and import again")
        if _history_stamp(store) != seen:  # edited in between: check again, as the file is now, under the lock
            planned = plan_answers(negotiated_plan(store, packet), packet, now=now)
        if planned.entries:
            label = f"import catchball packet from {packet.person.name} ({len(planned.entries)} turns)"
            with store.batch(label):
                for item in planned.saves:
                    store.save(item)
    return planned, planned.summary(packet.person.name)


__all__ = ["Imported", "PacketRefused", "import_packet", "item_name", "parse_packet", "plan_answers", "read_packet"]
