"""What every dialog shares: a centred box over a dimmed screen, and the form's field styles.

The rules load with the first dialog opened, not at start-up: a style sheet the app loads
at start is matched against every widget of every screen, and the picker has no dialog
open when the room first sees it.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """Base of the app's dialogs; each sets ``classes="dialog"`` and puts its content in ``.dialog-box``.

    ctrl+w goes back to the sessions from any dialog over a session, as it does under it (a
    changed form asks first): the fields' own ctrl+w (delete a word) must not swallow it.
    """

    BINDINGS: ClassVar = [
        Binding("ctrl+w", "leave_session", "Sessions", id="dialog.sessions", priority=True, show=False),
    ]
    LEAVES_SESSION: ClassVar[bool] = True  # False for the discard question itself

    SCOPED_CSS = False  # the rules name the screen's own classes (.dialog, .-short), as app CSS would
    DEFAULT_CSS = """
    .dialog {
        align: center middle;
        background: $background 70%;
    }
    .dialog-box {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    .error-box { border: thick $error; }
    .dialog-title { text-style: bold; width: 1fr; margin-bottom: 1; }
    .dialog-text { width: 1fr; margin-bottom: 1; }
    .dialog-hint { color: $text-muted; width: 1fr; }
    .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    .dialog-buttons Button { margin-left: 2; }
    .field-label { margin-top: 1; color: $text-muted; }
    .field-error { color: $text-error; text-style: bold; height: auto; }
    .field-hint { color: $text-muted; }
    .field-long { height: 4; }
    #form-fields { height: auto; max-height: 65vh; }
    .form-box { width: 80; }
    .form-keys { display: none; color: $text-muted; }
    .-short .form-keys { display: block; }
    .item-form.-short .dialog-buttons { display: none; }
    .item-form.-short .field-label { margin-top: 0; }
    .item-form.-short .dialog-title { margin-bottom: 0; }
    .-short .dialog-box { padding: 0 1; }
    #field-links { height: auto; max-height: 10; }
    .help-box { width: 90; height: 90%; }
    #help-keys { height: 1fr; }
    """

    def action_leave_session(self) -> None:
        from hoshin_tui.tui.dialogs.leaving import close_session, leave_after_asking

        leave_after_asking(self.app, lambda: close_session(self.app))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_session":
            from hoshin_tui.tui.dialogs.leaving import in_session

            return self.LEAVES_SESSION and in_session(self.app)
        return True
