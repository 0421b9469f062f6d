"""Tell the facilitator something that needs reading, such as why a file was refused."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from hoshin_tui.tui.dialogs.base import Dialog


class MessageDialog(Dialog[None]):
    BINDINGS: ClassVar = [Binding("escape,enter,space", "close", "Close", id="message.close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box error-box"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-text", markup=False)
            yield Button("OK", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
