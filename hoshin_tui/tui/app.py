"""The App: themes, global keys and the session lifecycle; the screens do the real work.

``make_app`` builds the App the same way for the ``hoshin`` command and for tests.
Nothing here imports weasyprint: exports load it later, in workers.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.tui.messages import OpenSession, ShowSessions
from hoshin_tui.tui.themes import NORMAL, PROJECTOR_CYCLE, THEMES

if TYPE_CHECKING:
    from textual.command import Provider

    from hoshin_tui.store import SessionStore


def _palette_provider() -> type[Provider]:
    from hoshin_tui.tui.commands import HoshinCommands

    return HoshinCommands


class HoshinApp(App[None]):
    """A keyboard-only facilitator's tool; the session picker is the home screen."""

    TITLE = "hoshin"
    # Projector mode's rules, every screen's, in one place (the screens' own sheets load with them).
    CSS_PATH = "styles/projector.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {_palette_provider}
    # textual declares these ``ClassVar[...] | None``, which mypy reads as instance variables
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (110, "-wide")]  # type: ignore[misc]  # textual: see above
    VERTICAL_BREAKPOINTS: ClassVar = [(0, "-short"), (32, "-tall")]  # type: ignore[misc]  # textual: see above
    BINDINGS: ClassVar = [
        Binding("f1,question_mark", "help", "Keys", id="app.help", key_display="F1"),
        Binding("f5", "projector", "Projector", id="app.projector", key_display="F5"),
        Binding("shift+f5", "projector('light')", "Projector (light)", id="app.projector_light", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, workspace: Workspace, session_path: Path | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_session = session_path
        self.projector_level = 0  # index into PROJECTOR_CYCLE
        self._projector_tip_shown = False
        self._refusal: tuple[str, str] | None = None  # why the last session could not be opened
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = NORMAL

    def on_mount(self) -> None:
        # Straight into a session when given one (the picker is built only if needed: start-up
        # is faster, and it comes back when the session closes).
        if self.initial_session is not None and self.open_session(self.initial_session, show_refusal=False):
            return
        self.show_picker()
        self._show_refusal()  # over the picker, if the given session was refused

    # --- sessions ---------------------------------------------------------------------------

    def show_picker(self) -> None:
        """Make the session picker the current screen, building it if there is none yet."""
        from hoshin_tui.tui.screens.picker import SessionPickerScreen

        pickers = [s for s in self.screen_stack if isinstance(s, SessionPickerScreen)]
        if pickers:
            while self.screen is not pickers[-1]:
                self.pop_screen()
        elif len(self.screen_stack) > 1:
            self.switch_screen(SessionPickerScreen(self.workspace))
        else:
            self.push_screen(SessionPickerScreen(self.workspace))

    def open_session(self, path: Path, store: SessionStore | None = None, *, show_refusal: bool = True) -> bool:
        """Open ``path`` (or take over an already open ``store``) in the guided flow.

        A file the store refuses leaves the current screen in place, with a dialog saying why
        (at start-up the caller shows the picker first, then the dialog over it).
        """
        from pydantic import ValidationError

        from hoshin_tui.store import SessionStore, StoreError
        from hoshin_tui.tui.screens.session import SessionScreen

        name = Path(path).name
        try:
            store = store or SessionStore.open(path)
        except StoreError as exc:
            return self._refuse(name, str(exc), show_refusal)
        try:
            plan = store.load()
        except (ValidationError, StoreError, ValueError) as exc:
            store.close()
            return self._refuse(name, f"The file holds an invalid plan: {str(exc).splitlines()[0]}", show_refusal)
        self.push_screen(SessionScreen(store, plan, exports_dir=self.workspace.exports_dir))
        return True

    def on_open_session(self, message: OpenSession) -> None:
        """A screen asked for a session (the picker's enter, a new or imported session)."""
        message.stop()
        self.open_session(message.path)

    def on_show_sessions(self, message: ShowSessions) -> None:
        message.stop()
        self.show_picker()

    def _refuse(self, name: str, reason: str, show: bool) -> bool:
        self._refusal = (f"Cannot open {name}", reason)
        if show:
            self._show_refusal()
        return False

    def _show_refusal(self) -> None:
        from hoshin_tui.tui.dialogs.message import MessageDialog

        if self._refusal:
            title, reason = self._refusal
            self._refusal = None
            self.push_screen(MessageDialog(title, reason))

    # --- global actions -----------------------------------------------------------------------

    def action_help(self) -> None:
        """List every key the current screen answers to (built from the live bindings)."""
        from hoshin_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_projector(self, variant: str = "") -> None:
        """Cycle normal -> projector -> projector (light) -> normal; ``light`` jumps to the light one."""
        self.projector_level = 2 if variant == "light" else (self.projector_level + 1) % len(PROJECTOR_CYCLE)
        theme = PROJECTOR_CYCLE[self.projector_level]
        self.theme = theme or NORMAL
        self.set_class(theme is not None, "-projector")
        if theme is not None and not self._projector_tip_shown:
            self._projector_tip_shown = True
            self.notify("Tip: enlarge the terminal font (ctrl +) for the back row; the layout adapts.", timeout=4)

    @property
    def projecting(self) -> bool:
        """Typed accessor; widgets read the App's ``-projector`` class instead of asking the App."""
        return self.projector_level != 0

    async def action_quit(self) -> None:
        """Quit at once: every edit is already on disk; pending typing is flushed first.

        A changed form asks first, as escape does (its text would be lost)."""
        from hoshin_tui.tui.dialogs.leaving import leave_after_asking

        leave_after_asking(self, self._quit_now)

    def _quit_now(self) -> None:
        # Only a session screen has a session to close; quitting the picker need not import it.
        session_screens = sys.modules.get("hoshin_tui.tui.screens.session")
        if session_screens is not None:
            for screen in self.screen_stack:
                if isinstance(screen, session_screens.SessionScreen):
                    screen.close_session()
        self.exit()


def make_app(workspace: Workspace, session_path: Path | None = None) -> HoshinApp:
    return HoshinApp(workspace, session_path)


def run(workspace: Workspace, session_path: Path | None = None) -> int:
    """Run the TUI until the facilitator quits; returns the process exit code."""
    app = make_app(workspace, session_path)
    app.run()
    return app.return_code or 0
