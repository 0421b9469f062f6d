"""Catchball: the rules of the negotiation between two levels, without a screen.

An item of the plan (a strategy, an annual objective, an initiative or a measure) is thrown
between an upper and a lower level until both commit. Its state moves only along
``TRANSITIONS``; every other move is refused with one sentence the room can act on. Its
thread only grows: each turn is a new :class:`CatchballEntry`, and the ball holder (who must
answer next) is the person the last throw went to.

Each edit here is pure: it reads the plan and returns a :class:`CatchballChange`, the items
to save; :func:`apply_change` saves them through the store as one step of undo. So accepting
a counter-proposal changes the plan item, appends the agreement and sets the state agreed,
and one ctrl+z takes back all three.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from hoshin_tui.model.enums import CatchballKind, CatchballState, Role
from hoshin_tui.model.errors import human_errors
from hoshin_tui.model.lists import display_order, label_of, plan_list
from hoshin_tui.model.plan import CatchballEntry, CatchballStatus, Plan, Proposal

if TYPE_CHECKING:
    from hoshin_tui.store.session import SessionStore

State = CatchballState
Kind = CatchballKind

# The allowed moves (issue 13; research 5.4). Staying in the same state is not a move.
TRANSITIONS: dict[CatchballState, tuple[CatchballState, ...]] = {
    State.DRAFT: (State.IN_REVIEW,),
    State.IN_REVIEW: (State.REVISED, State.AGREED, State.REJECTED),
    State.REVISED: (State.IN_REVIEW, State.AGREED),
    State.AGREED: (State.IN_REVIEW,),
    State.REJECTED: (State.DRAFT,),
}
# Moves that must say why: reopening an agreed item, and rejecting one.
NEEDS_REASON: frozenset[tuple[CatchballState, CatchballState]] = frozenset(
    {(State.AGREED, State.IN_REVIEW), (State.IN_REVIEW, State.REJECTED)}
)

STATE_WORDS: dict[CatchballState, str] = {
    State.DRAFT: "draft",
    State.IN_REVIEW: "in review",
    State.REVISED: "revised",
    State.AGREED: "agreed",
    State.REJECTED: "rejected",
}
# The one-letter mark beside a code on the X-matrix, screen and paper.
STATE_MARKS: dict[CatchballState, str] = {
    State.DRAFT: "D",
    State.IN_REVIEW: "R",
    State.REVISED: "V",
    State.AGREED: "A",
    State.REJECTED: "X",
}
KIND_WORDS: dict[CatchballKind, str] = {
    Kind.COMMENT: "comment",
    Kind.QUESTION: "question",
    Kind.CONCERN: "concern",
    Kind.COUNTER_PROPOSAL: "counter-proposal",
    Kind.AGREEMENT: "agreement",
    Kind.REJECTION: "rejection",
}
# Kinds anyone may add at any time: they never move the state.
REMARK_KINDS: tuple[CatchballKind, ...] = (Kind.COMMENT, Kind.QUESTION, Kind.CONCERN)

ROLE_WORDS: dict[Role, str] = {
    Role.EXECUTIVE: "Executive",
    Role.DEPLOYMENT_LEADER: "Deployment leader",
    Role.DEPARTMENT_LEADER: "Department leader",
    Role.MEMBER: "Member",
}

# A ball held longer than this is a health warning.
HELD_TOO_LONG_DAYS = 14


class CatchballRefused(ValueError):
    """A catchball move the rules do not allow; the message is one sentence for the room."""


# --- states ----------------------------------------------------------------------------------


def refusal(current: CatchballState, new: CatchballState, *, reason: str = "", name: str = "This item") -> str | None:
    """Why ``current`` may not move to ``new`` (None when it may), in the room's words."""
    if new in TRANSITIONS[current]:
        if (current, new) in NEEDS_REASON and not reason.strip():
            verb = "Reopening" if current is State.AGREED else "Rejecting"
            return f"{verb} {_lower_first(name)} needs a reason: say why in the text"
        return None
    if new is current:
        return f"{name} is already {STATE_WORDS[current]}"
    return f"{name} is {STATE_WORDS[current]}: {_ADVICE[current]}"


