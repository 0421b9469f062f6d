"""Catchball on paper: a person's packet form, the log of every thread, an agreement sheet per leader.

All three are A4 portrait documents that flow: a thread or a table longer than a page
continues on the next one, with its heading repeated, so nothing is ever cut off. The
packet form leaves a box under each item to answer by hand (tick a kind, write the change
and the reason); the facilitator types it in, or the leader answers the JSON with
``hoshin reply``. Same machinery as the other prints: bundled fonts, the locked-down
fetcher, autoescaped templates, an atomic write, warnings for characters no font has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hoshin_tui.core.catchball import (
    KIND_WORDS,
    LEVELS,
    STATE_MARKS,
    STATE_WORDS,
    ItemCatchball,
    acceptance,
    catchball_items,
    field_text,
    level_of,
    pending_proposal,
    proposal_fields,
    shown_value,
    who_label,
)
from hoshin_tui.model.enums import CatchballKind, CatchballState, Role
from hoshin_tui.model.lists import label_of, plan_list
from hoshin_tui.model.plan import CatchballEntry, Person, Plan

from .packet import CatchballPacket, PacketItem, Turn
from .packet_build import PacketRefused, items_for
from .pdf import (
    FONT_STACK,
    ExportResult,
    gc_paused,
    missing_glyph_warnings,
    render_document,
    render_template,
    unprintable_characters,
    write_atomic,
    write_pdf_bytes,
)

TEMPLATE = "catchball.html.j2"
ANSWER_KINDS_ON_PAPER = ("Agree", "Counter-propose", "Question", "Concern", "Comment", "Reject")


def _stem(session_name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", session_name).strip("-.") or "plan"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "person"


def default_packet_paths(exports_dir: Path, session_name: str, person: Person) -> tuple[Path, Path]:
    """``<exports>/<session>-catchball-<person>.json`` and its ``.pdf`` form."""
    stem = Path(exports_dir) / f"{_stem(session_name)}-catchball-{_slug(person.name)}"
    return stem.with_suffix(".json"), stem.with_suffix(".pdf")


def default_log_path(exports_dir: Path, session_name: str) -> Path:
    return Path(exports_dir) / f"{_stem(session_name)}-catchball-log.pdf"


def default_agreements_path(exports_dir: Path, session_name: str, person: Person | None = None) -> Path:
    who = f"-{_slug(person.name)}" if person is not None else ""
    return Path(exports_dir) / f"{_stem(session_name)}-agreements{who}.pdf"


# --- what the template shows ------------------------------------------------------------------


# Rough capacity of an A4 page of thread, in characters of text: an item (or a row) that may
# be longer is allowed to break across pages. Kept whole otherwise, WeasyPrint would push it
# to a fresh page first and leave blank ones before breaking it anyway.
ROW_KEEP_CHARS = 1800
ITEM_KEEP_CHARS = 2400
ITEM_KEEP_TURNS = 14


@dataclass
class TurnView:
    when: str
    who: str
    to: str
    kind: str
    text: str
    change: str = ""
    state_after: str = ""

    @property
    def keep(self) -> bool:
        return len(self.text) + len(self.change) < ROW_KEEP_CHARS


@dataclass
class ItemView:
    code: str
    noun: str
    title: str
    state: str
    mark: str
    holder: str = ""
    your_turn: bool = False
    values: list[tuple[str, str]] = field(default_factory=list)
    may_propose: str = ""
    turns: list[TurnView] = field(default_factory=list)
    answered: list[TurnView] = field(default_factory=list)  # answers already in a packet

    @property
    def keep(self) -> bool:
        """Whether the item surely fits on one page, so it can be kept from breaking."""
        turns = [*self.turns, *self.answered]
        chars = sum(len(turn.text) + len(turn.change) + 60 for turn in turns) + len(self.title)
        return len(turns) <= ITEM_KEEP_TURNS and chars < ITEM_KEEP_CHARS


@dataclass
class GroupView:
    title: str
    items: list[ItemView]
    quiet: list[ItemView] = field(default_factory=list)  # on the log: items with no turn yet, one line each


def _turn_view(plan: Plan, entry: CatchballEntry) -> TurnView:
    change = ""
    if entry.proposal is not None:
        p = entry.proposal
        change = f"{p.field}: {shown_value(plan, p.field, p.from_value)} → {shown_value(plan, p.field, p.to_value)}"
        accepted = acceptance(plan.catchball_entries, entry) if entry.kind is CatchballKind.COUNTER_PROPOSAL else None
        if accepted is not None:
            change += f" (accepted {accepted.at:%Y-%m-%d})"
    return TurnView(
        when=f"{entry.at:%Y-%m-%d %H:%M}",
        who=who_label(plan, entry),
        to=plan.person_name(entry.to_id),
        kind=KIND_WORDS[entry.kind],
        text=entry.text,
        change=change,
        state_after=STATE_WORDS[entry.resulting_state] if entry.resulting_state else "",
    )


def _packet_turn(turn: Turn) -> TurnView:
    change = f"{turn.change.field}: {turn.change.from_ or 'none'} → {turn.change.to}" if turn.change else ""
    state = CatchballState(turn.state_after) if turn.state_after else None
    return TurnView(
        when=f"{turn.at:%Y-%m-%d %H:%M}",
        who=turn.who,
        to=turn.to,
        kind=turn.kind.replace("_", "-"),
        text=turn.text,
        change=change,
        state_after=STATE_WORDS[state] if state else "",
    )


def _values(plan: Plan, entry: ItemCatchball) -> list[tuple[str, str]]:
    unit = getattr(entry.item, "unit", "")
    shown = []
    for name in proposal_fields(entry.kind):
        if name == "title":
            continue
        value = shown_value(plan, name, field_text(entry.item, entry.kind, name))
        with_unit = unit and name in ("target", "baseline") and value != "none"
        shown.append((name, f"{value} {unit}" if with_unit else value))
    return shown


def _item_view(plan: Plan, entry: ItemCatchball, person_id: str | None = None) -> ItemView:
    holder = plan.person_name(entry.holder_id)
    return ItemView(
        code=entry.code,
        noun=plan_list(entry.kind).label,
        title=label_of(entry.item),
        state=STATE_WORDS[entry.state],
        mark=STATE_MARKS[entry.state],
        holder=holder,
        your_turn=person_id is not None and entry.holder_id == person_id,
        values=_values(plan, entry),
        may_propose=", ".join(proposal_fields(entry.kind)),
        turns=[_turn_view(plan, turn) for turn in entry.entries],
    )


def _packet_item_view(item: PacketItem) -> ItemView:
    unit = item.values.get("unit", "")
    values = [
        (name, f"{value} {unit}" if unit and name in ("target", "baseline") and value != "none" else value)
        for name, value in item.values.items()
        if name not in ("title", "unit")
    ]
    state = CatchballState(item.state)
    return ItemView(
        code=item.code,
        noun=item.noun,
        title=item.title,
        state=STATE_WORDS[state],
        mark=STATE_MARKS[state],
        your_turn=item.your_turn,
        values=values,
        may_propose=", ".join(item.may_propose),
        turns=[_packet_turn(turn) for turn in item.thread],
        answered=[
            TurnView(
                when=f"{a.at:%Y-%m-%d %H:%M}" if a.at else "",
                who="",
                to=a.to or "",
                kind=a.kind.replace("_", "-"),
                text=a.text,
                change=f"{a.change.field}: {a.change.from_ or 'now'} → {a.change.to}" if a.change else "",
            )
            for a in item.answers
        ],
    )


# --- rendering ---------------------------------------------------------------------------------


def _style() -> str:
    return f"""
