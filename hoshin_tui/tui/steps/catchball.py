"""The Catchball step: each item's negotiation between two levels, its thread, and a composer.

Left, the items grouped by level with a state badge, who holds the ball and the days since
the last throw; right, the highlighted item's thread; below, the composer. The keys are the
moves of ``core.catchball`` (throw, remark, counter-propose, accept, reject, reopen, rework),
so the rules and their refusals live in the core. In the room the facilitator records on
behalf of the speaker: by default the ball holder answers whoever threw it last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from hoshin_tui.core import catchball as cb
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import CatchballKind, CatchballState
from hoshin_tui.model.lists import label_of
from hoshin_tui.model.plan import Proposal
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.steps.base import PaletteCommand, StepView
from hoshin_tui.tui.widgets.item_list import ItemList
from hoshin_tui.tui.widgets.quiet import set_text


def now() -> datetime:
    """The clock of the days since the last throw and of new turns (tests freeze it)."""
    return datetime.now(UTC).replace(microsecond=0)


LEVEL_ROW = "level:"  # row keys of the level headings in the item list


@dataclass(frozen=True)
class Composing:
    """What the composer is writing: a move, who speaks, to whom, and a proposed change."""

    move: str  # "throw", "comment", "question", "concern", "propose", "accept", "reject", "reopen", "rework"
    item_id: str
    who_id: str | None
    to_id: str | None
    proposal: Proposal | None = None


MOVE_WORDS = {
    "throw": "Throw",
    "comment": "Comment",
    "question": "Question",
    "concern": "Concern",
    "propose": "Counter-proposal",
    "accept": "Agree",
    "reject": "Reject (a reason is needed)",
    "reopen": "Reopen (a reason is needed)",
    "rework": "Rework into a draft",
}


def badge(state: CatchballState) -> str:
    return f"{cb.STATE_MARKS[state]} {cb.STATE_WORDS[state]}"


def involves(row: cb.ItemCatchball, person_id: str) -> bool:
    """The person owns or leads the item, or speaks or is spoken to in its thread."""
    item = row.item
    if person_id in (getattr(item, "owner_id", None), getattr(item, "leader_id", None)):
        return True
    return any(person_id in (entry.who_id, entry.to_id) for entry in row.entries)


class CatchballStep(StepView):
    SCOPED_CSS = False  # the narrow rules name the screen's class, as the session's style sheet does
    DEFAULT_CSS = """
    CatchballStep #catchball-panes { height: 1fr; }
    CatchballStep #catchball-items-pane { width: 2fr; height: 1fr; margin-right: 1; }
    CatchballStep #catchball-thread-pane { width: 1fr; min-width: 30; height: 1fr; }
    CatchballStep #catchball-thread-scroll { height: 1fr; background: $boost; padding: 0 1; }
    CatchballStep #catchball-composer { height: auto; }
    CatchballStep #catchball-composer-label { height: 1; color: $accent; text-style: bold; }
    .-narrow CatchballStep #catchball-panes { layout: vertical; }
    .-narrow CatchballStep #catchball-items-pane { width: 1fr; height: 1fr; margin-right: 0; }
    .-narrow CatchballStep #catchball-thread-pane { width: 1fr; height: 7; }
    .-short CatchballStep #catchball-composer-label { display: none; }
    .-short CatchballStep #catchball-composer-input { height: 1; border: none; padding: 0 1; }
    .-narrow.-short CatchballStep #catchball-thread-pane { height: 5; }
    """
    EDIT_ACTIONS: ClassVar = frozenset(
        {"throw", "remark", "propose", "accept", "reject", "reopen", "rework", "speaker"}
    )
    BINDINGS: ClassVar = [
        Binding("t", "throw", "Throw to…", id="catchball.throw"),
        Binding("c", "remark('comment')", "Comment", id="catchball.comment"),
        Binding("q", "remark('question')", "Question", id="catchball.question", show=False),
        Binding("n", "remark('concern')", "Concern", id="catchball.concern", show=False),
        Binding("p", "propose", "Counter-propose", id="catchball.propose"),
        Binding("a", "accept", "Accept", id="catchball.accept"),
        Binding("x", "reject", "Reject", id="catchball.reject"),
        Binding("o", "reopen", "Reopen", id="catchball.reopen", show=False),
        Binding("d", "rework", "Rework", id="catchball.rework", show=False),
        Binding("s", "speaker", "Speaker…", id="catchball.speaker", show=False),
        Binding("f", "filter", "Filter", id="catchball.filter"),
        Binding("l", "export('catchball-log')", "Print log", id="catchball.print_log", show=False),
        Binding("L", "export('agreements')", "Print agreements", id="catchball.print_agreements", show=False),
        Binding("escape", "cancel_composer", "Cancel", id="catchball.cancel", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state_filter: CatchballState | None = None
        self.person_filter: str | None = None
        self.rows: dict[str, cb.ItemCatchball] = {}
        self.composing: Composing | None = None
        self._speakers: dict[str, str] = {}  # item id -> who speaks for it, when chosen with s
        self._drawn_width = -1  # the list's width when last drawn

    def compose(self) -> ComposeResult:
        yield Static(self._intro(), id="catchball-intro", classes="step-intro", markup=False)
        with Horizontal(id="catchball-panes"):  # not .panes/.pane: the session's sheet would fix their widths
            with Vertical(id="catchball-items-pane"):
                yield Static("Items", id="catchball-items-title", classes="pane-title", markup=False)
                yield ItemList(id="catchball-items", selectable=False)
            with Vertical(id="catchball-thread-pane"):
                yield Static("Thread", id="catchball-thread-title", classes="pane-title", markup=False)
                with VerticalScroll(id="catchball-thread-scroll"):
                    yield Static("", id="catchball-thread", markup=False)
        with Vertical(id="catchball-composer"):
            yield Static("", id="catchball-composer-label", markup=False)
            yield Input(placeholder=self._placeholder(), id="catchball-composer-input", disabled=True)

    @property
    def table(self) -> ItemList:
        return self.query_one("#catchball-items", ItemList)

    def on_mount(self) -> None:
        self.table.follow = self._cursor_moved

    def focus_default(self) -> None:
        self.screen.set_focus(self.table)

    def _intro(self) -> str:
        shown = []
        if self.state_filter is not None:
            shown.append(cb.STATE_WORDS[self.state_filter])
        if self.person_filter is not None:
            shown.append(self.session.plan.person_name(self.person_filter) or "someone")
        where = f"Showing {' · '.join(shown)} only (f: filter). " if shown else ""
        return (
            f"{where}Each item is thrown between two levels until both commit: t throws it for review, "
            "c q n comment, ask or raise a concern, p counter-proposes a change, a agrees (and applies it), "
            "x rejects, o reopens, d reworks; s picks who speaks."
        )

    def _placeholder(self) -> str:
        return "t throw · c comment · p counter-propose · a accept · x reject · f filter"

    # --- drawing ----------------------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        found = cb.catchball_items(plan)
        self.rows = {row.item_id: row for row in found}
        shown = [row for row in found if self._keeps(row)]
        today = now()
        table = self.table
        self._drawn_width = table.size.width
        if not table.size.width:  # not laid out yet: draw again at the real width once it is known
            self.call_after_refresh(self._follow_width)
        width = (table.size.width or self.size.width or 100) - 2
        fixed = (3, 11, 14, 4)
        flex = max(12, width - sum(w + 2 for w in fixed) - 2)
        shape = [("#", fixed[0]), ("Item", flex), ("State", fixed[1]), ("Ball with", fixed[2]), ("Days", fixed[3])]
        rows: list[tuple[str, tuple[str, ...]]] = []
        level = None
        for row in shown:
            here = cb.level_of(row.kind)
            if here is not level:
                level = here
                rows.append((LEVEL_ROW + here.key, ("", here.title, "", "", "")))
            holder = plan.person_name(row.holder_id) if row.holder_id else ""
            days = row.days_since_last_throw(today) if holder else None  # counted while someone holds the ball
            cells = (row.code, label_of(row.item), badge(row.state), holder or "-", "-" if days is None else str(days))
            rows.append((row.item_id, cells))
        first_show = not table.ids
        table.show_rows(shape, rows, 1 if self.projecting else 0)
        if first_show and len(rows) > 1:
            table.set_cursor(1)  # the first item, under its level's heading
        set_text(self.query_one("#catchball-items-title", Static), f"Items ({len(shown)} of {len(found)})")
        set_text(self.query_one("#catchball-intro", Static), self._intro())
        self.stale = False
        self._show_thread()

    def _follow_width(self) -> None:
        if not self.stale and self.is_mounted and self.table.size.width != self._drawn_width:
            self.show_plan(self.session.plan)

    def _keeps(self, row: cb.ItemCatchball) -> bool:
        if self.state_filter is not None and row.state is not self.state_filter:
            return False
        return self.person_filter is None or involves(row, self.person_filter)

    def on_item_list_highlighted(self, event: ItemList.Highlighted) -> None:
        event.stop()

    def on_item_list_resized(self, event: ItemList.Resized) -> None:
        """The columns follow the list's real width, known after layout (not redrawn when it is the same)."""
        event.stop()
        if not self.stale and event.width != self._drawn_width:
            self.show_plan(self.session.plan)
        elif self.stale:  # drawn later at this width, when shown
            self._drawn_width = -1

    def _cursor_moved(self, table: ItemList) -> None:
        if not self.stale and self.is_mounted:
            self._show_thread()

    def current(self) -> cb.ItemCatchball | None:
        key = self.table.current_id
        return self.rows.get(key) if key else None

    def _show_thread(self) -> None:
        row = self.current()
        plan = self.session.plan
        title = self.query_one("#catchball-thread-title", Static)
        thread = self.query_one("#catchball-thread", Static)
        if row is None:
            set_text(title, "Thread")
            set_text(thread, "Move to an item to read its thread.", layout=True)
            self._show_composer()
            return
        set_text(title, f"Thread: {row.code} · {badge(row.state)} ({len(row.entries)})")
        set_text(thread, thread_text(plan, row, now()), layout=True)
        self.query_one("#catchball-thread-scroll", VerticalScroll).scroll_end(animate=False)  # the latest turn
        self._show_composer()

    def _show_composer(self) -> None:
        label = self.query_one("#catchball-composer-label", Static)
        composing = self.composing
        if composing is None:
            row = self.current()
            if row is None or self.session.read_only:
                set_text(label, "")
                return
            who, to = self._pair(row)
            plan = self.session.plan
            if who is None:
                set_text(label, "Add people to the plan to throw the ball")
            else:
                towards = f" → {plan.person_name(to)}" if to else ""
                set_text(label, f"Next turn: {plan.person_name(who)}{towards} (s: who speaks, t: throw to…)")
            return
        set_text(label, self._composing_text(composing))

    def _composing_text(self, composing: Composing) -> str:
        plan = self.session.plan
        row = self.rows.get(composing.item_id)
        code = row.code if row else ""
        towards = f" → {plan.person_name(composing.to_id)}" if composing.to_id else ""
        what = MOVE_WORDS[composing.move]
        if composing.proposal is not None:
            p = composing.proposal
            was, becomes = cb.shown_value(plan, p.field, p.from_value), cb.shown_value(plan, p.field, p.to_value)
            what += f": {p.field} {was} → {becomes}"
        elif composing.move == "accept" and row is not None and row.pending_proposal is not None:
            pending = row.pending_proposal.proposal
            assert pending is not None  # a pending proposal names a change
            what += f" and apply {pending.field} → {cb.shown_value(plan, pending.field, pending.to_value)}"
        return f"{what} on {code}, {plan.person_name(composing.who_id)}{towards} · enter send · escape cancel"

    # --- who speaks ---------------------------------------------------------------------------------

    def _pair(self, row: cb.ItemCatchball) -> tuple[str | None, str | None]:
        plan = self.session.plan
        who, to = cb.suggested_pair(plan, row)
        chosen = self._speakers.get(row.item_id)
        if chosen is not None and plan.person(chosen) is not None:
            if chosen == to:  # the other side speaks: the ball goes the other way
                to = who
            who = chosen
        if to == who:
            to = None
        return who, to

    def _people_options(self, skip: str | None = None) -> list[tuple[str, str]]:
        plan = self.session.plan
        return [(p.id, f"{p.name}  ({cb.ROLE_WORDS[p.role].lower()})") for p in plan.people if p.id != skip]

    def action_speaker(self) -> None:
        row = self._editable_row()
        if row is None:
            return
        from hoshin_tui.tui.dialogs.choose import ChooseDialog

        who, _ = self._pair(row)

        def chosen(person_id: str | None) -> None:
            if person_id:
                self._speakers[row.item_id] = person_id
                self._show_composer()

        self.app.push_screen(
            ChooseDialog(f"Who speaks on {row.code}?", self._people_options(), current=who or ""), chosen
        )

    # --- moves --------------------------------------------------------------------------------------

    def _editable_row(self) -> cb.ItemCatchball | None:
        if self.refuse_read_only():
            return None
        row = self.current()
        if row is None:
            self.notify("Move to an item first: a level heading holds no thread", severity="warning")
            return None
        if not self.session.plan.people:
            self.notify("Add people first: catchball is between people of the plan", severity="warning")
            return None
        return row

    def _open_composer(self, move: str, row: cb.ItemCatchball, *, to_id: str | None = None, **more: Any) -> None:
        who, to = self._pair(row)
        if to_id is not None:
            to = to_id
            if to == who:
                who = next((p.id for p in self.session.plan.people if p.id != to), who)
        if who is None:
            self.notify("Choose who speaks first (s)", severity="warning")
            return
        self.composing = Composing(move, row.item_id, who, to, **more)
        box = self.query_one("#catchball-composer-input", Input)
        box.disabled = False
        box.value = ""
        box.placeholder = "type the text, then enter" + (" (optional)" if move in ("accept", "rework") else "")
        self._show_composer()
        self.screen.set_focus(box)

    def action_throw(self) -> None:
        row = self._editable_row()
        if row is None:
            return
        from hoshin_tui.tui.dialogs.choose import ChooseDialog

        who, to = self._pair(row)

        def chosen(person_id: str | None) -> None:
            if person_id:
                self._open_composer("throw", row, to_id=person_id)

        self.app.push_screen(
            ChooseDialog(f"Throw {row.code} to…", self._people_options(skip=who), current=to or ""), chosen
        )

    def action_remark(self, kind: str) -> None:
        row = self._editable_row()
        if row is not None:
            self._open_composer(kind, row)

    def action_accept(self) -> None:
        row = self._editable_row()
        if row is not None and self._allowed(row, CatchballState.AGREED):
            self._open_composer("accept", row)

    def action_reject(self) -> None:
        row = self._editable_row()
        if row is not None and self._allowed(row, CatchballState.REJECTED, reason="-"):
            self._open_composer("reject", row)

    def action_reopen(self) -> None:
        row = self._editable_row()
        if row is None:
            return
        if row.state is not CatchballState.AGREED:
            self.notify(
                f"{row.code} is {cb.STATE_WORDS[row.state]}: only an agreed item is reopened", severity="warning"
            )
            return
        self._open_composer("reopen", row)

    def action_rework(self) -> None:
        row = self._editable_row()
        if row is not None and self._allowed(row, CatchballState.DRAFT):
            self._open_composer("rework", row)

    def _allowed(self, row: cb.ItemCatchball, new: CatchballState, reason: str = "") -> bool:
        problem = cb.refusal(row.state, new, reason=reason, name=cb.item_name(row.kind, row.item))
        if problem:
            self.notify(problem, severity="warning")
        return problem is None

    def action_propose(self) -> None:
        row = self._editable_row()
        if row is None:
            return
        if row.state is not CatchballState.REVISED and not self._allowed(row, CatchballState.REVISED):
            return
        from hoshin_tui.tui.dialogs.choose import ChooseDialog

        plan = self.session.plan
        options = [
            (name, f"{name}: now {cb.shown_value(plan, name, cb.field_text(row.item, row.kind, name))}")
            for name in cb.proposal_fields(row.kind)
        ]
        options.append(("-", "no concrete change: text only"))

        def chosen(field_name: str | None) -> None:
            if field_name == "-":
                self._open_composer("propose", row)
            elif field_name:
                self._ask_value(row, field_name)

        self.app.push_screen(ChooseDialog(f"Counter-propose on {row.code}: which field?", options), chosen)

    def _ask_value(self, row: cb.ItemCatchball, field_name: str) -> None:
        plan = self.session.plan

        def proposed(value: str | None) -> None:
            if value is None:
                return
            try:
                proposal = cb.make_proposal(self.session.plan, row.item_id, field_name, value)
            except cb.CatchballRefused as exc:
                self.notify(str(exc), severity="error")
                return
            self._open_composer("propose", row, proposal=proposal)

        if field_name == "owner":
            from hoshin_tui.tui.dialogs.choose import ChooseDialog

            current = cb.field_text(row.item, row.kind, "owner")
            self.app.push_screen(
                ChooseDialog(f"{row.code}: proposed owner", self._people_options(skip=current)), proposed
            )
            return
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        current = cb.field_text(row.item, row.kind, field_name)

        def check(text: str) -> str | None:
            try:
                cb.make_proposal(self.session.plan, row.item_id, field_name, text)
            except cb.CatchballRefused as exc:
                return str(exc)
            return None

        hint = "a date as 2027-06-30" if field_name == "due" else "enter propose · escape cancel"
        title = f"{row.code}: proposed {field_name} (now {cb.shown_value(plan, field_name, current)})"
        self.app.push_screen(PromptDialog(title, value=current, check=check, hint=hint), proposed)

    # --- the composer -----------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        composing = self.composing
        if composing is None:
            return
        change = self._change(composing, event.value)
        if change is None:
            return
        if self.session.apply(lambda store: _save(store, change)):
            self._close_composer()
            self.notify(f"Saved: {change.label} · ctrl+z to undo", timeout=3)

    def _change(self, composing: Composing, text: str) -> cb.CatchballChange | None:
        plan, moment = self.session.plan, now()
        who, to, item_id = composing.who_id or "", composing.to_id, composing.item_id
        moves: dict[str, Callable[[], cb.CatchballChange]] = {
            "throw": lambda: self._throw(plan, item_id, who, to or "", text, moment),
            "propose": lambda: cb.counter_propose(
                plan, item_id, who_id=who, to_id=to, text=text, proposal=composing.proposal, now=moment
            ),
            "accept": lambda: cb.accept(plan, item_id, who_id=who, to_id=to, text=text, now=moment),
            "reject": lambda: cb.reject(plan, item_id, who_id=who, to_id=to, reason=text, now=moment),
            "reopen": lambda: cb.reopen(plan, item_id, who_id=who, to_id=to, reason=text, now=moment),
            "rework": lambda: cb.rework(plan, item_id, who_id=who, to_id=to, text=text, now=moment),
        }
        remark = CatchballKind(composing.move) if composing.move in ("comment", "question", "concern") else None
        try:
            if remark is not None:
                return cb.remark(plan, item_id, who_id=who, to_id=to, kind=remark, text=text, now=moment)
            return moves[composing.move]()
        except cb.CatchballRefused as exc:
            self.notify(str(exc), severity="error")
            return None

    @staticmethod
    def _throw(plan: Plan, item_id: str, who: str, to: str, text: str, moment: datetime) -> cb.CatchballChange:
        """A draft or a revision goes for review; an item already in play is a remark thrown to ``to``."""
        if cb.state_of(plan, item_id) in (CatchballState.DRAFT, CatchballState.REVISED):
            return cb.send_for_review(plan, item_id, who_id=who, to_id=to, text=text, now=moment)
        return cb.remark(plan, item_id, who_id=who, to_id=to, text=text, now=moment)

    def action_cancel_composer(self) -> None:
        if self.composing is not None:
            self._close_composer()

    def _close_composer(self) -> None:
        self.composing = None
        box = self.query_one("#catchball-composer-input", Input)
        box.value = ""
        box.placeholder = self._placeholder()
        box.disabled = True
        self.screen.set_focus(self.table)
        self._show_composer()

    def leave(self) -> None:
        """A turn half typed is not saved: a turn is said, or not (the text stays in the box)."""
        self.composing = None
        if self.is_mounted and self.query("#catchball-composer-input"):
            box = self.query_one("#catchball-composer-input", Input)
            box.placeholder, box.disabled = self._placeholder(), True
            self._show_composer()

    # --- filter and selection ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        from hoshin_tui.tui.dialogs.choose import ChooseDialog

        plan = self.session.plan
        options: list[tuple[str, str]] = [("all", "Every item"), ("", "By state")]
        options += [(f"state:{state.value}", f"   {badge(state)}") for state in CatchballState]
        options.append(("", "By person (owns it, or speaks or is spoken to in its thread)"))
        options += [(f"person:{p.id}", f"   {p.name}") for p in plan.people]

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            if choice == "all":
                self.state_filter = self.person_filter = None
            elif choice.startswith("state:"):
                self.state_filter = CatchballState(choice.removeprefix("state:"))
            else:
                self.person_filter = choice.removeprefix("person:")
            self.show_plan(self.session.plan)

        self.app.push_screen(ChooseDialog("Show which items?", options, hint="enter pick · escape keep"), chosen)

    def filter_person(self, person_id: str | None) -> None:
        """Show only the items ``person_id`` is part of (from the people step's key)."""
        self.person_filter = person_id
        if self.is_mounted:
            self.show_plan(self.session.plan)

    def select_item(self, item_id: str) -> bool:
        """Put the cursor on ``item_id``; a person's id shows the items they are part of."""
        if self.session.plan.person(item_id) is not None:
            self.filter_person(item_id)
            return True
        if self.stale:
            self.show_plan(self.session.plan)
        if item_id not in self.table.ids and item_id in self.rows:
            self.state_filter = self.person_filter = None  # a filter must not hide what was asked for
            self.show_plan(self.session.plan)
        if self.table.select_id(item_id):
            self._show_thread()
            return True
        return False

    def commands(self) -> list[PaletteCommand]:
        return [
            self.command("catchball: throw for review", "throw", "Throw the item to someone for review"),
            self.command("catchball: counter-propose", "propose", "Propose a change of target, date, owner…"),
            self.command("catchball: accept", "accept", "Agree the item, applying its counter-proposal"),
            self.command("catchball: filter", "filter", "Show items by state or by person"),
            self.command("export: catchball log PDF", "export('catchball-log')", "Print every catchball thread"),
            self.command("export: agreement sheets PDF", "export('agreements')", "Print the agreement sheets to sign"),
        ]

    def action_export(self, kind: str) -> None:
        self.request_export(kind)


