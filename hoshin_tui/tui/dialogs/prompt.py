"""Ask for one line of text (a session name, a file path, a person's name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from hoshin_tui.tui.dialogs.base import Dialog

# Returns a one-line reason why the text cannot be used, or None when it can.
Check = Callable[[str], str | None]
# Returns a line shown under the field as the text is typed ("Saved as ~/offsite/sessions/q3.sqlite").
Preview = Callable[[str], str]


class PromptDialog(Dialog[str | None]):
    """Enter accepts (after ``check``), escape cancels; the problem shows under the field.

    ``preview``, when given, says under the field what the text will make, updated as it is typed.
    """

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        check: Check | None = None,
        hint: str = "",
        preview: Preview | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.hint = hint
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            if self.preview is not None:
                yield Static(self.preview(self.value), id="prompt-preview", classes="dialog-text", markup=False)
            yield Static(self.hint or "enter to accept · escape to cancel", classes="dialog-hint", markup=False)
            yield Static("", id="prompt-error", classes="field-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#prompt-error").display = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.preview is not None:
            self.query_one("#prompt-preview", Static).update(self.preview(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        problem = "Please type something first" if not text else (self.check(text) if self.check else None)
        if problem:
            error = self.query_one("#prompt-error", Static)
            error.update(problem)
            error.display = True
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
