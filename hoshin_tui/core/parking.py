"""The parking lot: a question caught in one line, with where the room was, and where it went.

Capture records the context (the step, the item and the agenda item in view) so the question
still makes sense at the end of the day. "Clear the lot" walks each open item to one outcome;
each outcome is one change to undo, whatever it makes (an agenda item, an initiative, an action).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hoshin_tui.model.enums import DecisionKind, InitiativeKind, ParkingOutcome
from hoshin_tui.model.lists import label_of
from hoshin_tui.model.plan import AgendaItem, Decision, Initiative, ParkingLotItem, Plan
from hoshin_tui.store import SessionStore

OUTCOME_WORDS: dict[ParkingOutcome, str] = {
    ParkingOutcome.OPEN: "open",
    ParkingOutcome.ANSWERED: "answered",
    ParkingOutcome.TO_AGENDA: "to the agenda",
    ParkingOutcome.TO_INITIATIVE: "to an initiative",
    ParkingOutcome.TO_ACTION: "an action",
    ParkingOutcome.DROPPED: "dropped",
}


@dataclass(frozen=True)
class Context:
    """Where the room was when the question was raised."""

    step: str = ""  # the step's key: "matrix"
    step_title: str = ""  # ...and its title: "X-matrix"
    item_id: str | None = None
    item_label: str = ""  # "I3 Launch PumpCare"
    agenda_item: AgendaItem | None = None

    def text(self) -> str:
        """ "X-matrix · I3 Launch PumpCare · during 'Measures: baselines'"."""
        parts = [self.step_title, self.item_label]
        if self.agenda_item is not None:
            parts.append(f"during '{self.agenda_item.title}'")
        return " · ".join(part for part in parts if part)


def capture(text: str, context: Context, now: datetime, raised_by: str = "") -> ParkingLotItem:
    """A new parking-lot item, its context filled in."""
    return ParkingLotItem(
        text=text,
        raised_by=raised_by,
        raised_at=now,
        step=context.step,
        context_item_id=context.item_id,
        context=context.text(),
        agenda_item_id=context.agenda_item.id if context.agenda_item else None,
    )


def open_items(plan: Plan) -> list[ParkingLotItem]:
    return [item for item in plan.parking_lot if item.outcome == ParkingOutcome.OPEN]


def outcome_text(plan: Plan, item: ParkingLotItem) -> str:
    """The outcome in the room's words, with what it became: "to an initiative: I7 Remote data"."""
    words = OUTCOME_WORDS[item.outcome]
    became = _find(plan, item.outcome_id)
    if became is not None:
        code = getattr(became, "code", "")
        return f"{words}: {code + ' ' if code else ''}{label_of(became)}"
    return f"{words}: {item.outcome_note}" if item.outcome_note else words


def _find(plan: Plan, item_id: str | None) -> object | None:
    if not item_id:
        return None
    for items in (plan.agenda, plan.initiatives, plan.decisions):
        for found in items:
            if found.id == item_id:
                return found
    return None


# --- the outcomes of "clear the lot": each one change -------------------------------------------------


def _settled(
    item: ParkingLotItem, outcome: ParkingOutcome, note: str = "", became: str | None = None
) -> ParkingLotItem:
    return item.model_copy(update={"outcome": outcome, "outcome_note": note, "outcome_id": became})


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def answer(store: SessionStore, item: ParkingLotItem, note: str = "") -> None:
    store.save(_settled(item, ParkingOutcome.ANSWERED, note), label=f"parking lot: answered '{_short(item.text)}'")


def drop(store: SessionStore, item: ParkingLotItem, note: str = "") -> None:
    store.save(_settled(item, ParkingOutcome.DROPPED, note), label=f"parking lot: dropped '{_short(item.text)}'")


def to_agenda(store: SessionStore, item: ParkingLotItem, minutes: int = 15, title: str = "") -> AgendaItem:
    """A new agenda item (at the end of the agenda) to discuss the question."""
    plan = store.load()
    day = plan.agenda[-1].day if plan.agenda else 1
    notes = f"From the parking lot ({item.raised_by or 'the room'}): {item.context}".rstrip(": ")
    agenda_item = AgendaItem(title=title or item.text, minutes=minutes, day=day, step=item.step, notes=notes)
    with store.batch(f"parking lot: to the agenda '{_short(item.text)}'"):
        store.save(agenda_item)
        store.save(_settled(item, ParkingOutcome.TO_AGENDA, became=agenda_item.id))
    return agenda_item


def to_initiative(
    store: SessionStore,
    item: ParkingLotItem,
    title: str = "",
    kind: InitiativeKind = InitiativeKind.STRATEGIC,
    owner_id: str | None = None,
) -> Initiative:
    """A new initiative made from the question; the item and the initiative are one change to undo."""
    initiative = Initiative(title=title or item.text, kind=kind, owner_id=owner_id, tactics=f"Parked: {item.text}")
    with store.batch(f"parking lot: to an initiative '{_short(item.text)}'"):
        store.save(initiative)
        store.save(_settled(item, ParkingOutcome.TO_INITIATIVE, became=initiative.id))
    return initiative


def to_action(
    store: SessionStore,
    item: ParkingLotItem,
    owner_id: str | None,
    due: date | None,
    now: datetime,
    text: str = "",
) -> Decision:
    """An action in the decisions log (an owner and a due date: the "parking ticket")."""
    action = Decision(
        text=text or item.text,
        kind=DecisionKind.ACTION,
        owner_id=owner_id,
        due=due,
        made_at=now,
        made_by=item.raised_by,
        agenda_item_id=item.agenda_item_id,
        related_ids=[item.context_item_id] if item.context_item_id else [],
    )
    with store.batch(f"parking lot: an action '{_short(item.text)}'"):
        store.save(action)
        store.save(_settled(item, ParkingOutcome.TO_ACTION, became=action.id))
    return action
