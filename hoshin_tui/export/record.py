"""The session record: the minutes of the day on A4 portrait, sent on after the off-site.

It covers the agenda as run (planned against actual minutes), the decisions and actions
with owners and dates, each vote with its options and results, the parking lot with
outcomes, and what changed in the plan today (from the undo history:
:mod:`hoshin_tui.core.plan_changes`). Same rules as the other PDFs: bundled fonts, the
locked-down fetcher, every value autoescaped, an atomic write. The page is plain flowing
blocks and tables, so a long day runs onto more pages and nothing is ever clipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from hoshin_tui.core import voting
from hoshin_tui.core.codes import item_codes
from hoshin_tui.core.plan_changes import HistoryEntry, ListChange, PlanChanges, named_links, summarise
from hoshin_tui.core.workspace import slugify
from hoshin_tui.export.pdf.result import ExportResult
from hoshin_tui.model.enums import DecisionKind, DecisionStatus, ParkingOutcome, VoteMode, VoteStatus
from hoshin_tui.model.lists import label_of
from hoshin_tui.model.plan import AgendaItem, Decision, DotVote, Plan

# The record's style sheet: text passed to render_document, so it is parsed once per process.
_RECORD_CSS = """
@page {
  size: A4 portrait;
  margin: 16mm 15mm 18mm 15mm;
  @bottom-left { content: string(doctitle); font-family: {font_stack}; font-size: 7.5pt; color: #666 }
  @bottom-right {
    content: "page " counter(page) " of " counter(pages); font-family: {font_stack}; font-size: 7.5pt; color: #666
  }
}
html, body { margin: 0; padding: 0 }
body { font-family: {font_stack}; font-size: 9pt; line-height: 1.3; color: #111 }
h1 { font-size: 16pt; margin: 0 0 1mm 0; string-set: doctitle content() }
.meta { color: #444; margin: 0 0 5mm 0 }
h2 {
  font-size: 11.5pt; margin: 6mm 0 2mm 0; padding-bottom: 0.8mm; border-bottom: 0.4mm solid #222; break-after: avoid
}
h3 { font-size: 9.5pt; margin: 3.5mm 0 1mm 0; break-after: avoid }
table { width: 100%; border-collapse: collapse; margin: 0 0 2mm 0 }
th {
  text-align: left; font-weight: 700; font-size: 8pt; color: #333; border-bottom: 0.3mm solid #555; padding: 0.8mm 1.2mm
}
td { vertical-align: top; padding: 0.8mm 1.2mm; border-bottom: 0.15mm solid #ccc; overflow-wrap: break-word }
table.agenda, table.votes, table.log { table-layout: fixed }
tr { break-inside: avoid }
td.n, th.n { text-align: right; white-space: nowrap }
td.nw { white-space: nowrap }
tr.total td { font-weight: 700; border-bottom: none }
.over { color: #b00000; font-weight: 700 }
.under { color: #196b24 }
.muted { color: #666 }
.ran { color: #666; font-size: 7.5pt }
.none { color: #666; font-style: italic; margin: 0 0 2mm 0 }
.facts { color: #444; margin: 0 0 1mm 0 }
.bar { display: block; height: 2.6mm; background: #3b7d3b }
td.barcell { width: 38% }
.tie { color: #9a6700; font-weight: 700 }
.outcome { margin: 1mm 0 2mm 0 }
.vote { break-inside: avoid }
ul { margin: 0 0 2mm 0; padding-left: 5mm }
li { margin: 0 0 0.6mm 0 }
"""


def record_css() -> str:
    from hoshin_tui.export.pdf import FONT_STACK

    return _RECORD_CSS.replace("{font_stack}", FONT_STACK)


OUTCOME_WORDS = {
    ParkingOutcome.OPEN: "still open",
    ParkingOutcome.ANSWERED: "answered",
    ParkingOutcome.TO_AGENDA: "to the agenda",
    ParkingOutcome.TO_INITIATIVE: "to an initiative",
    ParkingOutcome.TO_ACTION: "to an action",
    ParkingOutcome.DROPPED: "dropped",
}


def default_record_path(exports_dir: Path, session_name: str) -> Path:
    """``exports/<session>-record.pdf``."""
    return exports_dir / f"{slugify(session_name) or 'session'}-record.pdf"


@dataclass(frozen=True)
class AgendaRow:
    day: int
    planned: str  # "09:00-09:20", "" without a session start
    title: str
    kind: str
    presenter: str
    planned_minutes: int
    actual_minutes: int | None
    state: str  # "done", "running", "not reached", "carried from 2026-05-04"
    ran: str  # "09:02-09:24": when it really started and ended


@dataclass(frozen=True)
class VoteRow:
    label: str
    dots: int
    percent: float  # bar length, of the top option
    tied: bool
    made: str  # "I5 Error-proof..." when the option became a plan item


@dataclass(frozen=True)
class VoteBlock:
    question: str
    facts: str  # "tally · 3 dots each · 24 dots cast · closed 2026-11-14 11:40"
    rows: list[VoteRow]
    outcome: str
    hidden: bool  # a per-voter vote still hiding its totals: no counts are printed


def agenda_rows(plan: Plan, now: datetime | None = None) -> list[AgendaRow]:
    """The agenda as run: each item's planned slot (the Agenda step's schedule) and the minutes it took."""
    from hoshin_tui.core.agenda import schedule, seconds_run

    now = now or datetime.now(UTC)
    slots = {slot.item_id: slot for slot in schedule(plan)} if plan.session_start is not None else {}
    rows: list[AgendaRow] = []
    for item in plan.agenda:
        slot = slots.get(item.id)
        planned = f"{slot.start:%H:%M}-{slot.end:%H:%M}" if slot else ""
        actual = item.actual_minutes
        if item.running_since is not None:
            actual = round(seconds_run(item, now) / 60)
        ran = ""
        if item.started_at is not None:
            ran = f"{item.started_at.astimezone():%H:%M}" + (
                f"-{item.ended_at.astimezone():%H:%M}" if item.ended_at else ""
            )
        rows.append(
            AgendaRow(
                item.day,
                planned,
                item.title,
                item.kind.value,
                plan.person_name(item.presenter_id),
                item.minutes,
                actual,
                _agenda_state(item),
                ran,
            )
        )
    return rows


def _agenda_state(item: AgendaItem) -> str:
    if item.running_since is not None:
        return "running"
    if item.done or item.ended_at is not None:
        return "done"
    if item.carried_from is not None:
        return f"carried from {item.carried_from.isoformat()}"
    return "not reached" if item.started_at is None and not item.elapsed_seconds else "paused"


def vote_blocks(plan: Plan, codes: dict[str, str]) -> list[VoteBlock]:
    titles = _titles(plan, codes)
    blocks = []
    for vote in plan.votes:
        hidden = voting.totals_hidden(vote)
        results = voting.results(vote)
        top = max((row.dots for row in results), default=0)
        rows = [
            VoteRow(
                row.label,
                row.dots,
                100.0 * row.dots / top if top else 0.0,
                row.tied,
                titles.get(row.made_id or "", ""),
            )
            for row in (results if not hidden else [_unsorted(vote, i) for i in range(len(vote.options))])
        ]
        blocks.append(VoteBlock(vote.question, _vote_facts(vote), rows, vote.outcome, hidden))
    return blocks


def _unsorted(vote: DotVote, index: int) -> voting.ResultRow:
    option = vote.options[index]
    return voting.ResultRow(index, option.label, 0, 0.0, False, option.made_id)


def _vote_facts(vote: DotVote) -> str:
    mode = "tally" if vote.mode == VoteMode.TALLY else f"per voter ({len(vote.voters)} voters)"
    parts = [mode, f"{vote.dots_per_person} dots each"]
    if voting.totals_hidden(vote):
        parts.append("totals not revealed yet")
    else:
        parts.append(f"{voting.dots_cast(vote)} dots cast")
    if vote.status == VoteStatus.CLOSED:
        parts.append(f"closed {vote.closed_at:%Y-%m-%d %H:%M}" if vote.closed_at else "closed")
    else:
        parts.append("still open")
    return " · ".join(parts)


def _titles(plan: Plan, codes: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("strategies", "objectives", "initiatives", "measures"):
        for item in getattr(plan, name):
            found[item.id] = f"{codes.get(item.id, '')} {label_of(item)}".strip()
    return found


def _decision_facts(plan: Plan, decision: Decision, today: date) -> dict[str, str]:
    overdue = (
        decision.kind == DecisionKind.ACTION
        and decision.status == DecisionStatus.OPEN
        and decision.due is not None
        and decision.due < today
    )
    return {
        "kind": decision.kind.value,
        "text": decision.text,
        "owner": plan.person_name(decision.owner_id) or decision.made_by,
        "due": decision.due.isoformat() if decision.due else "",
        "status": ("overdue" if overdue else decision.status.value),
        "made": f"{decision.made_at:%Y-%m-%d %H:%M}" + (f" · {decision.made_by}" if decision.made_by else ""),
    }


def record_texts(plan: Plan) -> list[str]:
    """Every piece of user text the record prints (checked for glyphs the fonts lack)."""
    texts = [plan.title, plan.organization, plan.period]
    texts += [a.title for a in plan.agenda] + [d.text for d in plan.decisions]
    texts += [p.text for p in plan.parking_lot] + [p.outcome_note for p in plan.parking_lot]
    texts += [p.context for p in plan.parking_lot] + [p.raised_by for p in plan.parking_lot]
    texts += [p.name for p in plan.people] + [d.made_by for d in plan.decisions]
    for vote in plan.votes:
        texts += [vote.question, vote.outcome] + [o.label for o in vote.options]
    return texts


def record_html(plan: Plan, changes: PlanChanges, *, session_name: str = "", today: date | None = None) -> str:
    from hoshin_tui.export.pdf import render_template
    from hoshin_tui.export.pdf.title_block import title_meta

    today = today or date.today()
    codes = item_codes(plan)
    titles = _titles(plan, codes)
    names = {**changes.names, **codes, **{p.id: p.name for p in plan.people}}  # links print as "O1 × I11"
    decisions = [_decision_facts(plan, d, today) for d in plan.decisions if d.kind != DecisionKind.ACTION]
    actions = [_decision_facts(plan, d, today) for d in plan.decisions if d.kind == DecisionKind.ACTION]
    parking = [
        {
            "text": item.text,
            "raised": " · ".join(
                part for part in (item.raised_by, f"{item.raised_at:%H:%M}" if item.raised_at else "") if part
            ),
            "context": item.context,
            "outcome": OUTCOME_WORDS.get(item.outcome, item.outcome.value),
            "note": item.outcome_note,
            "became": _became(plan, item.outcome_id, titles),
        }
        for item in plan.parking_lot
    ]
    rows = agenda_rows(plan)
    days = sorted({row.day for row in rows})
    totals = {
        day: (
            sum(r.planned_minutes for r in rows if r.day == day),
            sum(r.actual_minutes or 0 for r in rows if r.day == day),
        )
        for day in days
    }
    lists: list[ListChange] = [named_links(change, names) for change in changes.lists]
    meta = title_meta(plan, today, session_name)
    return render_template(
        "record.html.j2",
        plan=plan,
        meta=meta,
        agenda=rows,
        days=days,
        totals=totals,
        decisions=decisions,
        actions=actions,
        votes=vote_blocks(plan, codes),
        parking=parking,
        changes=changes,
        lists=lists,
    )


def _became(plan: Plan, item_id: str | None, titles: dict[str, str]) -> str:
    if not item_id:
        return ""
    if item_id in titles:
        return titles[item_id]
    for listed in (plan.agenda, plan.decisions):
        for item in listed:
            if item.id == item_id:
                return label_of(item)
    return ""


def export_record(
    plan: Plan,
    out_path: Path,
    *,
    history: Sequence[HistoryEntry] = (),
    day: date | None = None,
    session_name: str = "",
    today: date | None = None,
) -> ExportResult:
    """Render the session record of ``plan`` to ``out_path`` (written atomically).

    ``history`` is the day's undo history (``plan_changes.read_history(store, day)``).
    """
    from hoshin_tui.export.pdf import (
        gc_paused,
        missing_glyph_warnings,
        render_document,
        unprintable_characters,
        write_atomic,
        write_pdf_bytes,
    )

    today = today or date.today()
    changes = summarise(history, day or today)
    with gc_paused():
        html = record_html(plan, changes, session_name=session_name, today=today)
        warnings = missing_glyph_warnings(unprintable_characters(record_texts(plan)))
        rendered = render_document(html, css=[record_css()], xhtml=True)
        pdf = write_pdf_bytes(rendered)
    for line in rendered.glyph_warnings():
        if line not in warnings:
            warnings.append(line)
    write_atomic(Path(out_path), pdf)
    return ExportResult(Path(out_path), rendered.pages, warnings)


def export_session_record(
    session: Path, out_path: Path, *, day: str | date | None = None, session_name: str = ""
) -> ExportResult:
    """The record of the session file ``session``: its plan, and the plan changes of ``day`` from its history."""
    from hoshin_tui.core.plan_changes import read_history
    from hoshin_tui.store.session import SessionStore

    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"The day must look like 2027-03-14, got '{day}'") from None
    day = day or date.today()
    with SessionStore.open(session, read_only=True) as store:
        plan = store.load()
        history = read_history(store, day)
    return export_record(plan, out_path, history=history, day=day, session_name=session_name or session.stem)