def _save(store: SessionStore, change: cb.CatchballChange) -> None:
    cb.apply_change(store, change)


def thread_text(plan: Plan, row: cb.ItemCatchball, today: datetime) -> str:
    """The thread as the room reads it: when, who to whom, what kind, the text, any change proposed."""
    if not row.entries:
        return "Never thrown yet: t throws it to someone for review."
    lines: list[str] = []
    for entry in row.entries:
        towards = f" → {cb.person_label(plan, entry.to_id)}" if entry.to_id else ""
        kind = cb.KIND_WORDS[entry.kind]
        moved = f" · now {cb.STATE_WORDS[entry.resulting_state]}" if entry.resulting_state else ""
        lines.append(f"{entry.at:%d %b %Y %H:%M}  {cb.who_label(plan, entry)}{towards} · {kind}{moved}")
        if entry.text:
            lines.append(f"  {entry.text}")
        if entry.proposal is not None:
            p = entry.proposal
            accepted = cb.acceptance(row.entries, entry)
            when = f" · accepted {accepted.at:%d %b %Y}" if accepted is not None else ""
            change = f"{cb.shown_value(plan, p.field, p.from_value)} → {cb.shown_value(plan, p.field, p.to_value)}"
            lines.append(f"  ⇒ {p.field}: {change}{when}")
        lines.append("")
    holder = row.holder_id
    days = row.days_since_last_throw(today)
    if holder and days is not None:
        lines.append(f"Ball with {plan.person_name(holder)} for {days} day{'s' if days != 1 else ''}.")
    return "\n".join(lines).rstrip()