@page {{
  size: A4 portrait;
  margin: 14mm 14mm 16mm 14mm;
  @bottom-left {{ content: string(session); font-family: {FONT_STACK}; font-size: 7.5pt; color: #555; }}
  @bottom-right {{ content: "page " counter(page) " of " counter(pages); font-family: {FONT_STACK};
    font-size: 7.5pt; color: #555; }}
}}
html {{ font-family: {FONT_STACK}; color: #1b1f24; font-size: 9pt; line-height: 1.3; }}
body {{ margin: 0; }}
.runner {{ string-set: session content(); height: 0; visibility: hidden; }}
.band {{ border-bottom: 0.7mm solid #1f3a5f; padding-bottom: 2mm; margin-bottom: 4mm; }}
.kind {{ font-size: 8pt; color: #4a5a6e; text-transform: uppercase; letter-spacing: 0.04em; }}
h1 {{ margin: 0.6mm 0 0 0; font-size: 15pt; color: #1f3a5f; line-height: 1.2; overflow-wrap: anywhere; }}
.sub {{ color: #4a5a6e; margin-top: 0.8mm; overflow-wrap: anywhere; }}
.how {{ border: 0.3mm solid #c9d3df; background: #f4f7fa; padding: 2mm 3mm; margin-bottom: 4mm; }}
h2 {{ font-size: 11pt; color: #1f3a5f; margin: 5mm 0 2mm 0; break-after: avoid; }}
h3 {{ font-size: 9.5pt; color: #4a5a6e; margin: 4mm 0 1.5mm 0; break-after: avoid; text-transform: uppercase;
  letter-spacing: 0.03em; }}
.item {{ border: 0.35mm solid #1f3a5f; margin-bottom: 4mm; }}
.item.keep {{ break-inside: avoid; }}
.item-head {{ background: #dde6f0; padding: 1.4mm 2.5mm; break-after: avoid; overflow-wrap: anywhere; }}
.item-head .code {{ font-weight: 700; color: #1f3a5f; }}
.item-head .title {{ font-weight: 700; }}
.badge {{ display: inline-block; border: 0.3mm solid #1f3a5f; border-radius: 1mm; padding: 0 1.2mm;
  font-size: 7.5pt; margin-left: 1.5mm; }}
.turn-badge {{ background: #fde68a; border-color: #9a3412; color: #7c2d12; font-weight: 700; }}
.item-body {{ padding: 1.5mm 2.5mm 2mm 2.5mm; }}
.values {{ color: #333; margin-bottom: 1.5mm; overflow-wrap: anywhere; }}
.values b {{ color: #4a5a6e; font-weight: 400; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
thead {{ display: table-header-group; }}
th {{ text-align: left; color: #4a5a6e; font-weight: 700; border-bottom: 0.3mm solid #1f3a5f; padding: 0.8mm 1.2mm; }}
td {{ vertical-align: top; border-bottom: 0.2mm solid #c9d3df; padding: 0.8mm 1.2mm; overflow-wrap: anywhere; }}
tr.keep {{ break-inside: avoid; }}
td.when {{ white-space: nowrap; color: #4a5a6e; font-size: 8pt; }}
.change {{ color: #7c2d12; font-size: 8.5pt; }}
.after {{ color: #4a5a6e; font-size: 8pt; }}
p.none {{ color: #8a94a3; font-style: italic; margin: 0.5mm 0; }}
.answer {{ border-top: 0.3mm dashed #1f3a5f; margin-top: 2mm; padding-top: 1.5mm; break-inside: avoid; }}
.answer .label {{ font-weight: 700; color: #1f3a5f; }}
.tick {{ display: inline-block; margin-right: 4mm; white-space: nowrap; }}
.box {{ display: inline-block; width: 3mm; height: 3mm; border: 0.3mm solid #1b1f24; vertical-align: -0.4mm;
  margin-right: 1mm; }}
.fill {{ display: inline-block; border-bottom: 0.2mm solid #1b1f24; width: 40mm; height: 4mm; vertical-align: bottom; }}
.fill.wide {{ width: 90mm; }}
.line {{ height: 7mm; border-bottom: 0.2mm solid #9aa6b5; }}
.row-gap {{ margin-top: 1.8mm; }}
.sheet {{ break-before: page; }}
.sheet:first-of-type {{ break-before: auto; }}
table.signatures {{ margin-top: 10mm; break-inside: avoid; }}
table.signatures td {{ border: none; padding: 0 6mm 0 0; width: 50%; }}
.sign .line {{ height: 12mm; }}
.sign .who {{ color: #4a5a6e; font-size: 8pt; margin-top: 0.8mm; }}
"""


def _render(kind: str, out: Path, texts: Iterable[str], **view: Any) -> ExportResult:
    html = render_template(TEMPLATE, kind=kind, font_stack=FONT_STACK, **view)
    missing = unprintable_characters(texts)
    with gc_paused():
        rendered = render_document(html, css=[_style()])
        pdf = write_pdf_bytes(rendered)
    warnings = missing_glyph_warnings(list(dict.fromkeys([*missing, *rendered.missing_chars])))
    write_atomic(out, pdf)
    return ExportResult(out, rendered.pages, warnings)


def _texts(groups: Iterable[GroupView]) -> Iterable[str]:
    for group in groups:
        yield group.title
        for item in [*group.items, *group.quiet]:
            yield item.title
            for turn in [*item.turns, *item.answered]:
                yield from (turn.who, turn.to, turn.text, turn.change)


def _origin(plan_title: str, organization: str, period: str) -> str:
    return " · ".join(part for part in (organization, plan_title, period) if part)


def export_packet_form(packet: CatchballPacket, out_path: Path | str, *, today: date | None = None) -> ExportResult:
    """The printable form of a packet: each item with its thread and a box to answer by hand."""
    items = [_packet_item_view(item) for item in packet.items]
    waiting = sum(item.your_turn for item in items)
    groups = [GroupView("", items)]
    plan = packet.plan
    return _render(
        "packet",
        Path(out_path),
        [*_texts(groups), packet.person.name, plan.title],
        title=f"Catchball packet for {packet.person.name}",
        subtitle=_origin(plan.title, plan.organization, plan.period),
        footer=f"{plan.session or plan.title} · packet {packet.packet_id}",
        printed=(today or date.today()).isoformat(),
        person=packet.person.name,
        packet_id=packet.packet_id,
        waiting=waiting,
        groups=groups,
        answer_kinds=ANSWER_KINDS_ON_PAPER,
    )


def export_catchball_log(
    plan: Plan, out_path: Path | str, *, session_name: str = "", today: date | None = None
) -> ExportResult:
    """Every catchball item, level by level, with its whole thread."""
    found = catchball_items(plan)
    groups = []
    for level in LEVELS:
        views = [_item_view(plan, entry) for entry in found if entry.kind in level.lists]
        if views:
            groups.append(GroupView(level.title, [v for v in views if v.turns], [v for v in views if not v.turns]))
    turns = sum(len(item.turns) for group in groups for item in group.items)
    return _render(
        "log",
        Path(out_path),
        _texts(groups),
        title="Catchball log",
        subtitle=f"{_origin(plan.title, plan.organization, plan.period)} · {turns} turns",
        footer=session_name or plan.title,
        printed=(today or date.today()).isoformat(),
        groups=groups,
    )


# --- agreement sheets ---------------------------------------------------------------------------

LEADER_ROLES = (Role.DEPLOYMENT_LEADER, Role.DEPARTMENT_LEADER)
UPPER_ROLE = {Role.DEPLOYMENT_LEADER: Role.EXECUTIVE, Role.DEPARTMENT_LEADER: Role.DEPLOYMENT_LEADER}


@dataclass
class CommitmentView:
    code: str
    who: str
    text: str
    due: str = ""


@dataclass
class GapView:
    code: str
    gap: str
    raised: str = ""


@dataclass
class SheetView:
    leader: str
    role: str
    upper: str
    agreed: list[ItemView]
    upper_commits: list[CommitmentView]
    lower_commits: list[CommitmentView]
    gaps: list[GapView]


def leaders(plan: Plan) -> list[Person]:
    """The people an agreement sheet is printed for: deployment and department leaders with catchball items."""
    return [p for p in plan.people if p.role in LEADER_ROLES and items_for(plan, p.id)]


def _due(entry: ItemCatchball) -> str:
    due = getattr(entry.item, "due", None)
    return due.isoformat() if due else ""


def _sheet(plan: Plan, person: Person) -> SheetView:
    mine = items_for(plan, person.id)
    agreed = [entry for entry in mine if entry.state is CatchballState.AGREED]
    upper_people: dict[str, str] = {}
    upper_commits: list[CommitmentView] = []
    lower_commits: list[CommitmentView] = []
    for entry in agreed:
        level = level_of(entry.kind)
        owner = getattr(entry.item, "owner_id", None) or getattr(entry.item, "leader_id", None)
        targets = " · ".join(f"{name} {value}" for name, value in _values(plan, entry) if name != "owner")
        owner_name = plan.person_name(owner) or "no owner yet"
        lower_commits.append(
            CommitmentView(
                entry.code, owner_name, f"{label_of(entry.item)}" + (f" ({targets})" if targets else ""), _due(entry)
            )
        )
        for turn in entry.entries:
            speaker = plan.person(turn.who_id)
            if speaker is None or speaker.id == owner:
                continue
            accepted = turn.kind is CatchballKind.COUNTER_PROPOSAL and acceptance(entry.entries, turn) is not None
            if turn.kind is CatchballKind.AGREEMENT or (accepted and speaker.role is level.upper):
                upper_commits.append(CommitmentView(entry.code, speaker.name, turn.text, f"{turn.at:%Y-%m-%d}"))
            if speaker.role is level.upper or turn.kind is CatchballKind.AGREEMENT:
                upper_people.setdefault(speaker.id, speaker.name)
        for turn in entry.entries:  # what the owner asked for and the upper level accepted
            if turn.who_id == owner and turn.kind is CatchballKind.COUNTER_PROPOSAL and acceptance(entry.entries, turn):
                upper_commits.append(
                    CommitmentView(
                        entry.code,
                        "accepted from " + (plan.person_name(owner) or "owner"),
                        turn.text,
                        f"{turn.at:%Y-%m-%d}",
                    )
                )
    gaps = _gaps(plan, [entry for entry in mine if entry.state is not CatchballState.AGREED], person)
    above = UPPER_ROLE.get(person.role)
    upper = {pid: name for pid, name in upper_people.items() if (p := plan.person(pid)) and p.role is above}
    if not upper:  # nobody of the level above spoke yet: whoever holds that role signs
        upper = {p.id: p.name for p in plan.people if p.role is above}
    return SheetView(
        leader=person.name,
        role=person.role.value.replace("_", " ").capitalize(),
        upper=", ".join(upper.values()),
        agreed=[_item_view(plan, entry) for entry in agreed],
        upper_commits=upper_commits,
        lower_commits=lower_commits,
        gaps=gaps,
    )


def _gaps(plan: Plan, open_items: list[ItemCatchball], person: Person) -> list[GapView]:
    """What still stands between an item and its agreement: no owner, nobody marked, an open proposal or concern."""
    gaps: list[GapView] = []
    marked = {mark.item_id for mark in plan.marks}
    for entry in open_items:
        owner = getattr(entry.item, "owner_id", None) or getattr(entry.item, "leader_id", None)
        if not owner:
            gaps.append(GapView(entry.code, "no owner yet"))
        if entry.kind in ("initiatives", "measures") and entry.item_id not in marked:
            gaps.append(GapView(entry.code, "nobody marked on it in the people matrix"))
        pending = pending_proposal(entry.entries)
        if pending is not None:
            gaps.append(GapView(entry.code, f"open counter-proposal: {pending.text}", _raised(plan, pending)))
        settles = (CatchballKind.AGREEMENT, CatchballKind.REJECTION)
        settled = max((i for i, turn in enumerate(entry.entries) if turn.kind in settles), default=-1)
        for turn in entry.entries[settled + 1 :]:
            if turn.kind is CatchballKind.CONCERN:
                gaps.append(GapView(entry.code, f"concern: {turn.text}", _raised(plan, turn)))
        if entry.holder_id:
            gaps.append(
                GapView(entry.code, f"{STATE_WORDS[entry.state]}: the ball is with {plan.person_name(entry.holder_id)}")
            )
        elif entry.state is not CatchballState.AGREED and not entry.entries:
            gaps.append(GapView(entry.code, f"{STATE_WORDS[entry.state]}: never thrown"))
    return gaps


def _raised(plan: Plan, turn: CatchballEntry) -> str:
    return f"{who_label(plan, turn)}, {turn.at:%Y-%m-%d}"


def export_agreements(
    plan: Plan,
    out_path: Path | str,
    *,
    person: Person | None = None,
    session_name: str = "",
    today: date | None = None,
) -> ExportResult:
    """One agreement sheet per leader (or for ``person``): agreed items, both levels' commitments, gaps, signatures."""
    people = [person] if person is not None else leaders(plan)
    if not people:
        raise PacketRefused("No leader has catchball items yet: nothing to sign")
    sheets = [_sheet(plan, p) for p in people]
    texts: list[str] = []
    for sheet in sheets:
        texts += [sheet.leader, sheet.upper, *(c.text for c in [*sheet.upper_commits, *sheet.lower_commits])]
        texts += [gap.gap for gap in sheet.gaps]
        texts += list(_texts([GroupView("", sheet.agreed)]))
    return _render(
        "agreements",
        Path(out_path),
        texts,
        title="Agreement sheet" if len(sheets) == 1 else "Agreement sheets",
        subtitle=_origin(plan.title, plan.organization, plan.period),
        footer=session_name or plan.title,
        printed=(today or date.today()).isoformat(),
        sheets=sheets,
    )
