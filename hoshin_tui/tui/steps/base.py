"""What every step of the guided flow is: a registry entry and a widget that shows the plan.

The base holds what every step needs, so a new step does not copy it: the read-only guard,
inline person creation, the export request (a message up to the session screen), the keys
named in help text (read from the live bindings) and palette entries for every key.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Role
from hoshin_tui.model.plan import Person
from hoshin_tui.tui.controller import SessionController


class PaletteCommand(NamedTuple):
    """One entry of the command palette. ``action`` names the key action it stands for, if any
    (the palette test checks that every key action has an entry)."""

    name: str  # "export: X-matrix PDF": prefixed, so entries group by what they do
    run: Callable[[], object]
    help: str
    action: str = ""


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
        view: StepView = cls(self, session)  # self.view names a StepView class (module:Class)
        return view


def binding_for(node: Widget, action: str) -> Binding | None:
    """The binding of ``node``'s class (or a base class) that runs ``action``."""
    for cls in type(node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.action == action:
                return binding
    return None


def own_bindings(node: Widget) -> list[Binding]:
    """Every binding declared by ``node``'s class and its bases, nearest first, one per action
    (Textual's own, such as focus_next on every screen, are not the app's keys)."""
    found: dict[str, Binding] = {}
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                found.setdefault(binding.action, binding)
    return list(found.values())


def key_text(node: Widget, action: str) -> str:
    """How the key of ``action`` is written on screen ("p", "del", "tab"), from the live bindings,
    so help text names the key that really runs it."""
    if node.is_attached:
        for key, active in node.screen.active_bindings.items():
            if active.node is node and active.binding.action == action:
                return active.binding.key_display or node.app.get_key_display(Binding(key, action))
    binding = binding_for(node, action)
    if binding is None:
        return "?"
    if binding.key_display:
        return binding.key_display
    return binding.key.split(",")[0]


class StepView(Widget):
    """Base of a step's content. Attributes down: ``show_plan``; edits go through the controller."""

    DEFAULT_CSS = """
    StepView { height: 1fr; width: 1fr; }
    """
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset()  # hidden (keys and help) in a read-only window

    class ExportRequested(Message):
        """Print something; the session screen knows where exports go and runs the worker."""

        def __init__(self, kind: str, only: str | None = None, as_of: str | None = None) -> None:
            super().__init__()
            self.kind = kind  # an exporting.Kind: "xmatrix", "xmatrix-horizontal", "a3", "all", "json", "bowling"…
            self.only = only  # one A3 by id
            self.as_of = as_of  # the bowling chart's review month (YYYY-MM); None: last month

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

    # --- what every step shares -------------------------------------------------------------------

    @property
    def projecting(self) -> bool:
        """Projector mode is on (the App sets the ``-projector`` class; read, never asked for)."""
        return self.app.has_class("-projector")

    def refuse_read_only(self) -> bool:
        """True (and a warning) when the session cannot be edited: call before any edit."""
        if self.session.read_only:
            self.notify(f"Read-only: {self.session.read_only_reason}", severity="warning")
            return True
        return False

    _refuse_read_only = refuse_read_only  # the name the steps used before the kit

    def create_person(self, name: str, role: Role | None = None) -> Person | None:
        """Add a person typed in a form's "+ New person..." entry, in its own undo step."""
        person = Person(name=name) if role is None else Person(name=name, role=role)
        return person if self.session.apply(lambda store: store.save(person)) else None

    _create_person = create_person

    def deleted(self, noun: str, label: str) -> None:
        """The toast after a delete: what went, in the room's words, and how to get it back."""
        self.notify(f"Deleted {noun} '{label}' · ctrl+z to undo", timeout=6)

    def request_export(self, kind: str, only: str | None = None, as_of: str | None = None) -> None:
        """Ask the session screen to print ``kind`` (a thread worker writes the file)."""
        self.post_message(self.ExportRequested(kind, only, as_of))

    def key_for(self, action: str) -> str:
        """The key of ``action`` as shown on screen: for intro lines that name keys."""
        return key_text(self, action)

    # --- the command palette ----------------------------------------------------------------------

    def palette_commands(self) -> list[PaletteCommand]:
        """Entries for the command palette while this step shows: the step's own (``commands``),
        then one for every key of the step that they do not already cover."""
        found = list(self.commands())
        covered = {command.action for command in found}
        prefix = self.step.title.lower()
        for binding in own_bindings(self):
            if binding.action in covered or not binding.description:
                continue
            keys = self.key_for(binding.action)
            found.append(
                PaletteCommand(
                    f"{prefix}: {binding.description.lower()}",
                    self.runner(binding.action),
                    f"{binding.description} ({keys})",
                    binding.action,
                )
            )
        return found

    def commands(self) -> list[PaletteCommand]:
        """The step's own palette entries, with names better than a key's description."""
        return []

    def command(self, name: str, action: str, help_text: str) -> PaletteCommand:
        """A palette entry that runs the key action ``action`` (its key is added to the help)."""
        keys = self.key_for(action) if binding_for(self, action) else ""
        shown = f"{help_text} ({keys})" if keys and keys != "?" else help_text
        return PaletteCommand(name, self.runner(action), shown, action)

    def runner(self, action: str) -> Callable[[], Any]:
        """A plain callable that runs ``action`` on this step (the palette calls it)."""
        return lambda: self.call_next(self.run_action, action)