def check_transition(
    current: CatchballState, new: CatchballState, *, reason: str = "", name: str = "This item"
) -> None:
    """Raise :class:`CatchballRefused` unless ``current`` may move to ``new``."""
    problem = refusal(current, new, reason=reason, name=name)
    if problem:
        raise CatchballRefused(problem)


_ADVICE: dict[CatchballState, str] = {
    State.DRAFT: "throw it for review first",
    State.IN_REVIEW: "it can be revised, agreed or rejected",
    State.REVISED: "throw it back for review, or agree it",
    State.AGREED: "reopen it for review, with a reason, to change it",
    State.REJECTED: "rework it into a draft first",
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text.startswith("This") else text


# --- levels ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """Two adjacent levels that throw the items of some plan lists between them."""

    key: str
    title: str
    lists: tuple[str, ...]
    upper: Role
    lower: Role


LEVELS: tuple[Level, ...] = (
    Level(
        "direction",
        "Executives ↔ deployment leaders",
        ("strategies", "objectives"),
        Role.EXECUTIVE,
        Role.DEPLOYMENT_LEADER,
    ),
    Level(
        "means",
        "Deployment leaders ↔ department leaders",
        ("initiatives",),
        Role.DEPLOYMENT_LEADER,
        Role.DEPARTMENT_LEADER,
    ),
    Level(
        "measures",
        "Department leaders ↔ measure owners",
        ("measures",),
        Role.DEPARTMENT_LEADER,
        Role.MEMBER,
    ),
)
CATCHBALL_LISTS: tuple[str, ...] = tuple(name for level in LEVELS for name in level.lists)


_LEVEL_OF: dict[str, Level] = {name: level for level in LEVELS for name in level.lists}


def level_of(kind: str) -> Level:
    """The level that throws the items of plan list ``kind`` ("initiatives" -> deployment with department)."""
    return _LEVEL_OF[kind]


# --- the threads --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCatchball:
    """One item as the catchball step shows it: its state, its thread, who holds the ball."""

    kind: str
    item: Any
    state: CatchballState
    entries: tuple[CatchballEntry, ...] = ()

    @property
    def item_id(self) -> str:
        return str(self.item.id)

    @property
    def code(self) -> str:
        return str(self.item.code)

    @property
    def last_throw(self) -> CatchballEntry | None:
        return last_throw(self.entries)

    @property
    def holder_id(self) -> str | None:
        """Who must answer next: the person the last throw went to (None once settled or never thrown)."""
        return ball_holder(self.entries, self.state)

    def days_since_last_throw(self, now: datetime) -> int | None:
        throw = self.last_throw
        return days_between(throw.at, now) if throw is not None else None

    @property
    def pending_proposal(self) -> CatchballEntry | None:
        return pending_proposal(self.entries)


def thread_of(plan: Plan, item_id: str) -> list[CatchballEntry]:
    """The turns of one item's thread, oldest first (entries of the same moment keep the file's order)."""
    return sorted((entry for entry in plan.catchball_entries if entry.item_id == item_id), key=_moment)


def state_of(plan: Plan, item_id: str) -> CatchballState:
    """An item's catchball state; an item never thrown is a draft."""
    return next((s.state for s in plan.catchball_states if s.item_id == item_id), State.DRAFT)


def last_throw(entries: Sequence[CatchballEntry]) -> CatchballEntry | None:
    """The latest turn thrown to someone (a turn with a ``to_id``)."""
    return next((entry for entry in reversed(entries) if entry.to_id), None)


def ball_holder(entries: Sequence[CatchballEntry], state: CatchballState | None = None) -> str | None:
    """The person the last throw went to; nobody holds the ball of an agreed item."""
    if state is State.AGREED:
        return None
    throw = last_throw(entries)
    return throw.to_id if throw is not None else None


def days_between(at: datetime, now: datetime) -> int:
    """Whole days from ``at`` to ``now`` (never negative: a clock behind the thread reads 0)."""
    return max(0, (_aware(now) - _aware(at)).days)


def pending_proposal(entries: Sequence[CatchballEntry]) -> CatchballEntry | None:
    """The latest counter-proposal naming a change since the item was last settled, if not yet accepted."""
    for entry in reversed(entries):
        if _settles(entry):
            return None
        if entry.kind is Kind.COUNTER_PROPOSAL and entry.proposal is not None:
            return entry
    return None


def acceptance(entries: Iterable[CatchballEntry], proposal: CatchballEntry) -> CatchballEntry | None:
    """The agreement that accepted counter-proposal ``proposal`` (its ``at`` is when), or None."""
    return next((entry for entry in entries if entry.accepts_id == proposal.id), None)


def catchball_items(plan: Plan) -> list[ItemCatchball]:
    """Every item that catchball throws, level by level, each list in the order screens show it.

    One pass over the states and the entries, so it stays cheap on a large plan with long threads.
    """
    states = {status.item_id: status.state for status in plan.catchball_states}
    threads: dict[str, list[CatchballEntry]] = {}
    for entry in plan.catchball_entries:
        threads.setdefault(entry.item_id, []).append(entry)
    found: list[ItemCatchball] = []
    for kind in CATCHBALL_LISTS:
        items = getattr(plan, kind)
        for index in display_order(str(getattr(item, "kind", "")) for item in items):
            item = items[index]
            entries = threads.get(item.id, [])
            if not _in_order(entries):
                entries = sorted(entries, key=_moment)
            found.append(ItemCatchball(kind, item, states.get(item.id, State.DRAFT), tuple(entries)))
    return found


def state_marks(plan: Plan) -> dict[str, str]:
    """``{item id: "A"}``: the letter the X-matrix prints beside each code, once catchball has begun.

    A plan with no catchball yet gets none (every item would read D, which says nothing).
    """
    if not plan.catchball_states and not plan.catchball_entries:
        return {}
    states = {status.item_id: status.state for status in plan.catchball_states}
    return {
        item.id: STATE_MARKS[states.get(item.id, State.DRAFT)]
        for kind in CATCHBALL_LISTS
        for item in getattr(plan, kind)
    }


def find_item(plan: Plan, item_id: str) -> tuple[str, Any]:
    """``(list name, item)`` of the catchball item ``item_id``; refused when it is not in the plan."""
    for kind in CATCHBALL_LISTS:
        for item in getattr(plan, kind):
            if item.id == item_id:
                return kind, item
    raise CatchballRefused("That item is no longer in the plan")


def item_name(kind: str, item: Any) -> str:
    """``O3 'Service contracts on 25%...'``: how a refusal or a label names an item."""
    title = label_of(item)
    title = title if len(title) <= 40 else title[:39] + "…"
    code = getattr(item, "code", "") or plan_list(kind).label
    return f"{code} '{title}'"


def person_label(plan: Plan, person_id: str | None, fallback: str = "") -> str:
    """A person's name, or ``fallback`` (a format-3 speaker's text) when they are not in the plan."""
    return plan.person_name(person_id) or fallback


def who_label(plan: Plan, entry: CatchballEntry) -> str:
    return person_label(plan, entry.who_id, entry.who) or "someone"


def _in_order(entries: list[CatchballEntry]) -> bool:
    """Oldest first already (as appended turns are): the common case, checked without sorting."""
    try:
        return all(a.at <= b.at for a, b in pairwise(entries))
    except TypeError:  # a time without a zone beside one with: compare them as UTC
        return all(_moment(a) <= _moment(b) for a, b in pairwise(entries))


def _moment(entry: CatchballEntry) -> datetime:
    return _aware(entry.at)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _settles(entry: CatchballEntry) -> bool:
    """An agreement, a rejection or a rework closes a round: proposals before it are spent."""
    return entry.kind in (Kind.AGREEMENT, Kind.REJECTION) or entry.resulting_state in (
        State.AGREED,
        State.REJECTED,
        State.DRAFT,
    )


# --- proposals -------------------------------------------------------------------------------

# The fields a counter-proposal may change, per list: the room's word -> the model's field.
PROPOSAL_FIELDS: dict[str, dict[str, str]] = {
    "strategies": {"title": "title", "owner": "leader_id"},
    "objectives": {"title": "title", "owner": "owner_id"},
    "initiatives": {"title": "title", "owner": "owner_id", "due": "due"},
    "measures": {"title": "name", "owner": "owner_id", "target": "target", "baseline": "baseline"},
}


def proposal_fields(kind: str) -> tuple[str, ...]:
    """The fields a counter-proposal on an item of list ``kind`` may name, most negotiated first."""
    order = ("target", "baseline", "due", "owner", "title")
    return tuple(name for name in order if name in PROPOSAL_FIELDS.get(kind, {}))


def field_text(item: Any, kind: str, field_name: str) -> str:
    """The value of a proposable field as a proposal stores it: "25", "2027-06-30", a person id, a title."""
    value = getattr(item, _attribute(kind, field_name))
    return value_text(value)


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def shown_value(plan: Plan, field_name: str, text: str) -> str:
    """A proposal's value as the room reads it: a person's name for an owner, "none" for nothing."""
    if not text:
        return "none"
    if field_name == "owner":
        return plan.person_name(text) or text
    return text


def make_proposal(plan: Plan, item_id: str, field_name: str, to_text: str) -> Proposal:
    """A counter-proposal's change of ``field_name`` to ``to_text``, checked against the item's model.

    An owner may be given by name or id. Refused, in one sentence, when the field cannot be
    proposed on that item or the new value would not be valid there.
    """
    kind, item = find_item(plan, item_id)
    fields = PROPOSAL_FIELDS[kind]
    if field_name not in fields:
        words = ", ".join(proposal_fields(kind))
        raise CatchballRefused(f"A {plan_list(kind).label} has no {field_name} to propose: choose {words}")
    to_text = to_text.strip()
    if field_name == "owner" and to_text:
        person = next((p for p in plan.people if to_text in (p.id, p.name) or p.name.lower() == to_text.lower()), None)
        if person is None:
            raise CatchballRefused(f"{to_text} is not a person of this plan: add them under People first")
        to_text = person.id
    proposal = Proposal(field=field_name, from_value=field_text(item, kind, field_name), to_value=to_text)
    changed_item(kind, item, proposal)  # refuses a value the item would not take
    if proposal.from_value == proposal.to_value:
        shown = shown_value(plan, field_name, to_text)
        raise CatchballRefused(f"The {field_name} of {item_name(kind, item)} is already {shown}")
    return proposal


def changed_item(kind: str, item: Any, proposal: Proposal) -> BaseModel:
    """``item`` with ``proposal`` applied, validated by its model (the item itself is left as it was)."""
    attribute = _attribute(kind, proposal.field)
    value: Any = proposal.to_value if proposal.to_value != "" else None
    model = type(item)
    if attribute in ("target", "baseline") and value is not None:
        try:
            value = float(value.replace(",", ""))
        except ValueError:
            raise CatchballRefused(f"The {proposal.field} must be a number, got '{proposal.to_value}'") from None
    try:
        changed: BaseModel = model.model_validate({**item.model_dump(), attribute: value})
    except ValidationError as exc:
        raise CatchballRefused(human_errors(exc, model)) from exc
    return changed


def _attribute(kind: str, field_name: str) -> str:
    try:
        return PROPOSAL_FIELDS[kind][field_name]
    except KeyError:
        raise CatchballRefused(f"A {plan_list(kind).label} has no {field_name} to propose") from None


# --- edits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatchballChange:
    """What one catchball move saves, in order, as one step of undo."""

    label: str
    saves: tuple[BaseModel, ...] = field(default_factory=tuple)
    entry: CatchballEntry | None = None  # the new turn of the thread
    state: CatchballState | None = None  # the item's state after the move


def apply_change(store: SessionStore, change: CatchballChange) -> None:
    """Save a move's items through the store in one batch: one transaction, one ctrl+z."""
    with store.batch(change.label):
        for item in change.saves:
            store.save(item)


def remark(
    plan: Plan,
    item_id: str,
    *,
    who_id: str,
    text: str,
    to_id: str | None = None,
    kind: CatchballKind = Kind.COMMENT,
    now: datetime | None = None,
) -> CatchballChange:
    """A comment, question or concern, thrown to ``to_id`` if given; it never moves the state."""
    if kind not in REMARK_KINDS:
        raise CatchballRefused(f"A {KIND_WORDS[kind]} is not a remark: use its own key")
    item_kind, item = find_item(plan, item_id)
    _need_text(text, f"A {KIND_WORDS[kind]} needs some text")
    entry = _entry(plan, item_id, kind, who_id, to_id, text, now)
    return CatchballChange(f"{KIND_WORDS[kind]} on {item_name(item_kind, item)}", (entry,), entry)


def send_for_review(
    plan: Plan, item_id: str, *, who_id: str, to_id: str, text: str = "", now: datetime | None = None
) -> CatchballChange:
    """Throw a draft (or a revision) to ``to_id`` for review: draft or revised -> in review."""
    if not to_id:
        raise CatchballRefused("A throw goes to someone: choose who must answer")
    return _move(plan, item_id, State.IN_REVIEW, Kind.COMMENT, who_id, to_id, text, now, "throw")


def counter_propose(
    plan: Plan,
    item_id: str,
    *,
    who_id: str,
    to_id: str | None,
    text: str,
    proposal: Proposal | None = None,
    now: datetime | None = None,
) -> CatchballChange:
    """A counter-proposal, with or without a concrete change: in review -> revised (a revision may be revised again)."""
    item_kind, item = find_item(plan, item_id)
    current = state_of(plan, item_id)
    if not text.strip() and proposal is not None:
        text = f"Counter-proposal: {proposal.field} {shown_value(plan, proposal.field, proposal.to_value)}"
    _need_text(text, "A counter-proposal needs some text: what and why")
    name = item_name(item_kind, item)
    if current is not State.REVISED:
        check_transition(current, State.REVISED, name=name)
    entry = _entry(plan, item_id, Kind.COUNTER_PROPOSAL, who_id, to_id, text, now, proposal=proposal)
    entry.resulting_state = State.REVISED
    saves: tuple[BaseModel, ...] = (entry, CatchballStatus(item_id=item_id, state=State.REVISED))
    return CatchballChange(f"counter-propose {name}", saves, entry, State.REVISED)


def accept(
    plan: Plan,
    item_id: str,
    *,
    who_id: str,
    to_id: str | None = None,
    text: str = "",
    now: datetime | None = None,
) -> CatchballChange:
    """Agree the item: in review or revised -> agreed.

    When a counter-proposal since the last settlement names a change, the change is applied
    to the plan item in the same move, so the plan says what was agreed. Refused when the
    field has changed since it was proposed (propose again rather than overwrite).
    """
    item_kind, item = find_item(plan, item_id)
    name = item_name(item_kind, item)
    check_transition(state_of(plan, item_id), State.AGREED, name=name)
    pending = pending_proposal(thread_of(plan, item_id))
    saves: list[BaseModel] = []
    if pending is not None and pending.proposal is not None:
        proposal = pending.proposal
        now_text = field_text(item, item_kind, proposal.field)
        if now_text != proposal.from_value:
            raise CatchballRefused(
                f"The {proposal.field} of {name} is {shown_value(plan, proposal.field, now_text)} now, not "
                f"{shown_value(plan, proposal.field, proposal.from_value)} as the counter-proposal assumed: "
                "propose the change again"
            )
        saves.append(changed_item(item_kind, item, proposal))
        if not text.strip():
            text = f"Agreed: {proposal.field} {shown_value(plan, proposal.field, proposal.to_value)}"
    entry = _entry(plan, item_id, Kind.AGREEMENT, who_id, to_id, text or "Agreed", now)
    entry.resulting_state = State.AGREED
    if pending is not None:
        entry.accepts_id = pending.id
    saves += [entry, CatchballStatus(item_id=item_id, state=State.AGREED)]
    verb = "accept counter-proposal on" if pending is not None else "agree"
    return CatchballChange(f"{verb} {name}", tuple(saves), entry, State.AGREED)


def reject(
    plan: Plan, item_id: str, *, who_id: str, reason: str, to_id: str | None = None, now: datetime | None = None
) -> CatchballChange:
    """Reject the item with a reason: in review -> rejected."""
    return _move(plan, item_id, State.REJECTED, Kind.REJECTION, who_id, to_id, reason, now, "reject")


def reopen(
    plan: Plan, item_id: str, *, who_id: str, reason: str, to_id: str | None = None, now: datetime | None = None
) -> CatchballChange:
    """Reopen an agreed item for review; it needs a reason: agreed -> in review."""
    if state_of(plan, item_id) is not State.AGREED:
        item_kind, item = find_item(plan, item_id)
        current = STATE_WORDS[state_of(plan, item_id)]
        raise CatchballRefused(f"{item_name(item_kind, item)} is {current}: only an agreed item is reopened")
    return _move(plan, item_id, State.IN_REVIEW, Kind.CONCERN, who_id, to_id, reason, now, "reopen")


def rework(
    plan: Plan, item_id: str, *, who_id: str, text: str = "", to_id: str | None = None, now: datetime | None = None
) -> CatchballChange:
    """Take a rejected item back to draft, to rework it: rejected -> draft."""
    return _move(plan, item_id, State.DRAFT, Kind.COMMENT, who_id, to_id, text or "Reworking it", now, "rework")


def _move(
    plan: Plan,
    item_id: str,
    new: CatchballState,
    kind: CatchballKind,
    who_id: str,
    to_id: str | None,
    text: str,
    now: datetime | None,
    verb: str,
) -> CatchballChange:
    item_kind, item = find_item(plan, item_id)
    name = item_name(item_kind, item)
    check_transition(state_of(plan, item_id), new, reason=text, name=name)
    entry = _entry(plan, item_id, kind, who_id, to_id, text, now)
    entry.resulting_state = new
    saves = (entry, CatchballStatus(item_id=item_id, state=new))
    return CatchballChange(f"{verb} {name}", saves, entry, new)


def _entry(
    plan: Plan,
    item_id: str,
    kind: CatchballKind,
    who_id: str,
    to_id: str | None,
    text: str,
    now: datetime | None,
    *,
    proposal: Proposal | None = None,
) -> CatchballEntry:
    speaker = plan.person(who_id)
    if speaker is None:
        raise CatchballRefused("Choose who speaks: a person of this plan")
    if to_id and plan.person(to_id) is None:
        raise CatchballRefused("The ball goes to a person of this plan: choose one")
    if to_id == who_id:
        raise CatchballRefused(f"{speaker.name} cannot throw the ball to themselves")
    at = (now or datetime.now(UTC)).replace(microsecond=0)
    return CatchballEntry(
        item_id=item_id,
        at=at,
        who=speaker.name,
        who_id=who_id,
        to_id=to_id or None,
        role=ROLE_WORDS.get(speaker.role, ""),
        kind=kind,
        text=text.strip(),
        proposal=proposal,
    )


def _need_text(text: str, message: str) -> None:
    if not text.strip():
        raise CatchballRefused(message)


# --- who talks to whom -----------------------------------------------------------------------


def suggested_pair(plan: Plan, entry_of: ItemCatchball) -> tuple[str | None, str | None]:
    """``(who speaks, to whom)`` for the next turn: the ball holder answers the last thrower.

    An item never thrown starts with a person of the upper level (or, when the plan has
    none, the most senior other person), thrown to the item's owner; either may be None.
    """
    throw = entry_of.last_throw
    if throw is not None and throw.to_id:
        return throw.to_id, throw.who_id
    owner = getattr(entry_of.item, "owner_id", None) or getattr(entry_of.item, "leader_id", None)
    level = level_of(entry_of.kind)
    others = [p for p in plan.people if p.id != owner]
    upper = next((p for p in others if p.role is level.upper), None)
    if upper is None and others:  # no one of that level: the most senior other person
        upper = min(others, key=lambda p: _SENIORITY.index(p.role))
    return (upper.id if upper else None), owner


_SENIORITY = (Role.EXECUTIVE, Role.DEPLOYMENT_LEADER, Role.DEPARTMENT_LEADER, Role.MEMBER)
