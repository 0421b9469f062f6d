"""One open session: the step bar, the current step, alignment health, and the saved status.

The screen owns the store for as long as it is open, routes every edit through the
``SessionController`` and redraws only what is visible; hidden steps are marked stale and
redraw when shown.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from hoshin_tui.model import Plan
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.controller import SessionController
from hoshin_tui.tui.steps import STEPS, StepView, step_for_kind
from hoshin_tui.tui.steps.base import PaletteCommand
from hoshin_tui.tui.undo_view import show_change
from hoshin_tui.tui.widgets.health_panel import HealthPanel
from hoshin_tui.tui.widgets.key_hints import KeyHints
from hoshin_tui.tui.widgets.quiet import set_text
from hoshin_tui.tui.widgets.status_line import StatusLine
from hoshin_tui.tui.widgets.step_bar import StepBar


def _step_keys() -> list[Binding]:
    return [
        Binding(str(number), f"go({number - 1})", f"Go to {step.title}", show=False, id=f"session.go_{step.key}")
        for number, step in enumerate(STEPS[:9], 1)
    ]


class SessionScreen(Screen):
    AUTO_FOCUS = None  # the step decides; see on_mount
    # The screen's layout, its narrow (80 columns) and short variants, and projector mode: the
    # content is the screen. Loaded with the first session, not at start-up.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #session-header { height: 1; padding: 0 1; text-style: bold; background: $primary 30%; }
    #session-main { height: 1fr; }
    #steps { width: 1fr; height: 1fr; }
    #health { width: 36; height: 1fr; border-left: vkey $panel; }
    #health-summary { display: none; height: 1; padding: 0 1; text-style: bold; background: $panel; }
    .step { padding: 0 1; }
    .step-intro { color: $text-muted; height: auto; margin-bottom: 1; }
    .panes { height: 1fr; }
    .pane { width: 1fr; height: 1fr; }
    .pane-title { text-style: bold; color: $accent; height: 1; }
    .pane { margin-right: 1; }
    .item-detail { height: 4; padding: 0 1; margin-top: 1; background: $boost; }
    #aim-row { height: 1fr; }
    #aim-text { width: 2fr; height: 1fr; }
    #aim-coach { width: 1fr; min-width: 30; margin-left: 1; }

    /* Narrow terminals (80 columns): health below the step instead of beside it. */
    .-narrow #session-main { layout: vertical; }
    .-narrow #health { width: 1fr; height: auto; max-height: 7; border-left: none; border-top: hkey $panel; }
    .-narrow #health OptionList { height: auto; max-height: 6; }
    .-narrow #aim-row { layout: vertical; }
    .-narrow #aim-text { width: 1fr; height: 1fr; }
    .-narrow #aim-coach { width: 1fr; margin-left: 0; }
    .-narrow .step-intro { margin-bottom: 0; }
    .-narrow .item-detail { height: 3; margin-top: 0; }
    .-short .step-intro { display: none; }
    .-tall .item-detail { height: 6; }

    App.-projector #health { display: none; }
    App.-projector #health-summary { display: block; }
    App.-projector #session-header { background: $primary; color: $background; }
    App.-projector .step-intro { display: none; }
    App.-projector #aim-coach { display: none; }
    App.-projector #aim-text { width: 1fr; text-style: bold; }
    App.-projector ItemList { text-style: bold; }
    App.-projector .item-detail { text-style: bold; }
    App.-projector StatusLine { display: none; }
    App.-projector .pane-title { text-style: bold reverse; }
    """
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
        Binding("ctrl+z", "undo", "Undo", id="session.undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", id="session.redo", priority=True),
        Binding("w", "focus_health", "Warnings", id="session.health"),
        Binding("ctrl+w", "close", "Sessions", id="session.close"),
    ]

    def __init__(self, store: SessionStore, plan: Plan) -> None:
        super().__init__(id="session")
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and redo would be refused in a read-only window: not offered there."""
        return not (action in ("undo", "redo") and self.session.read_only)

    def action_close(self) -> None:
        """Back to the session picker; everything is already saved."""
        self.close_session()
        self.app.show_picker()  # type: ignore[attr-defined]

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

    def palette_commands(self) -> list[PaletteCommand]:
        """Every step, and what can be done here, for the command palette."""
        found: list[PaletteCommand] = [
            (f"go: {step.title.lower()}", partial(self.action_go, i), f"Step {i + 1}: {step.summary}")
            for i, step in enumerate(STEPS)
        ]
        found += self.view.palette_commands()
        found += [
            ("edit: undo", self.action_undo, "Undo the last change (ctrl+z)"),
            ("edit: redo", self.action_redo, "Redo the change just undone (ctrl+y)"),
            ("health: show warnings", self.action_focus_health, "Move to the alignment warnings (w)"),
            ("session: back to sessions", self.action_close, "Close this session; everything is already saved"),
        ]
        return found
