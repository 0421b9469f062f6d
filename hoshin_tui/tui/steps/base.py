"""What every step of the guided flow is: a registry entry and a widget that shows the plan."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.widget import Widget

from hoshin_tui.model import Plan
from hoshin_tui.tui.controller import SessionController

# (name shown in the palette, what it does, one line of help)
PaletteCommand = tuple[str, Callable[[], object], str]


@dataclass(frozen=True)
class Step:
    """One entry of the step bar. ``view`` is ``"module:Class"``, imported when the step is built."""

    key: str  # "measures": used in ids and in "go: measures"
    title: str  # "Measures": shown in the step bar
    view: str
    kinds: tuple[str, ...] = ()  # Plan list attributes this step shows (health warnings jump here)
    summary: str = ""  # one line for the command palette

    def build(self, session: SessionController) -> StepView:
        module, _, name = self.view.partition(":")
        cls = getattr(importlib.import_module(module), name)
        return cls(self, session)


class StepView(Widget):
    """Base of a step's content. Attributes down: ``show_plan``; edits go through the controller."""

    DEFAULT_CSS = """
    StepView { height: 1fr; width: 1fr; }
    """
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset()  # hidden (keys and help) in a read-only window

    def __init__(self, step: Step, session: SessionController) -> None:
        super().__init__(id=f"step-{step.key}", classes="step")
        self.step = step
        self.session = session
        self.stale = True  # the plan changed since this step last drew it

    def show_plan(self, plan: Plan) -> None:
        """Redraw from ``plan``; called when the step is visible and the plan changed."""

    def select_item(self, item_id: str) -> bool:
        """Put the cursor on ``item_id``; False when this step does not show it."""
        return False

    def leave(self) -> None:
        """The step is about to be hidden or the session closed: save anything pending."""

    def focus_default(self) -> None:
        """Take the focus now, not on a later tick: keys typed right after a step key (``3a``)
        must reach the new step, not the one that was just hidden."""
        self.screen.set_focus(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only window does not offer the editing keys it would refuse."""
        return not (self.session.read_only and action in self.EDIT_ACTIONS)

    def palette_commands(self) -> list[PaletteCommand]:
        """Extra entries for the command palette while this step shows."""
        return []
