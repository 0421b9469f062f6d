"""The room's step: the agenda with its times, the parking lot and the decisions and actions log.

The agenda's planned times follow the session start; its title line forecasts the end of the
day at the pace so far. The timer itself is global (``widgets/room_timer.py``): ``s`` puts the
highlighted item on it, ctrl+t and ctrl+n work from every step. "Clear the lot" (``c``) walks
each open parking-lot item to an outcome; each outcome is one change to undo.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from hoshin_tui.core import agenda, parking
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import AgendaKind, DecisionKind, DecisionStatus, InitiativeKind, ParkingOutcome
from hoshin_tui.model.plan import AgendaItem, Decision, Initiative, ParkingLotItem
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.dialogs.item_form import FieldSpec, FormResult, ItemForm
from hoshin_tui.tui.plan_index import index_of
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep, Pane, choices, humanize, owner_cell
from hoshin_tui.tui.widgets.item_list import ItemList
from hoshin_tui.tui.widgets.quiet import set_text
from hoshin_tui.tui.widgets.room_timer import clock_of

_slots: tuple[object, object, dict[str, agenda.Slot]] = (None, None, {})


def slots_of(plan: Plan) -> dict[str, agenda.Slot]:
    """The planned times, computed once per agenda and start (the cells of a redraw share them)."""
    global _slots
    if _slots[0] is not plan.agenda or _slots[1] != plan.session_start:
        _slots = (plan.agenda, plan.session_start, {slot.item_id: slot for slot in agenda.schedule(plan)})
    return _slots[2]


def _start_cell(plan: Plan, item: AgendaItem, code: dict[str, str]) -> str:
    slot = slots_of(plan).get(item.id)
    if slot is None:
        return ""
    first_of_day = next((i for i in plan.agenda if i.day == item.day), None) is item
    return ("▸" if first_of_day and item.day > 1 else "") + f"{slot.start:%H:%M}"  # ▸: a new day starts


def _state_cell(plan: Plan, item: AgendaItem, code: dict[str, str]) -> str:
    if item.done:
        return "✓"
    if item.running_since is not None:
        return "▶"
    return "‖" if item.started_at is not None else ""


def _title_cell(plan: Plan, item: AgendaItem, code: dict[str, str]) -> str:
    carried = agenda.carried_label(item)
    return item.title + (f" ({carried})" if carried else "")


def _actual_cell(plan: Plan, item: AgendaItem, code: dict[str, str]) -> str:
    if item.running_since is not None:
        return "…"  # on the timer now: the timer bar counts it
    actual = item.actual_minutes
    return "-" if actual is None else str(actual)


def _step_choices() -> tuple[tuple[str, str], ...]:
    from hoshin_tui.tui.steps import STEPS

    return (("(none)", ""), *((step.title, step.key) for step in STEPS))


AGENDA = ListSpec(
    kind="agenda",
    noun="agenda item",
    model=AgendaItem,
    fields=(
        FieldSpec("title"),
        FieldSpec("kind", "choice", choices(AgendaKind)),
        FieldSpec("minutes", "number"),
        FieldSpec("day", "number"),
        FieldSpec("presenter_id", "person"),
        FieldSpec("step", "choice", _step_choices()),
        FieldSpec("notes", "long"),
        FieldSpec("done", "yesno"),
    ),
    columns=(
        Column("Start", _start_cell, 6),
        Column("Item", _title_cell),
        Column("Kind", lambda plan, item, code: humanize(item.kind), 10, min_table_width=70),
        Column("Plan", lambda plan, item, code: str(item.minutes), 4),
        Column("Act", _actual_cell, 4, min_table_width=50),
        Column("", _state_cell, 1),
    ),
)

PARKING = ListSpec(
    kind="parking_lot",
    noun="parked question",
    model=ParkingLotItem,
    fields=(
        FieldSpec("text"),
        FieldSpec("raised_by"),
        FieldSpec("outcome", "choice", tuple((parking.OUTCOME_WORDS[o], o.value) for o in ParkingOutcome)),
        FieldSpec("outcome_note", "long"),
    ),
    columns=(
        Column("Question", lambda plan, item, code: item.text),
        Column("Outcome", lambda plan, item, code: parking.OUTCOME_WORDS[item.outcome], 16),
    ),
)

DECISIONS = ListSpec(
    kind="decisions",
    noun="decision or action",
    model=Decision,
    fields=(
        FieldSpec("text", "long"),
        FieldSpec("kind", "choice", choices(DecisionKind)),
        FieldSpec("owner_id", "person"),
        FieldSpec("due", "date"),
        FieldSpec("status", "choice", choices(DecisionStatus)),
        FieldSpec("made_by"),
    ),
    columns=(
        Column("Kind", lambda plan, item, code: humanize(item.kind), 9, min_table_width=44),
        Column("Decision or action", lambda plan, item, code: item.text),
        Column("Owner", owner_cell(), 10, min_table_width=60),
        Column("Due", lambda plan, item, code: item.due.isoformat() if item.due else "", 10, min_table_width=76),
    ),
)

SPEC = ListSpec(
    kind="agenda",
    noun=AGENDA.noun,
    model=AgendaItem,
    fields=AGENDA.fields,
    columns=AGENDA.columns,
    panes=(Pane("Agenda"), Pane("Parking lot", spec=PARKING), Pane("Decisions and actions", spec=DECISIONS)),
    intro=(
        "The day's timeboxes from the session start. s puts an item on the timer (ctrl+t, ctrl+n work on every "
        "step), ctrl+l parks a question from anywhere, c clears the lot, t adds a template."
    ),
)

STAMP = "%Y-%m-%d %H:%M"


def parse_start(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), STAMP)
    except ValueError:
        return None


class AgendaStep(ListStep):
    SPEC = SPEC
    EDIT_ACTIONS: ClassVar = ListStep.EDIT_ACTIONS | {
        "toggle_done",
        "timer_here",
        "template",
        "clear_lot",
        "session_start",
        "next_session",
    }
    BINDINGS: ClassVar = [
        Binding("s", "timer_here", "Start/pause this item", id="agenda.timer_here"),
        Binding("x", "toggle_done", "Done", id="agenda.done"),
        Binding("c", "clear_lot", "Clear the lot", id="agenda.clear_lot"),
        Binding("t", "template", "Template", id="agenda.template", show=False),
        Binding("b", "session_start", "Session start", id="agenda.session_start", show=False),
        Binding("n", "next_session", "Next session", id="agenda.next_session", show=False),
    ]
    DEFAULT_CSS = """
    AgendaStep #agenda-pane { width: 3fr; }
    AgendaStep #room-side { width: 2fr; margin-right: 0; }
    AgendaStep .room-subpane { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        """The agenda on the left; the parking lot above the decisions log on the right."""
        yield Static(self._intro(), classes="step-intro", markup=False)
        selectable = not self.session.read_only
        with Horizontal(classes="panes"):
            with Vertical(classes="pane", id="agenda-pane"):
                yield Static("Agenda", id="pane-title-0", classes="pane-title", markup=False)
                yield ItemList(id="table-agenda-0", selectable=selectable)
            with Vertical(classes="pane", id="room-side"):
                for index, pane in enumerate(self.SPEC.panes[1:], start=1):
                    with Vertical(classes="room-subpane"):
                        yield Static(pane.title, id=f"pane-title-{index}", classes="pane-title", markup=False)
                        yield ItemList(id=f"table-{self.spec_of(index).kind}-{index}", selectable=selectable)
        yield Static("", classes="item-detail", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#pane-title-0", Static).styles.height = 2  # the forecast under the title (.pane-title is 1)

    # --- drawing ------------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return clock_of(self)()

    def _fill_pane(self, index: int, plan: Plan, code: dict[str, str]) -> None:
        shown = self.items_of(index, plan)
        self._fill(self.tables[index], shown, plan, code, self.spec_of(index))
        set_text(self.query_one(f"#pane-title-{index}", Static), self._pane_title(index, plan))

    def _pane_title(self, index: int, plan: Plan) -> str:
        """The agenda's title carries the session start and the forecast end of the day."""
        if index == 0:
            if plan.session_start is None:
                return f"Agenda ({len(plan.agenda)})\nno session start yet: b sets it"
            found = agenda.forecast(plan, self._now())
            day = f" · day {found.day}" if found and any(item.day > 1 for item in plan.agenda) else ""
            pace = f"\n{found.pace_text}" if found else ""
            return f"Agenda ({len(plan.agenda)}) · {plan.session_start:%a %d %b %H:%M}{day}{pace}"
        if index == 1:
            return f"Parking lot ({len(plan.parking_lot)}, {len(parking.open_items(plan))} open)"
        return f"Decisions and actions ({len(plan.decisions)})"

    def describe(self, item: Any) -> str:
        plan = self.session.plan
        if isinstance(item, AgendaItem):
            return self._describe_agenda(plan, item)
        if isinstance(item, ParkingLotItem):
            raised = f"Raised by {item.raised_by}" if item.raised_by else "Raised"
            when = f" at {item.raised_at.astimezone():%H:%M}" if item.raised_at else ""
            context = f" · {item.context}" if item.context else ""
            return f"{item.text}\n{raised}{when}{context}\nOutcome: {parking.outcome_text(plan, item)}"
        if isinstance(item, Decision):
            owner = plan.person_name(item.owner_id)
            parts = [humanize(item.kind), humanize(item.status)]
            parts += [f"owner {owner}"] if owner else []
            parts += [f"due {item.due.isoformat()}"] if item.due else []
            related = [index_of(plan).titles.get(i, "") for i in item.related_ids]
            lines = [item.text, " · ".join(parts)]
            if any(related):
                lines.append("About: " + "; ".join(r for r in related if r))
            return "\n".join(lines)
        return super().describe(item)

    def _describe_agenda(self, plan: Plan, item: AgendaItem) -> str:
        slot = slots_of(plan).get(item.id)
        planned = f"Day {item.day}, planned {slot.start:%H:%M}-{slot.end:%H:%M}" if slot else ""
        parts = [planned, f"{item.minutes} min", humanize(item.kind)]
        presenter = plan.person_name(item.presenter_id)
        parts += [f"presenter {presenter}"] if presenter else []
        if item.running_since is not None:
            parts.append("on the timer now")
        elif item.actual_minutes is not None:
            parts.append(f"took {item.actual_minutes} min" if item.done else f"{item.actual_minutes} min so far")
        parts += [agenda.carried_label(item)] if item.carried_from else []
        return "\n".join(line for line in (item.title, " · ".join(p for p in parts if p), item.notes) if line)

    # --- the agenda's own keys -------------------------------------------------------------------------

    def _agenda_item(self) -> AgendaItem | None:
        item = self.current_item()
        if not isinstance(item, AgendaItem):
            self.notify("Highlight an agenda item first (tab moves between the lists)", severity="warning")
            return None
        return item

    def _save_agenda(self, items: list[AgendaItem], label: str) -> bool:
        from hoshin_tui.tui.room import save_items

        return bool(items) and self.session.apply(lambda store: save_items(store, items, label))

    def action_timer_here(self) -> None:
        item = self._agenda_item()
        if item is None or self.refuse_read_only():
            return
        if item.done:
            self.notify("That item is done: x opens it again", severity="warning")
            return
        from hoshin_tui.tui.room import timer_label

        plan = self.session.plan
        items = agenda.start_or_pause(plan, self._now(), item.id)
        if self._save_agenda(items, timer_label(plan, items)):
            self.select_item(item.id)

    def action_toggle_done(self) -> None:
        item = self._agenda_item()
        if item is None or self.refuse_read_only():
            return
        changed = agenda.mark_done(item, self._now(), not item.done)
        verb = "done" if changed.done else "not done"
        if self._save_agenda([changed], f"mark '{item.title}' {verb}"):
            self.select_item(item.id)

    def action_template(self) -> None:
        if self.refuse_read_only():
            return
        self.app.search_commands(
            [
                (
                    template.title,
                    partial(self._add_template, template),
                    f"{len(template.items)} items over {template.days} day(s), "
                    f"{sum(i.minutes for i in template.items)} min in all",
                )
                for template in agenda.TEMPLATES
            ],
            placeholder="Add an agenda template…",
        )

    def _add_template(self, template: agenda.Template) -> None:
        plan = self.session.plan
        after_day = max((item.day for item in plan.agenda), default=0)
        items = agenda.template_items(template, after_day)
        start = plan.session_start or datetime.combine(date.today(), agenda.DEFAULT_START)

        def write(store: SessionStore) -> None:
            with store.batch(f"add agenda template '{template.title}'"):
                if plan.session_start is None:
                    store.set_field("session_start", start)
                for item in items:
                    store.save(item)

        if self.session.apply(write):
            self.select_item(items[0].id)
            self.notify(f"Added {len(items)} items: {template.title} · ctrl+z takes them back", timeout=4)

    def action_session_start(self) -> None:
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        if self.refuse_read_only():
            return
        start = self.session.plan.session_start
        dialog = PromptDialog(
            "When does day 1 start?",
            value=start.strftime(STAMP)
            if start
            else datetime.combine(date.today(), agenda.DEFAULT_START).strftime(STAMP),
            placeholder="YYYY-MM-DD HH:MM",
            check=lambda text: None if parse_start(text) else "Type the date and time as 2026-03-02 09:00",
            hint="Planned times follow it; each later day starts at the same time.",
        )
        self.app.push_screen(dialog, self._start_set)

    def _start_set(self, text: str | None) -> None:
        start = parse_start(text or "")
        if start is not None:
            self.session.apply(lambda store: store.set_field("session_start", start))

    def action_next_session(self) -> None:
        """Carry the items not reached to the next session (the done ones go), in one change."""
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        if self.refuse_read_only():
            return
        plan = self.session.plan
        gone, kept = agenda.carry_over(plan)
        current = plan.session_start or datetime.combine(date.today(), agenda.DEFAULT_START)
        proposed = max(current + timedelta(days=28), datetime.combine(date.today(), current.time()))
        dialog = PromptDialog(
            "When does the next session start?",
            value=proposed.strftime(STAMP),
            placeholder="YYYY-MM-DD HH:MM",
            check=lambda text: None if parse_start(text) else "Type the date and time as 2026-03-02 09:00",
            hint=f"{len(kept)} items not reached are carried (marked 'carried from'); {len(gone)} done items go.",
        )
        self.app.push_screen(dialog, partial(self._carry, gone, kept))

    def _carry(self, gone: list[AgendaItem], kept: list[AgendaItem], text: str | None) -> None:
        start = parse_start(text or "")
        if start is None:
            return

        def write(store: SessionStore) -> None:
            with store.batch(f"next session {start:%Y-%m-%d}: carry {len(kept)} items"):
                for item in gone:
                    store.delete(item)
                for item in kept:
                    store.save(item)
                store.set_field("session_start", start)

        if self.session.apply(write):
            self.notify(f"Next session {start:%d %b %H:%M}: {len(kept)} items carried", timeout=4)

    # --- clear the lot ------------------------------------------------------------------------------------

    def action_clear_lot(self) -> None:
        if self.refuse_read_only():
            return
        self._clear_next(set())

    def _clear_next(self, skipped: set[str]) -> None:
        from hoshin_tui.tui.dialogs.clear_lot import ClearLotDialog

        waiting = [item for item in parking.open_items(self.session.plan) if item.id not in skipped]
        if not waiting:
            left = len(parking.open_items(self.session.plan))
            self.notify("The lot is clear" if not left else f"{left} parked question(s) left open", timeout=4)
            return
        item = waiting[0]
        total = len(waiting) + len(skipped)
        dialog = ClearLotDialog(item, len(skipped) + 1, total)
        self.app.push_screen(dialog, partial(self._outcome_chosen, item, skipped))

    def _outcome_chosen(self, item: ParkingLotItem, skipped: set[str], choice: str | None) -> None:
        if choice is None:
            return  # escape: stop the walk; what was settled stays settled
        go_on = partial(self._clear_next, skipped)
        if choice == "skip":
            self._clear_next(skipped | {item.id})
        elif choice == "answered":
            self._ask_answer(item, go_on)
        elif choice == "agenda":
            self._settle(lambda store: parking.to_agenda(store, item), item, go_on)
        elif choice == "dropped":
            self._settle(lambda store: parking.drop(store, item), item, go_on)
        elif choice == "initiative":
            self._ask_initiative(item, go_on)
        elif choice == "action":
            self._ask_action(item, go_on)

    def _settle(self, write: Callable[[SessionStore], object], item: ParkingLotItem, then: Callable[[], None]) -> None:
        if self.session.apply(write):
            self.select_item(item.id)
        then()

    def _ask_answer(self, item: ParkingLotItem, then: Callable[[], None]) -> None:
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        dialog = PromptDialog(f"The answer to: {item.text}", placeholder="What did the room answer?")

        def answered(text: str | None) -> None:
            if text:
                self._settle(lambda store: parking.answer(store, item, text), item, then)
            else:
                self._clear_next(set())

        self.app.push_screen(dialog, answered)

    def _ask_initiative(self, item: ParkingLotItem, then: Callable[[], None]) -> None:
        fields = (
            FieldSpec("title"),
            FieldSpec("kind", "choice", choices(InitiativeKind)),
            FieldSpec("owner_id", "person"),
        )
        form = ItemForm(
            "New initiative from the parking lot",
            Initiative,
            fields,
            defaults={"title": item.text},
            people=list(self.session.plan.people),
            create_person=self.create_person,
        )

        def made(result: FormResult | None) -> None:
            if result is None:
                return
            new = result.item
            assert isinstance(new, Initiative)
            self._settle(
                lambda store: parking.to_initiative(store, item, new.title, new.kind, new.owner_id), item, then
            )

        self.app.push_screen(form, made)

    def _ask_action(self, item: ParkingLotItem, then: Callable[[], None]) -> None:
        fields = (FieldSpec("text", "long", label="Action"), FieldSpec("owner_id", "person"), FieldSpec("due", "date"))
        form = ItemForm(
            "An action from the parking lot: who does what, by when",
            Decision,
            fields,
            defaults={"text": item.text, "kind": DecisionKind.ACTION},
            people=list(self.session.plan.people),
            create_person=self.create_person,
        )

        def made(result: FormResult | None) -> None:
            if result is None:
                return
            new = result.item
            assert isinstance(new, Decision)
            now = self._now()
            self._settle(lambda store: parking.to_action(store, item, new.owner_id, new.due, now, new.text), item, then)

        self.app.push_screen(form, made)

    def commands(self) -> list[Any]:
        return [
            *super().commands(),
            self.command("agenda: add a template", "template", "Two-day off-site, monthly or quarterly review"),
            self.command("agenda: session start", "session_start", "When day 1 starts: planned times follow it"),
            self.command("agenda: next session", "next_session", "Carry the items not reached to the next session"),
            self.command("parking lot: clear the lot", "clear_lot", "Walk each open question to an outcome"),
        ]
