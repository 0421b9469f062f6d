"""One open parking-lot item and the outcomes it can go to: one key each ("clear the lot")."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from hoshin_tui.model.plan import ParkingLotItem
from hoshin_tui.tui.dialogs.base import Dialog

# (key, result, what it does): the order the room reads them in.
OUTCOME_KEYS = (
    ("a", "answered", "answered: type the answer"),
    ("g", "agenda", "to the agenda: a new agenda item"),
    ("i", "initiative", "to a new initiative, made from it"),
    ("t", "action", "an action with an owner and a due date"),
    ("d", "dropped", "dropped"),
    ("s", "skip", "skip it for now"),
)


class ClearLotDialog(Dialog[str | None]):
    """Returns the outcome chosen ("answered", "agenda", ...), "skip", or None to stop the walk."""

    BINDINGS: ClassVar = [
        *(
            Binding(key, f"choose('{result}')", result.capitalize(), id=f"clear_lot.{result}")
            for key, result, _ in OUTCOME_KEYS
        ),
        Binding("escape", "choose('')", "Stop", id="clear_lot.stop"),
    ]

    def __init__(self, item: ParkingLotItem, position: int, total: int) -> None:
        super().__init__(classes="dialog")
        self.item = item
        self.position = position
        self.total = total

    def compose(self) -> ComposeResult:
        item = self.item
        raised = f"raised by {item.raised_by}" if item.raised_by else "raised"
        where = f" · {item.context}" if item.context else ""
        with Vertical(classes="dialog-box"):
            yield Label(f"Clear the lot: {self.position} of {self.total}", classes="dialog-title")
            yield Static(item.text, classes="dialog-text", markup=False, id="clear-lot-text")
            yield Static(f"({raised}{where})", classes="dialog-hint", markup=False)
            choices = "\n".join(f"{key}  {words}" for key, _, words in OUTCOME_KEYS)
            yield Static(choices, classes="dialog-text", markup=False, id="clear-lot-keys")
            yield Static("escape stops; what is settled stays settled", classes="dialog-hint", markup=False)

    def action_choose(self, result: str) -> None:
        self.dismiss(result or None)
