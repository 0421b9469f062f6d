"""The one timer of the room: the current agenda item and its time, on every step.

It reads the timer from the plan (the state is stored on the agenda items) and a clock, so
it shows the same after a step change or a reopen. A tick redraws this widget only, and only
when the text changed (once a second): nothing else of the screen is touched. Shown only
while an item runs (paused, it waits on the Agenda step), and no tick runs then. In
projector mode the time is also drawn large (``Digits``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Digits, Static

from hoshin_tui.core.agenda import Clock, TimerReading, read_timer, rings, system_clock
from hoshin_tui.model import Plan

TICK_SECONDS = 0.25  # a second boundary is shown within a quarter second


def clock_of(widget: Widget) -> Clock:
    """The App's clock for the room (tests and snapshots give it a fake one)."""
    found: Clock = getattr(widget.app, "room_clock", system_clock)
    return found


def clock_words(reading: TimerReading) -> str:
    """ "12:34 left", then "+03:12 over": the part that changes every second."""
    return f"{reading.clock_text} {'over' if reading.remaining < 0 else 'left'}"


def item_line(reading: TimerReading, keys: str = "") -> Content:
    """ "▶ 3/14 Measures: targets · of 90 min   ctrl+t start/pause...": changes with the item only."""
    mark = "▶" if reading.running else "‖"
    paused = " · paused" if not reading.running else ""
    minutes = reading.allowed // 60
    head = Content(f"{mark} {reading.position}/{reading.count} {reading.title} · of {minutes} min{paused}")
    hint = Content.from_markup("   [$foreground-muted]$k[/]", k=keys) if keys else Content("")
    return Content.assemble(head, hint)


class RoomTimer(Widget):
    """The clock first (what the room reads), then the item; a second's tick redraws the clock's 12 cells."""

    DEFAULT_CSS = """
    RoomTimer { height: 1; display: none; layout: horizontal; background: $boost; padding: 0 1; }
    RoomTimer.-shown { display: block; }
    RoomTimer #timer-clock { width: 13; height: 1; text-style: bold; }
    RoomTimer #timer-line { width: 1fr; height: 1; }
    RoomTimer #timer-digits { display: none; width: 22; text-align: right; }
    RoomTimer.-warning { background: $warning 25%; }
    RoomTimer.-warning #timer-clock { color: $text-warning; }
    RoomTimer.-overrun { background: $error 25%; }
    RoomTimer.-overrun #timer-clock { color: $text-error; }
    RoomTimer.-overrun #timer-digits { color: $text-error; }
    """

    def __init__(self, *, keys: str = "", id: str | None = "room-timer") -> None:
        super().__init__(id=id)
        self.keys = keys  # "ctrl+t start/pause · ctrl+n next...": the room keys
        self._plan: Plan | None = None
        self._reading: TimerReading | None = None
        self._shown: tuple[object, ...] | None = None
        self._line: tuple[object, ...] | None = None
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="timer-clock", markup=False)
        yield Static("", id="timer-line", markup=False)
        yield Digits("", id="timer-digits")

    def on_mount(self) -> None:
        self._ticker = self.set_interval(TICK_SECONDS, self.tick, pause=True)
        self.app.theme_changed_signal.subscribe(self, self._restyle)  # projector mode: the large digits
        if self._plan is not None:
            self.show_plan(self._plan)

    def _restyle(self, _theme: object) -> None:
        self.call_after_refresh(self._redraw)  # the App sets -projector just after the theme

    def _redraw(self) -> None:
        self._shown = self._line = None
        self._draw(self._reading)

    def show_plan(self, plan: Plan) -> None:
        """The plan changed (a timer key, an agenda edit, an undo): read the timer again now."""
        self._plan = plan
        if self.is_mounted:
            self.tick()  # a minute taken off that reaches zero rings too; another item never does

    @property
    def reading(self) -> TimerReading | None:
        return self._reading

    def tick(self) -> None:
        """Read the timer; redraw only when what it shows changed; ring once when time runs out."""
        if self._plan is None:
            return
        before, after = self._reading, read_timer(self._plan, clock_of(self)())
        self._reading = after
        if rings(before, after):
            self.app.bell()
        self._draw(after)

    def _draw(self, reading: TimerReading | None) -> None:
        shown: tuple[object, ...] | None = None
        if reading is not None:
            shown = (reading.item_id, reading.clock_text, reading.state, reading.running)
        if shown == self._shown:
            return  # three ticks in four: nothing changed
        self._shown = shown
        visible = reading is not None and reading.running  # a paused item shows on the Agenda step
        if visible != self.has_class("-shown"):
            self.set_class(visible, "-shown")  # appears or goes: the one time the layout changes
        ticker = self._ticker
        if ticker is not None:
            ticker.resume() if visible else ticker.pause()
        if not visible or reading is None:
            self._line = None
            return
        state = reading.state
        self.set_class(state == "warning", "-warning")
        self.set_class(state == "overrun", "-overrun")
        self.query_one("#timer-clock", Static).update(clock_words(reading), layout=False)
        line = (reading.item_id, reading.title, reading.position, reading.count, reading.allowed, self.keys)
        if line != self._line:  # the item, its place or its timebox changed: not on a plain tick
            self._line = line
            self.query_one("#timer-line", Static).update(item_line(reading, self.keys), layout=False)
        if self.app.has_class("-projector"):  # hidden otherwise: not worth a refresh
            self.query_one("#timer-digits", Digits).update(reading.clock_text)
