"""One open session: the step bar, the current step, alignment health, and the saved status.

The screen owns the store for as long as it is open, routes every edit through the
``SessionController`` and redraws only what is visible; hidden steps are marked stale and
redraw when shown.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from hoshin_tui.core.plan_changes import HistoryEntry
from hoshin_tui.model import Plan
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.controller import SessionController
from hoshin_tui.tui.messages import EditPlanHeader, GoToStep, ShowSessions
from hoshin_tui.tui.room import ROOM_BINDINGS, TIMER_KEYS, RoomKeys
from hoshin_tui.tui.steps import STEPS, StepView, step_for_kind
from hoshin_tui.tui.steps.base import PaletteCommand
from hoshin_tui.tui.undo_view import show_change
from hoshin_tui.tui.widgets.health_panel import HealthPanel
from hoshin_tui.tui.widgets.key_hints import KeyHints
from hoshin_tui.tui.widgets.quiet import set_text
from hoshin_tui.tui.widgets.room_timer import RoomTimer
from hoshin_tui.tui.widgets.status_line import StatusLine
from hoshin_tui.tui.widgets.step_bar import StepBar

# (kind, palette title, help): what can be printed from any step.
EXPORT_COMMANDS = (
    ("xmatrix", "X-matrix PDF", "Print the X-matrix on A3"),
    ("xmatrix-horizontal", "X-matrix PDF, horizontal labels", "Every label horizontal, easier to read"),
    ("a3", "A3 pack PDF", "Every A3 of the plan in one PDF"),
    ("record", "session record PDF", "The day's minutes on A4: agenda, decisions, votes, parking lot, plan changes"),
    ("all", "X-matrix, A3 pack, session record and bowling chart", "Every PDF at once, as hoshin export all"),
    ("json", "plan as JSON", "The whole plan in the interchange format (lossless)"),
)


def step_key(index: int) -> str | None:
    """The digit that shows step ``index``: 1-9, then 0 for the 10th; later steps have none
    (``g`` and the palette reach every step)."""
    return str(index + 1) if index < 9 else "0" if index == 9 else None


def _step_keys() -> list[Binding]:
    """1-9 and 0, bound once: a digit with no step behind it is not offered (``check_action``),
    so steps added to the registry get theirs without touching this screen."""
    return [
        Binding(
            str((index + 1) % 10), f"go({index})", f"Go to step {index + 1}", show=False, id=f"session.go_{index + 1}"
        )
        for index in range(10)
    ]


class SessionScreen(RoomKeys, Screen[None]):
    AUTO_FOCUS = None  # the step decides; see on_mount
    # The screen's layout and its narrow and short variants (projector rules: styles/projector.tcss).
    CSS_PATH = "../styles/session.tcss"
    BINDINGS: ClassVar = [
        # Priority: tables bind ctrl+pageup/pagedown to scroll sideways; here they turn the page of the flow.
        Binding(
            "ctrl+pagedown,alt+right", "next_step", "Next step", id="session.next", key_display="^PgDn", priority=True
        ),
        Binding(
            "ctrl+pageup,alt+left",
            "previous_step",
            "Previous step",
            id="session.previous",
            key_display="^PgUp",
            priority=True,
            show=False,
        ),
        *_step_keys(),
        Binding("g", "choose_step", "Go to step", id="session.choose_step", show=False),
        Binding("ctrl+z", "undo", "Undo", id="session.undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", id="session.redo", priority=True),
        Binding("w", "focus_health", "Warnings", id="session.health"),
        Binding("ctrl+w", "close", "Sessions", id="session.close"),
        Binding("ctrl+r", "export('record')", "Session record", id="session.record", show=False),
        *ROOM_BINDINGS,  # the timer and the parking lot, on every step
    ]

    def __init__(self, store: SessionStore, plan: Plan, *, exports_dir: Path | None = None) -> None:
        super().__init__(id="session")
        self.exports_dir = exports_dir if exports_dir is not None else store.path.parent.parent / "exports"
        self.session = SessionController(store, plan, self._report)
        self.session.listeners.append(self._plan_changed)
        # Steps are built when first shown: opening a session pays only for the first one.
        self.views: list[StepView | None] = [STEPS[0].build(self.session), *(None for _ in STEPS[1:])]
        self.current = 0
        self._session_closed = False

    # --- layout --------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="session-header", markup=False)
        yield StepBar(STEPS, id="step-bar")
        yield RoomTimer(keys=TIMER_KEYS)
        with Horizontal(id="session-main"):
            with ContentSwitcher(initial=self.view.id, id="steps"):
                yield self.view
            yield HealthPanel(id="health")
        yield Static("", id="health-summary", markup=False)
        yield StatusLine(id="status")
        yield KeyHints()

    def _header_text(self) -> str:
        plan = self.session.plan
        where = " · ".join(part for part in (plan.organization, plan.period) if part)
        return f"{plan.title}" + (f" · {where}" if where else "") + f"   [{self.session.store.name}]"

    def on_mount(self) -> None:
        self._plan_changed(self.session.plan)
        self._show_status()
        if self.session.read_only:
            self.notify(f"Read-only: {self.session.read_only_reason}", severity="warning", timeout=8)
        if self.session.store.notice:  # what opening did (a recovery, a WAL set aside), told once
            self.notify(self.session.store.notice, severity="warning", timeout=12)
        # Focus now, before the first frame: a key pressed as soon as the screen shows must not
        # land somewhere else and be re-routed a moment later.
        self.view.focus_default()

    @property
    def view(self) -> StepView:
        view = self.views[self.current]
        assert view is not None, "the current step is always built"
        return view

    @property
    def built_views(self) -> list[StepView]:
        return [view for view in self.views if view is not None]

    # --- keeping the views in step with the plan ------------------------------------------------------

    def _plan_changed(self, plan: Plan) -> None:
        for view in self.built_views:
            view.stale = True
        self.view.show_plan(plan)
        self.query_one(RoomTimer).show_plan(plan)
        bar = self.query_one(StepBar)
        counts = plan.counts()
        if counts != bar.counts:
            bar.counts = counts
        set_text(self.query_one("#session-header", Static), self._header_text())
        self._show_status()
        # Health follows one frame later: the edit itself shows first.
        self.call_after_refresh(self._check_health, plan)

    def _check_health(self, plan: Plan) -> None:
        if plan is not self.session.plan or not self.is_attached:
            return  # a newer edit has already scheduled its own check
        health = self.query_one(HealthPanel)
        health.show(plan)
        set_text(self.query_one("#health-summary", Static), health.summary())

    def _show_status(self) -> None:
        session = self.session
        reason = session.read_only_reason if session.read_only else ""
        self.query_one(StatusLine).show_state(
            saved_at=session.saved_at, label=session.last_label, read_only_reason=reason
        )

    def _report(self, message: str) -> None:
        self.notify(message, severity="error")

    # --- steps -------------------------------------------------------------------------------------------

    async def action_go(self, index: int) -> None:
        if not 0 <= index < len(self.views) or index == self.current:
            return
        self.view.leave()
        self.current = index
        self.query_one(StepBar).current = index
        switcher = self.query_one(ContentSwitcher)
        view = self.views[index]
        if view is None:  # first visit: build it; keys typed meanwhile wait for it
            view = self.views[index] = STEPS[index].build(self.session)
            self.set_focus(None)
            await switcher.add_content(view, set_current=True)
        else:
            switcher.current = view.id
        if view.stale:
            view.show_plan(self.session.plan)
        view.focus_default()

    async def action_next_step(self) -> None:
        await self.action_go(min(self.current + 1, len(self.views) - 1))

    async def action_previous_step(self) -> None:
        await self.action_go(max(self.current - 1, 0))

    def go_to(self, key: str) -> None:
        """Show the step ``key`` (done on the next tick; tests await a pause)."""
        index = next((i for i, step in enumerate(STEPS) if step.key == key), None)
        if index is not None:
            self.call_later(self.action_go, index)

    async def on_health_panel_selected(self, event: HealthPanel.Selected) -> None:
        """Jump to the step showing the item a warning is about, with the item selected."""
        event.stop()
        index = step_for_kind(event.kind)
        if index is None:
            return
        await self.action_go(index)
        if event.item_id:
            self.view.select_item(event.item_id)

    async def on_go_to_step(self, event: GoToStep) -> None:
        """A step asked for another one (the list steps' catchball key), with an item selected there."""
        event.stop()
        index = next((i for i, step in enumerate(STEPS) if step.key == event.key), None)
        if index is None:
            return
        await self.action_go(index)
        if event.item_id:
            self.view.select_item(event.item_id)

    def on_edit_plan_header(self, event: Message) -> None:
        """The aim step's h or the palette asked for the plan header dialog."""
        from hoshin_tui.tui.dialogs.plan_header import edit_plan_header

        event.stop()
        edit_plan_header(self, self.session)

    def action_focus_health(self) -> None:
        panel = self.query_one(HealthPanel)
        if not panel.display:
            self.notify(panel.summary() or "No gaps", timeout=4)
            return
        panel.query_one("OptionList").focus()

    # --- undo, redo, closing -------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self.view.leave()
        before = self.session.plan
        label = self.session.undo()
        if label:
            self.notify(f"Undone: {label}", timeout=2)
            self.call_later(show_change, self, before)  # the step and item it changed

    def action_redo(self) -> None:
        self.view.leave()
        before = self.session.plan
        label = self.session.redo()
        if label:
            self.notify(f"Redone: {label}", timeout=2)
            self.call_later(show_change, self, before)

    def action_close(self) -> None:
        """Back to the session picker; everything is already saved."""
        self.close_session()
        self.post_message(ShowSessions())

    # --- printing -------------------------------------------------------------------------------------------

    def on_step_view_export_requested(self, message: StepView.ExportRequested) -> None:
        message.stop()
        self.export(message.kind, message.only, message.as_of)

    def export(self, kind: str, only: str | None = None, as_of: str | None = None) -> None:
        """Print ``kind`` of the plan as it is now, in a thread worker (the room keeps editing)."""
        from hoshin_tui.tui.exporting import ExportRequest, start_export, valid_kind

        self.view.leave()  # the file shows what is on screen, typed text included
        history: tuple[HistoryEntry, ...] = ()
        if kind in ("record", "all"):  # the record's "what changed today", read here: the worker has no store
            from hoshin_tui.core.plan_changes import read_history

            history = tuple(read_history(self.session.store, date.today()))
        request = ExportRequest(
            kind=valid_kind(kind),
            plan=self.session.plan.model_copy(deep=True),
            session_name=self.session.store.name,
            exports_dir=self.exports_dir,
            only=only,
            history=history,
            as_of=as_of,
        )
        start_export(self, request)

    def action_export(self, kind: str) -> None:
        self.export(kind)

    def action_choose_step(self) -> None:
        """A short palette of the steps: reaches any step, however many there are."""
        self.app.search_commands(
            [
                (f"{step_key(i) or '·'}  {step.title}", partial(self.action_go, i), step.summary)
                for i, step in enumerate(STEPS)
            ],
            placeholder="Go to step…",
        )

    def action_edit_plan_header(self) -> None:
        """Ask for the plan header dialog (its screen answers ``EditPlanHeader``)."""
        if self.session.read_only:
            self.notify(f"Read-only: {self.session.read_only_reason}", severity="warning")
            return
        self.post_message(EditPlanHeader())

    def close_session(self) -> None:
        """Save anything still pending and release the file. Safe to call twice."""
        if self._session_closed:
            return
        self._session_closed = True
        self.session.listeners.clear()  # pending typing is still saved below; nothing is redrawn while closing
        for view in self.built_views:
            view.leave()
        self.session.store.close()

    def on_unmount(self) -> None:
        self.close_session()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A digit key is offered only when there is a step behind it; undo and redo would be
        refused in a read-only window, so they are not offered there."""
        if action in ("undo", "redo") and self.session.read_only:
            return False
        if action == "go" and parameters and isinstance(parameters[0], int):
            return parameters[0] < len(STEPS)
        return True

    def binding_description(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Help names the step a digit goes to ("Go to Strategies"), whatever the registry holds."""
        if action == "go" and parameters and isinstance(parameters[0], int) and parameters[0] < len(STEPS):
            return f"Go to {STEPS[parameters[0]].title}"
        return None

    def palette_commands(self) -> list[PaletteCommand]:
        """Every step, and what can be done here, for the command palette."""
        found: list[PaletteCommand] = [
            PaletteCommand(
                f"go: {step.title.lower()}",
                partial(self.action_go, i),
                f"Step {i + 1}: {step.summary}" + (f" ({key})" if (key := step_key(i)) else ""),
                f"go({i})",
            )
            for i, step in enumerate(STEPS)
        ]
        found += self.view.palette_commands()
        found += [
            self._command("go: choose a step", "choose_step", "Every step by name (g)"),
            self._command("go: next step", "next_step", "The next step of the flow (ctrl+pagedown)"),
            self._command("go: previous step", "previous_step", "The step before (ctrl+pageup)"),
            self._command("edit: undo", "undo", "Undo the last change (ctrl+z)"),
            self._command("edit: redo", "redo", "Redo the change just undone (ctrl+y)"),
            self._command("edit: plan header", "edit_plan_header", "Title, organisation, period and version"),
            self._command("health: show warnings", "focus_health", "Move to the alignment warnings (w)"),
            self._command("session: back to sessions", "close", "Close this session; everything is saved (ctrl+w)"),
        ]
        if hasattr(self.session.store, "renumber_codes"):
            found.append(self._command("edit: renumber codes", "renumber_codes", "Close the gaps in S1, O2, I3…"))
        found += [
            self._command(f"export: {title}", f"export({kind!r})", where)
            for kind, title, where in EXPORT_COMMANDS
            if not any(command.action.endswith(f"export({kind!r})") for command in found)
        ]
        return found

    def _command(self, name: str, action: str, help_text: str) -> PaletteCommand:
        return PaletteCommand(name, lambda: self.call_next(self.run_action, action), help_text, action)

    def action_renumber_codes(self) -> None:
        """Close the gaps in the item codes (one undoable change)."""
        renumber = getattr(self.session.store, "renumber_codes", None)
        if renumber is None:
            self.notify("This version cannot renumber codes yet", severity="warning")
            return
        if self.session.apply(lambda store: renumber()):
            self.notify("Codes renumbered: ctrl+z puts the old ones back", timeout=4)
