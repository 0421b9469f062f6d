"""Running the room from any step: the timer keys and the parking lot's one-key capture.

``RoomKeys`` is mixed into the session screen, so the keys work on every step (the
facilitator edits the X-matrix while the timer runs); their bindings are ``ROOM_BINDINGS``.
Every timer key is one saved change (the timer's state lives on the agenda items).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from hoshin_tui.core import agenda, parking
from hoshin_tui.model import Plan
from hoshin_tui.model.lists import label_of
from hoshin_tui.model.plan import AgendaItem
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.plan_index import index_of
from hoshin_tui.tui.widgets.room_timer import RoomTimer, clock_of

if TYPE_CHECKING:
    from hoshin_tui.tui.controller import SessionController
    from hoshin_tui.tui.steps.base import StepView

PARK_KEY = "ctrl+l"

# Priority: a text field (the aim, an A3 box) must not swallow them.
ROOM_BINDINGS = [
    Binding("ctrl+t", "timer_toggle", "Timer: start or pause", id="room.timer", priority=True, show=False),
    Binding("ctrl+n", "timer_next", "Timer: finish item, start next", id="room.next", priority=True, show=False),
    Binding(
        "f8,ctrl+equals_sign", "timer_add(1)", "Timer: one more minute", id="room.plus", key_display="F8", show=False
    ),
    Binding("f7,ctrl+minus", "timer_add(-1)", "Timer: one minute less", id="room.minus", key_display="F7", show=False),
    Binding(PARK_KEY, "park", "Park a question", id="room.park", key_display="^L", priority=True, show=False),
]

TIMER_KEYS = "ctrl+t start/pause · ctrl+n next · F7/F8 −/+1 min · ^L park"


def save_items(store: SessionStore, items: list[AgendaItem], label: str) -> None:
    """The timer's changed items as one change (starting one item pauses another)."""
    with store.batch(label):
        for item in items:
            store.save(item)


def timer_label(before: Plan, items: list[AgendaItem]) -> str:
    """ "start timer 'Measures'", "pause timer...", "finish 'A', start 'B'"."""
    old = {item.id: item for item in before.agenda}
    words = []
    for item in items:
        was = old.get(item.id)
        if item.done and not (was and was.done):
            words.append(f"finish '{item.title}'")
        elif item.running_since is not None and not (was and was.running_since):
            words.append(f"start timer '{item.title}'")
        elif item.running_since is None and was is not None and was.running_since is not None:
            words.append(f"pause timer '{item.title}'")
        elif was is not None and item.added_minutes != was.added_minutes:
            change = item.added_minutes - was.added_minutes
            words.append(f"timer {change:+d} min '{item.title}'")
    return ", ".join(words) or "timer"


def context_of(view: StepView, plan: Plan) -> parking.Context:
    """The step and item in view and the agenda item on the timer: what a parked question hangs on."""
    item: Any = None
    if hasattr(view, "current_item"):
        item = view.current_item()  # a list step
    elif hasattr(view, "current_a3"):
        item = view.current_a3()
    elif hasattr(view, "grid_widget"):  # the X-matrix: the row under the cursor
        row_id = view.grid_widget.row_id
        item = next(
            (
                found
                for kind in ("strategies", "objectives", "initiatives", "measures")
                for found in getattr(plan, kind)
                if found.id == row_id
            ),
            None,
        )
    item_id = getattr(item, "id", None) if item is not None else None
    label = (index_of(plan).titles.get(item_id or "") or label_of(item)) if item is not None else ""
    return parking.Context(
        step=view.step.key,
        step_title=view.step.title,
        item_id=item_id,
        item_label=label,
        agenda_item=agenda.current_item(plan),
    )


def split_raised_by(text: str) -> tuple[str, str]:
    """ "Who owns the data? @Priya Raman" -> ("Who owns the data?", "Priya Raman")."""
    head, at, name = text.rpartition(" @")
    if at and head.strip() and name.strip():
        return head.strip(), name.strip()
    return text.strip(), ""


class RoomKeys:
    """The session screen's room actions (a mixin: the screen supplies ``session``, ``view``...)."""

    if TYPE_CHECKING:  # what the screen supplies
        session: SessionController
        notify: Callable[..., None]
        app: Any
        query_one: Callable[..., Any]

        @property
        def view(self) -> StepView: ...

    def _room_now(self) -> datetime:
        return clock_of(self.query_one(RoomTimer))()

    def _timer_edit(self, change: Callable[[Plan, datetime], list[AgendaItem]], nothing: str) -> None:
        if self.session.read_only:
            self.notify(f"Read-only: {self.session.read_only_reason}", severity="warning")
            return
        plan = self.session.plan
        items = change(plan, self._room_now())
        if not items:
            self.notify(nothing, timeout=3)
            return
        label = timer_label(plan, items)
        if self.session.apply(lambda store: save_items(store, items, label)):
            reading = agenda.read_timer(self.session.plan, self._room_now())
            if reading is not None and not reading.running:  # the bar hides: say where the timer stopped
                self.notify(f"Paused '{reading.title}' at {reading.clock_text} · ctrl+t goes on", timeout=4)

    def action_timer_toggle(self) -> None:
        self._timer_edit(agenda.start_or_pause, "The agenda is empty or done: add items on the Agenda step")

    def action_timer_next(self) -> None:
        self._timer_edit(agenda.finish_and_next, "Nothing left on the agenda")

    def action_timer_add(self, minutes: int) -> None:
        self._timer_edit(lambda plan, now: agenda.add_minutes(plan, minutes), "No agenda item is on the timer")

    def action_park(self) -> None:
        """One line for a question the room parks, with the step, item and agenda item in view."""
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        if self.session.read_only:
            self.notify(f"Read-only: {self.session.read_only_reason}", severity="warning")
            return
        self.view.leave()
        context = context_of(self.view, self.session.plan)
        where = context.text()
        dialog = PromptDialog(
            "Park a question",
            placeholder="What should wait? Add @name for who raised it",
            hint=(f"Context: {where}\n" if where else "") + "enter to park · escape to cancel",
        )
        self.app.push_screen(dialog, lambda text: self._parked(text, context))

    def _parked(self, text: str | None, context: parking.Context) -> None:
        if not text:
            return
        question, raised_by = split_raised_by(text)
        item = parking.capture(question, context, self._room_now(), raised_by)
        short = question if len(question) <= 40 else question[:39] + "…"
        if self.session.apply(lambda store: store.save(item, label=f"park '{short}'")):
            self.notify(f"Parked: {short} · {PARK_KEY} parks another", timeout=4)
