"""Catchball packets: one person's items and threads, carried to their plant and back.

Between off-sites a leader answers the items that wait on them away from the facilitator's
laptop. ``hoshin export catchball`` writes a packet (this model, as JSON, and a printable
form); the leader adds answers, with ``hoshin reply`` or a text editor; ``hoshin import
catchball`` appends them to the threads.

A packet is sealed: everything but the answers is covered by ``seal`` and each item's id by
its ``check``, so an item id edited by hand, a thread rewritten or a plan block changed is
caught before anything is written. Answers get no ids in the file: each is named by the
packet, the item and what the answer says (:func:`answer_ids`), so importing the same
packet twice adds nothing and a packet answered further adds only the new answers.

Nothing identifies a plan but its items: ids are random per item and per person, so a
packet whose person and items are all unknown to a session comes from another plan.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

PACKET_FORMAT: Final = "hoshin-catchball-packet"
PACKET_VERSION: Final = 1
_SEAL_SALT = "hoshin-tui catchball packet 1"

AnswerKind = Literal["comment", "question", "concern", "counter_proposal", "agreement", "rejection"]
ANSWER_KINDS: tuple[str, ...] = ("comment", "question", "concern", "counter_proposal", "agreement", "rejection")

HOW_TO_ANSWER = (
    "Add your answers to the 'answers' list of an item, one object per turn, for example "
    '{"kind": "counter_proposal", "text": "We can reach 92% this year, 95% next", '
    '"change": {"field": "target", "to": "92"}}. '
    "kind is one of comment, question, concern, counter_proposal, agreement, rejection; "
    "'change' (counter_proposal only) names one of the item's 'may_propose' fields; "
    "'to' (optional) is the person id or name the ball goes to, by default whoever threw it to you. "
    "Change nothing else: the packet is sealed and an edited packet is refused. "
    "Or run: hoshin reply THIS-FILE"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PacketPlan(_Strict):
    """Which plan and session the packet came from: named in refusals and on the form."""

    title: str
    organization: str = ""
    period: str = ""
    session: str = ""


class PacketPerson(_Strict):
    id: str
    name: str
    role: str = ""
    department: str = ""


class ProposedChange(_Strict):
    """A concrete change an answer proposes: one of the item's ``may_propose`` fields."""

    field: str = Field(description="target, baseline, due, owner or title")
    to: str = Field(description="the new value: a number, a date like 2027-06-30, a person's name or id, a title")
    from_: str = Field("", alias="from", description="the value when the packet was made (filled in for you)")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Turn(_Strict):
    """A turn already in the thread when the packet was made: read it, do not change it."""

    id: str
    at: datetime
    who: str = Field(description="the speaker's name")
    who_id: str | None = None
    to: str = Field("", description="the name of whoever the ball went to")
    to_id: str | None = None
    kind: str
    text: str = ""
    change: ProposedChange | None = None
    state_after: str = ""


class Answer(_Strict):
    """One new turn, written by the packet's person."""

    kind: AnswerKind = "comment"
    text: str = ""
    to: str | None = Field(None, description="person id or name; by default whoever threw you the ball")
    change: ProposedChange | None = Field(None, description="counter_proposal only")
    at: datetime | None = Field(None, description="when it was written; the import time if left out")


class PacketItem(_Strict):
    id: str
    check: str = Field(description="seals the id: an edited id is refused")
    plan_list: Literal["strategies", "objectives", "initiatives", "measures"] = Field(
        description="the list the item is in"
    )
    code: str
    title: str
    noun: str = Field("", description="strategy, annual objective, initiative, measure")
    state: str = Field(description="draft, in_review, revised, agreed or rejected when the packet was made")
    holder_id: str | None = None
    your_turn: bool = False
    values: dict[str, str] = Field(
        default_factory=dict, description="the item's negotiable fields, as the room reads them"
    )
    may_propose: list[str] = Field(default_factory=list, description="fields a counter-proposal may change")
    thread: list[Turn] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list, description="your answers: add them here")


class CatchballPacket(_Strict):
    """A catchball packet: the JSON document ``hoshin export catchball`` writes."""

    format: Literal["hoshin-catchball-packet"] = PACKET_FORMAT
    version: Literal[1] = PACKET_VERSION
    packet_id: str
    made_at: datetime
    how_to_answer: str = HOW_TO_ANSWER
    plan: PacketPlan
    person: PacketPerson = Field(description="who the packet is for: they answer")
    people: list[PacketPerson] = Field(default_factory=list, description="who may be named in 'to'")
    items: list[PacketItem] = Field(default_factory=list)
    seal: str = ""


def new_packet_id() -> str:
    return f"pk_{secrets.token_hex(6)}"


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def item_check(packet_id: str, item: PacketItem) -> str:
    """The fingerprint of an item's id, list and code within one packet."""
    return _digest(f"{packet_id}|{item.plan_list}|{item.id}|{item.code}")[:16]


def seal_of(packet: CatchballPacket) -> str:
    """The fingerprint of everything but the answers (and the seal itself)."""
    data = packet.model_dump(mode="json", by_alias=True, exclude={"seal"})
    for item in data["items"]:
        item.pop("answers", None)
    return _digest(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def sealed(packet: CatchballPacket) -> CatchballPacket:
    """``packet`` with every item's check and the seal filled in."""
    for item in packet.items:
        item.check = item_check(packet.packet_id, item)
    packet.seal = seal_of(packet)
    return packet


def answer_ids(packet_id: str, item: PacketItem) -> list[str]:
    """The thread entry id of each answer of ``item``: the same on every import of the packet.

    An id is named by what the answer says (kind, text, change, addressee) and how many
    identical answers came before it, not by its place in the list: an answer removed or
    moved in an editor leaves the others' ids as they were, and an answer changed after its
    import is a new turn (threads only grow).
    """
    seen: dict[str, int] = {}
    ids = []
    for answer in item.answers:
        change = answer.change
        said = json.dumps(
            [answer.kind, answer.text.strip(), change.field if change else "", change.to if change else "", answer.to],
            ensure_ascii=False,
        )
        seen[said] = seen.get(said, 0) + 1
        ids.append(f"cb_{_digest(f'{packet_id}|{item.id}|{said}|{seen[said]}')[:10]}")
    return ids


def packet_json(packet: CatchballPacket) -> str:
    return packet.model_dump_json(indent=2, by_alias=True) + "\n"


def packet_schema() -> str:
    """The published JSON Schema of a packet (docs/catchball-packet.schema.json)."""
    schema: dict[str, Any] = CatchballPacket.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "hoshin-tui/catchball-packet.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _digest(text: str) -> str:
    return hashlib.sha256(f"{_SEAL_SALT}|{text}".encode()).hexdigest()
