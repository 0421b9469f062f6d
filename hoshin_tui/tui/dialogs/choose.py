"""Pick one of a few options (a person, a field, a filter): enter picks, escape cancels.

Options are ``(id, text)``; an option whose id is "" is a heading that cannot be picked.
Returns the picked id, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from hoshin_tui.tui.dialogs.base import Dialog


class ChooseDialog(Dialog[str | None]):
    DEFAULT_CSS = """
    ChooseDialog #choose-options { height: auto; max-height: 70vh; margin-bottom: 1; }
    """
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="choose.cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], *, current: str = "", hint: str = "") -> None:
        super().__init__(classes="dialog choose")
        self.title_text = title
        self.options = list(options)
        self.current = current
        self.hint = hint or "enter pick · escape cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(
                *(Option(text, id=option_id or None, disabled=not option_id) for option_id, text in self.options),
                id="choose-options",
                markup=False,
            )
            yield Static(self.hint, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.focus()
        ids = [option_id for option_id, _ in self.options]
        if self.current and self.current in ids:
            choices.highlighted = ids.index(self.current)
        else:
            choices.highlighted = next((i for i, option_id in enumerate(ids) if option_id), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
