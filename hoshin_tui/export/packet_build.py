"""Make one person's catchball packet from a plan (see :mod:`hoshin_tui.export.packet`)."""

from __future__ import annotations

from datetime import datetime

from hoshin_tui.core.catchball import (
    ItemCatchball,
    catchball_items,
    field_text,
    proposal_fields,
    shown_value,
    who_label,
)
from hoshin_tui.core.catchball import (
    person_label as name_of,
)
from hoshin_tui.model.lists import label_of, plan_list
from hoshin_tui.model.plan import CatchballEntry, Person, Plan
from hoshin_tui.store import StoreError

from .packet import (
    CatchballPacket,
    PacketItem,
    PacketPerson,
    PacketPlan,
    ProposedChange,
    Turn,
    new_packet_id,
    now_utc,
    sealed,
)


class PacketRefused(StoreError):
    """A packet that cannot be made or imported; the message is one line and nothing was written."""


def find_person(plan: Plan, wanted: str) -> Person:
    """The person named ``wanted`` (an id, or a name in any case); refused in one line otherwise."""
    text = " ".join(wanted.split())
    found = [p for p in plan.people if text in (p.id, p.name) or p.name.casefold() == text.casefold()]
    if not found:
        found = [p for p in plan.people if p.name.casefold().startswith(text.casefold())] if text else []
    if len(found) == 1:
        return found[0]
    names = ", ".join(p.name for p in plan.people) or "none yet"
    if found:
        fits = ", ".join(p.name for p in found)
        raise PacketRefused(f"'{wanted}' fits {len(found)} people ({fits}): give more of the name")
    raise PacketRefused(f"'{wanted}' is not a person of this plan (people: {names})")


def items_for(plan: Plan, person_id: str) -> list[ItemCatchball]:
    """The items a person negotiates: theirs to own or lead, the ball theirs, a turn of theirs, or marked on them."""
    marked = {mark.item_id for mark in plan.marks if mark.person_id == person_id}
    found = []
    for entry in catchball_items(plan):
        item = entry.item
        owners = {getattr(item, "owner_id", None), getattr(item, "leader_id", None)}
        spoke = any(person_id in (turn.who_id, turn.to_id) for turn in entry.entries)
        if person_id in owners or entry.holder_id == person_id or spoke or entry.item_id in marked:
            found.append(entry)
    return found


def build_packet(plan: Plan, person: Person, *, session: str = "", now: datetime | None = None) -> CatchballPacket:
    """``person``'s packet: their items with the thread of each, sealed. Refused when they have none."""
    entries = items_for(plan, person.id)
    if not entries:
        raise PacketRefused(
            f"{person.name} has no catchball items: nothing they own, lead or hold the ball of, and no turn of theirs"
        )
    packet_id = new_packet_id()
    others = {person.id}
    items = []
    for entry in entries:
        items.append(_packet_item(plan, entry, person.id))
        others |= {turn.who_id for turn in entry.entries if turn.who_id} | {t.to_id for t in entry.entries if t.to_id}
        others |= {getattr(entry.item, "owner_id", None) or "", getattr(entry.item, "leader_id", None) or ""}
    people = [p for p in plan.people if p.id in others] + [p for p in plan.people if p.id not in others]
    packet = CatchballPacket(
        packet_id=packet_id,
        made_at=now or now_utc(),
        plan=PacketPlan(title=plan.title, organization=plan.organization, period=plan.period, session=session),
        person=_person(person),
        people=[_person(p) for p in people],
        items=items,
    )
    return sealed(packet)


def _person(person: Person) -> PacketPerson:
    return PacketPerson(id=person.id, name=person.name, role=person.role.value, department=person.department)


def _packet_item(plan: Plan, entry: ItemCatchball, person_id: str) -> PacketItem:
    fields = proposal_fields(entry.kind)
    values = {name: shown_value(plan, name, field_text(entry.item, entry.kind, name)) for name in fields}
    unit = getattr(entry.item, "unit", "")
    if unit:
        values["unit"] = unit
    return PacketItem(
        id=entry.item_id,
        check="",
        plan_list=entry.kind,
        code=entry.code,
        title=label_of(entry.item),
        noun=plan_list(entry.kind).label,
        state=entry.state.value,
        holder_id=entry.holder_id,
        your_turn=entry.holder_id == person_id,
        values=values,
        may_propose=list(fields),
        thread=[turn_of(plan, turn) for turn in entry.entries],
    )


def turn_of(plan: Plan, turn: CatchballEntry) -> Turn:
    change = None
    if turn.proposal is not None:
        p = turn.proposal
        change = ProposedChange(
            field=p.field,
            to=shown_value(plan, p.field, p.to_value),
            from_=shown_value(plan, p.field, p.from_value),
        )
    return Turn(
        id=turn.id,
        at=turn.at,
        who=who_label(plan, turn),
        who_id=turn.who_id,
        to=name_of(plan, turn.to_id),
        to_id=turn.to_id,
        kind=turn.kind.value,
        text=turn.text,
        change=change,
        state_after=turn.resulting_state.value if turn.resulting_state else "",
    )
