"""``hoshin reply PACKET``: a leader answers a catchball packet without retyping the plan.

The packet is read and checked as the import checks it; each answer is written into the
packet's ``answers`` (the only part a seal leaves open) and the file is saved after every
answer, so an interrupted reply keeps what was answered. A move the rules would refuse on
import (agreeing a draft, rejecting without a reason) is refused here, while the leader can
still say it another way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hoshin_tui.core.catchball import KIND_WORDS, STATE_WORDS, refusal
from hoshin_tui.core.files import write_atomic
from hoshin_tui.model.enums import CatchballKind, CatchballState

from .packet import Answer, CatchballPacket, PacketItem, ProposedChange, now_utc, packet_json
from .packet_build import PacketRefused
from .packet_import import read_packet

Ask = Callable[[str], str]
Say = Callable[[str], None]

KEYS: dict[str, CatchballKind] = {
    "a": CatchballKind.AGREEMENT,
    "p": CatchballKind.COUNTER_PROPOSAL,
    "q": CatchballKind.QUESTION,
    "c": CatchballKind.COMMENT,
    "n": CatchballKind.CONCERN,
    "x": CatchballKind.REJECTION,
}
_MENU = (
    "[a]gree  [p] counter-propose  [q]uestion  [c]omment  co[n]cern  [x] reject  [enter] next item  [w] save and stop"
)
_STATE_AFTER: dict[CatchballKind, CatchballState] = {
    CatchballKind.COUNTER_PROPOSAL: CatchballState.REVISED,
    CatchballKind.AGREEMENT: CatchballState.AGREED,
    CatchballKind.REJECTION: CatchballState.REJECTED,
}


def state_now(item: PacketItem) -> CatchballState:
    """The item's state after the answers already written in the packet."""
    state = CatchballState(item.state)
    for answer in item.answers:
        state = _STATE_AFTER.get(CatchballKind(answer.kind), state)
    return state


def answer_problem(item: PacketItem, answer: Answer) -> str | None:
    """Why the import would refuse ``answer`` on ``item`` after its earlier answers, or None."""
    kind = CatchballKind(answer.kind)
    current = state_now(item)
    new = _STATE_AFTER.get(kind)
    name = f"{item.code or item.noun} '{item.title}'"
    if new is None:
        return None if answer.text.strip() else f"A {KIND_WORDS[kind]} needs some text"
    if new is CatchballState.REVISED and current is CatchballState.REVISED:
        problem = None
    else:
        problem = refusal(current, new, reason=answer.text, name=name)
    if problem is None and kind is CatchballKind.REJECTION and not answer.text.strip():
        problem = "A rejection needs a reason"
    if problem is None and kind is CatchballKind.COUNTER_PROPOSAL:
        if not answer.text.strip() and answer.change is None:
            problem = "A counter-proposal needs some text: what and why"
        elif answer.change is not None and answer.change.field not in item.may_propose:
            problem = f"A {item.noun} has no {answer.change.field} to propose: choose {', '.join(item.may_propose)}"
    return problem


def add_answer(packet: CatchballPacket, code: str, answer: Answer) -> PacketItem:
    """Put ``answer`` on the item with ``code`` (or id), refused in one line as the import would refuse it."""
    item = next((i for i in packet.items if code.strip().casefold() in (i.code.casefold(), i.id.casefold())), None)
    if item is None:
        codes = ", ".join(i.code for i in packet.items)
        raise PacketRefused(f"No item {code} in this packet (items: {codes})")
    if answer.change is not None:
        answer.change.from_ = item.values.get(answer.change.field, "")
    problem = answer_problem(item, answer)
    if problem:
        raise PacketRefused(problem)
    if answer.at is None:
        answer.at = now_utc()
    item.answers.append(answer)
    return item


def save_packet(path: Path, packet: CatchballPacket) -> None:
    write_atomic(path, packet_json(packet).encode("utf-8"))


