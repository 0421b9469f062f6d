"""The App: themes, global keys and the session lifecycle; the screens do the real work.

``make_app`` builds the App the same way for the ``hoshin`` command and for tests.
Nothing here imports weasyprint: exports load it later, in workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.tui.themes import NORMAL, PROJECTOR_CYCLE, THEMES

if TYPE_CHECKING:
    from textual.command import Provider

    from hoshin_tui.store import SessionStore


def _palette_provider() -> type[Provider]:
    from hoshin_tui.tui.commands import HoshinCommands

    return HoshinCommands


class HoshinApp(App[None]):
    """A keyboard-only facilitator's tool; the session picker is the home screen."""

    CSS_PATH = "app.tcss"
    TITLE = "hoshin"
    COMMANDS: ClassVar = App.COMMANDS | {_palette_provider}
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar = [(0, "-short"), (32, "-tall")]
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
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = NORMAL

    def on_mount(self) -> None:
        from hoshin_tui.tui.screens.picker import SessionPickerScreen

        self.push_screen(SessionPickerScreen(self.workspace))
        if self.initial_session is not None:
            self.open_session(self.initial_session)

    # --- sessions ---------------------------------------------------------------------------

    def open_session(self, path: Path, store: SessionStore | None = None) -> bool:
        """Open ``path`` (or take over an already open ``store``) in the guided flow.

        A file the store refuses leaves the picker in place, with a dialog saying why.
        """
        from pydantic import ValidationError

        from hoshin_tui.store import SessionStore, StoreError
        from hoshin_tui.tui.dialogs.message import MessageDialog
        from hoshin_tui.tui.screens.session import SessionScreen

        try:
            store = store or SessionStore.open(path)
        except StoreError as exc:
            self.push_screen(MessageDialog(f"Cannot open {Path(path).name}", str(exc)))
            return False
        try:
            plan = store.load()
        except (ValidationError, StoreError, ValueError) as exc:
            store.close()
            reason = str(exc).splitlines()[0]
            self.push_screen(
                MessageDialog(f"Cannot open {Path(path).name}", f"The file holds an invalid plan: {reason}")
            )
            return False
        self.push_screen(SessionScreen(store, plan))
        return True

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
        return self.projector_level != 0

    async def action_quit(self) -> None:
        """Quit at once: every edit is already on disk; pending typing is flushed first."""
        from hoshin_tui.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.close_session()
        self.exit()


def make_app(workspace: Workspace, session_path: Path | None = None) -> HoshinApp:
    return HoshinApp(workspace, session_path)


def run(workspace: Workspace, session_path: Path | None = None) -> int:
    """Run the TUI until the facilitator quits; returns the process exit code."""
    app = make_app(workspace, session_path)
    app.run()
    return app.return_code or 0
