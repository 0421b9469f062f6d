"""Pick what a new A3 is about: a strategy (strategy A3), an initiative (problem-solving A3), or the
plan as a whole or one strategy (status A3). Returns ``(kind, subject_id)``; the caller creates it pre-filled."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from hoshin_tui.core.codes import item_codes
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.tui.dialogs.base import Dialog

NewA3 = tuple[A3Kind, str | None]


def a3_choices(plan: Plan) -> list[Option | None]:
    """The options, grouped by kind with a disabled heading each; ids are ``kind:subject``."""
    have = {(a3.kind, a3.subject_id) for a3 in plan.a3s}

    def taken(kind: A3Kind, subject: str | None) -> str:
        return "  (has one)" if (kind, subject) in have else ""

    code = item_codes(plan)  # the codes printed on the X-matrix
    options: list[Option | None] = [Option("Strategy A3: one per strategy, for its deployment leader", disabled=True)]
    for strategy in plan.strategies:
        text = f"   {code[strategy.id]}  {strategy.title}{taken(A3Kind.STRATEGY, strategy.id)}"
        options.append(Option(text, id=f"{A3Kind.STRATEGY.value}:{strategy.id}"))
    if not plan.strategies:
        options.append(Option("   (add strategies first)", disabled=True))
    options += [None, Option("Problem-solving A3: for an initiative", disabled=True)]
    for initiative in plan.initiatives:
        text = f"   {code[initiative.id]}  {initiative.title}{taken(A3Kind.PROBLEM_SOLVING, initiative.id)}"
        options.append(Option(text, id=f"{A3Kind.PROBLEM_SOLVING.value}:{initiative.id}"))
    if not plan.initiatives:
        options.append(Option("   (add initiatives first)", disabled=True))
    options += [None, Option("Status / review A3: for the whole plan or one strategy", disabled=True)]
    options.append(Option(f"   The whole plan{taken(A3Kind.STATUS, None)}", id=f"{A3Kind.STATUS.value}:"))
    for strategy in plan.strategies:
        text = f"   {code[strategy.id]}  {strategy.title}{taken(A3Kind.STATUS, strategy.id)}"
        options.append(Option(text, id=f"{A3Kind.STATUS.value}:{strategy.id}"))
    return options


def parse_choice(option_id: str) -> NewA3:
    kind, _, subject = option_id.partition(":")
    return A3Kind(kind), subject or None


class NewA3Dialog(Dialog[NewA3 | None]):
    """Enter creates the highlighted kind of A3; escape cancels."""

    DEFAULT_CSS = """
    NewA3Dialog #a3-new-choices { height: auto; max-height: 70vh; margin-bottom: 1; }
    """
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="a3_new.cancel")]

    def __init__(self, plan: Plan) -> None:
        super().__init__(classes="dialog a3-new")
        self.plan = plan

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box a3-new-box"):
            yield Label("New A3: what is it about?", classes="dialog-title")
            yield OptionList(*a3_choices(self.plan), id="a3-new-choices", markup=False)
            yield Static("It starts pre-filled from the plan · enter create · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(".a3-new-box").styles.width = 100  # titles are long; the app's dialogs are 72 wide
        choices = self.query_one(OptionList)
        choices.focus()
        first = next((i for i in range(choices.option_count) if not choices.get_option_at_index(i).disabled), None)
        choices.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(parse_choice(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