def reply_interactively(path: Path, ask: Ask = input, say: Say = print) -> int:
    """Walk the packet's items (those waiting on the person first) and ask for an answer to each.

    Returns how many answers were added. ``ask`` and ``say`` are ``input`` and ``print`` by
    default; a test passes its own.
    """
    packet = read_packet(path)
    waiting = [item for item in packet.items if item.your_turn]
    order = waiting + [item for item in packet.items if not item.your_turn]
    origin = " ".join(part for part in (packet.plan.title, packet.plan.period) if part)
    say(f"Catchball packet for {packet.person.name} · {origin} · {len(order)} items, {len(waiting)} wait on you")
    added = 0
    for number, item in enumerate(order, start=1):
        _show(item, number, len(order), say)
        while True:
            choice = ask(f"{_MENU}\n> ").strip().lower()
            if choice in ("", "s"):
                break
            if choice in ("w", "quit", "q!"):
                say(f"Saved {_answers(added)} in {path}. Send the file back to the facilitator.")
                return added
            kind = KEYS.get(choice[:1])
            if kind is None:
                say("Type one of the letters in brackets")
                continue
            early = answer_problem(item, Answer.model_validate({"kind": kind.value, "text": "(a reason)"}))
            if early:  # a move the state does not allow: say so before the leader types the text
                say(f"Not possible: {early}")
                continue
            answer = _ask_answer(item, kind, ask, say)
            if answer is None:
                continue
            try:
                add_answer(packet, item.code or item.id, answer)
            except PacketRefused as exc:
                say(f"Not added: {exc}")
                continue
            save_packet(path, packet)
            added += 1
            state = state_now(item)
            moved = f"; it is {STATE_WORDS[state]} now" if kind in _STATE_AFTER else ""
            say(f"Added your {KIND_WORDS[kind]} on {item.code}{moved}")
    say(f"Saved {_answers(added)} in {path}. Send the file back to the facilitator.")
    return added


def _answers(count: int) -> str:
    return f"{count} answer{'' if count == 1 else 's'}"


def _show(item: PacketItem, number: int, total: int, say: Say) -> None:
    turn = " · your turn" if item.your_turn else ""
    say("")
    say(f"[{number}/{total}] {item.code} {item.noun}: {item.title}")
    say(f"    {STATE_WORDS[CatchballState(item.state)]}{turn}")
    values = " · ".join(f"{name} {value}" for name, value in item.values.items() if name not in ("title", "unit"))
    if values:
        unit = item.values.get("unit")
        say(f"    {values}" + (f" ({unit})" if unit else ""))
    for entry in item.thread[-6:]:
        to = f" → {entry.to}" if entry.to else ""
        say(f"    {entry.at:%Y-%m-%d} {entry.who}{to}, {entry.kind.replace('_', '-')}: {entry.text}")
    if len(item.thread) > 6:
        say(f"    ({len(item.thread) - 6} earlier turns in the printed form)")
    for answer in item.answers:
        say(f"    you: {answer.kind.replace('_', '-')}: {answer.text}")


def _ask_answer(item: PacketItem, kind: CatchballKind, ask: Ask, say: Say) -> Answer | None:
    change = None
    if kind is CatchballKind.COUNTER_PROPOSAL and item.may_propose:
        fields = ", ".join(item.may_propose)
        field = ask(f"Field to change ({fields}; enter for none): ").strip().lower()
        if field:
            if field not in item.may_propose:
                say(f"A {item.noun} has no {field} to propose: choose {fields}")
                return None
            now = item.values.get(field, "")
            to = ask(f"New {field} (now {now or 'none'}): ").strip()
            if not to:
                say("No new value given: nothing added")
                return None
            change = ProposedChange(field=field, to=to)
    prompt = "Why (your reason): " if kind is CatchballKind.REJECTION else "Text: "
    text = ask(prompt).strip()
    return Answer.model_validate({"kind": kind.value, "text": text, "change": change})
