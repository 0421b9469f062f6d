"""F1 / ?: every key the screen underneath answers to, read from its live bindings."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hoshin_tui.tui.dialogs.base import Dialog

# Readable names for the places a key can be bound.
PLACES = {
    "HoshinApp": "Everywhere",
    "SessionScreen": "This session",
    "SessionPickerScreen": "Sessions",
    "ItemForm": "This form",
    "TextArea": "Text editing",
    "DataTable": "Table",
    "ItemList": "List",
    "OptionList": "List",
    "Input": "Text field",
}


def described(node: object, action: str) -> str | None:
    """A node may name what a key does from its state (``binding_description``): the session
    screen says which step a digit goes to."""
    describe = getattr(node, "binding_description", None)
    if describe is None:
        return None
    from textual.actions import parse

    _, name, parameters = parse(action)
    description: str | None = describe(name, parameters)
    return description


def binding_rows(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(place, keys, description) for every active binding of ``screen``: this step's and screen's
    keys first, then the keys that work everywhere, then the built-in keys of the focused widget."""
    grouped: dict[tuple[int, str], tuple[int, str, list[str], str]] = {}
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if binding.system and not binding.description:
            continue
        name = type(node).__name__
        step = getattr(node, "step", None)
        place = getattr(step, "title", None) or PLACES.get(name, name)
        rank = 0 if step is not None else 1 if node is screen else 2 if node is screen.app else 3
        shown = screen.app.get_key_display(Binding(key, binding.action))
        shown = shown.upper() if re.fullmatch(r"f\d+", shown) else shown
        group = (id(node), binding.action)
        if group in grouped:
            if shown not in grouped[group][2]:
                grouped[group][2].append(shown)
        else:
            text = described(node, binding.action) or binding.description or binding.action.replace("_", " ")
            grouped[group] = (rank, place, [shown], text)
    ordered = sorted(grouped.values(), key=lambda row: row[0])
    return [(place, " ".join(keys), text) for _, place, keys, text in ordered]


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar = [Binding("escape,q,f1", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__(classes="dialog")
        self.rows = binding_rows(under)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box"):
            yield Static("Keys on this screen", classes="dialog-title")
            table: DataTable[Text] = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Where", "Key", "What it does")
            for place, keys, text in self.rows:
                table.add_row(Text(place, style="dim"), Text(keys, style="bold"), Text(text))
            yield table
            yield Static("ctrl+p finds any command by name · escape closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
