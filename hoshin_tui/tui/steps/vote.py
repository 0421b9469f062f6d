"""The Vote step: dot voting the room can trust, typed in by the facilitator for the room.

One vote shows at a time (``[`` and ``]`` turn to the others). Its options are typed in or
taken from a plan list. In a tally vote the facilitator types each option's paper dots as
digits; in a per-voter vote each person in turn, with the totals hidden until the reveal.
The winners (marked with space) become plan items or a decision in one undo step. The
counting is :mod:`hoshin_tui.core.voting`; this module only draws it and reads keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from hoshin_tui.core import voting
from hoshin_tui.core.terminal_text import printable
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import InitiativeKind, VoteMode, VoteStatus
from hoshin_tui.model.lists import plan_list
from hoshin_tui.model.plan import DotVote, VoteOption
from hoshin_tui.store import InvalidEdit, SessionStore
from hoshin_tui.tui.controller import SessionController
from hoshin_tui.tui.dialogs.base import Dialog
from hoshin_tui.tui.dialogs.confirm import ConfirmDialog
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.steps.base import PaletteCommand, Step, StepView
from hoshin_tui.tui.widgets.quiet import set_text

HIDDEN = "··"  # a total the room must not see yet


class ChoiceDialog(Dialog[str | None]):
    """Pick one of a few named choices; enter picks, escape cancels."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="vote_choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(text, id=key) for key, text in self.choices), id="vote-choices", markup=False)
            yield Static("enter choose · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class VoteBoard(Widget, can_focus=True):
    """The options of one vote, a cursor, and digits typed straight onto the highlighted option.

    Digits here mean dots, not steps (``g`` and ctrl+pagedown still reach every step).
    """

    DEFAULT_CSS = """
    VoteBoard { height: auto; min-height: 3; padding: 0 1; }
    VoteBoard:focus { background: $boost; }
    """
    BINDINGS: ClassVar = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="vote.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="vote.down"),
        *(Binding(str(d), f"digit({d})", f"Type {d}", show=False, id=f"vote.digit_{d}") for d in range(10)),
        Binding("plus,equals_sign", "nudge(1)", "+1 dot", id="vote.plus", key_display="+", show=False),
        Binding("minus", "nudge(-1)", "-1 dot", id="vote.minus", key_display="-", show=False),
    ]

    def __init__(self, step: VoteStep) -> None:
        super().__init__(id="vote-board")
        self.step = step
        self.cursor = 0
        self.typed = ""  # digits typed on the highlighted option since the cursor came to it

    def render(self) -> Text:
        return self.step.board_text()

    def action_cursor(self, offset: int) -> None:
        count = len(self.step.vote.options) if self.step.vote else 0
        if count:
            self.cursor = max(0, min(count - 1, self.cursor + offset))
        self.typed = ""
        self.step.redraw()

    def action_digit(self, digit: int) -> None:
        self.typed = (self.typed + str(digit))[-3:]
        self.step.set_dots(self.step.highlighted, int(self.typed))

    def action_nudge(self, offset: int) -> None:
        self.typed = ""
        index = self.step.highlighted
        self.step.set_dots(index, max(0, self.step.dots_on(index) + offset))


class VoteStep(StepView):
    DEFAULT_CSS = """
    VoteStep #vote-title { text-style: bold; padding: 0 1; height: auto; }
    VoteStep #vote-state { padding: 0 1; color: $text-muted; height: auto; }
    VoteStep #vote-warning { padding: 0 1; color: $warning; height: auto; }
    VoteStep #vote-outcome { padding: 0 1; color: $success; height: auto; }
    """
    EDIT_ACTIONS: ClassVar = frozenset(
        {"new_vote", "add_option", "options_from", "mode", "voters", "dots", "reveal", "close", "winners", "delete"}
    )
    BINDINGS: ClassVar = [
        Binding("n", "new_vote", "New vote", id="vote.new"),
        Binding("o", "add_option", "Add option", id="vote.add_option"),
        Binding("f", "options_from", "Options from plan", id="vote.options_from"),
        Binding("right_square_bracket", "turn(1)", "Next vote", id="vote.next", key_display="]"),
        Binding("left_square_bracket", "turn(-1)", "Prev vote", id="vote.prev", key_display="[", show=False),
        Binding("m", "mode", "Tally/per voter", id="vote.mode", show=False),
        Binding("u", "voters", "Voters", id="vote.voters", show=False),
        Binding("v", "next_voter(1)", "Next voter", id="vote.next_voter"),
        Binding("s", "dots", "Dots per person", id="vote.dots", show=False),
        Binding("r", "reveal", "Reveal", id="vote.reveal"),
        Binding("space", "mark", "Mark winner", id="vote.mark"),
        Binding("i", "winners('initiatives')", "Winners → initiatives", id="vote.to_initiatives"),
        Binding("d", "winners('decision')", "Winners → decision", id="vote.to_decision"),
        Binding("c", "close", "Close vote", id="vote.close", show=False),
        Binding("delete", "delete", "Delete vote", id="vote.delete", key_display="del", show=False),
    ]

    def __init__(self, step: Step, session: SessionController) -> None:
        super().__init__(step, session)
        self.index = 0  # which vote shows
        self.voter = 0  # whose turn it is (per voter)
        self.marked: dict[str, set[int]] = {}  # vote id -> the options marked as winners (not saved)

    def compose(self) -> ComposeResult:
        yield Static("", id="vote-title", markup=False)
        yield Static("", id="vote-state", markup=False)
        yield Static("", id="vote-warning", markup=False)
        yield VoteBoard(self)
        yield Static("", id="vote-outcome", markup=False)
        yield Static(self.intro(), classes="step-intro", markup=False)

    def intro(self) -> str:
        keys = self.key_for
        to_items, to_decision = keys("winners('initiatives')"), keys("winners('decision')")
        return (
            f"{keys('new_vote')}: new vote · {keys('add_option')}: type an option · {keys('options_from')}: options "
            f"from a plan list · digits: dots on the option · {keys('reveal')}: reveal a per-voter vote · "
            f"{keys('mark')}: mark a winner · {to_items}/{to_decision}: "
            "winners become initiatives or a decision (one ctrl+z)."
        )

    @property
    def board(self) -> VoteBoard:
        return self.query_one(VoteBoard)

    @property
    def vote(self) -> DotVote | None:
        votes = self.session.plan.votes
        return votes[min(self.index, len(votes) - 1)] if votes else None

    def focus_default(self) -> None:
        self.board.focus()

    def select_item(self, item_id: str) -> bool:
        for index, vote in enumerate(self.session.plan.votes):
            if vote.id == item_id:
                self.index = index
                self.redraw()
                return True
        return False

    # --- drawing ----------------------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        self.stale = False
        self.redraw()

    def redraw(self) -> None:
        vote = self.vote
        if vote is None:
            set_text(self.query_one("#vote-title", Static), f"No vote yet: {self.key_for('new_vote')} starts one")
            for name in ("#vote-state", "#vote-warning", "#vote-outcome"):
                set_text(self.query_one(name, Static), "", layout=True)
            self.board.refresh(layout=True)
            return
        count = len(self.session.plan.votes)
        title = f"Vote {self.index + 1} of {count}: {vote.question}" if count > 1 else f"Vote: {vote.question}"
        set_text(self.query_one("#vote-title", Static), title, layout=True)
        set_text(self.query_one("#vote-state", Static), self.state_line(vote), layout=True)
        warning = voting.left_warning(vote) if vote.status == VoteStatus.OPEN else ""
        cut = voting.cut_warning(vote, len(self.marked.get(vote.id, ()))) if self.marked.get(vote.id) else ""
        warned = "  ".join(f"⚠ {w}" for w in (warning, cut) if w)
        set_text(self.query_one("#vote-warning", Static), warned, layout=True)
        set_text(self.query_one("#vote-outcome", Static), f"✓ {vote.outcome}" if vote.outcome else "", layout=True)
        self.board.cursor = min(self.board.cursor, max(0, len(vote.options) - 1))
        self.board.refresh(layout=True)

    def state_line(self, vote: DotVote) -> str:
        suggested = voting.suggested_dots(len(vote.options))
        dots = f"{vote.dots_per_person} dot{'s' if vote.dots_per_person != 1 else ''} each" + (
            f" (suggested {suggested})" if suggested != vote.dots_per_person else ""
        )
        if vote.status == VoteStatus.CLOSED:
            mode = "tally" if vote.mode == VoteMode.TALLY else f"per voter ({len(vote.voters)})"
        elif vote.mode == VoteMode.TALLY:
            mode = "tally: type each option's paper dots"
        else:
            voter = self.current_voter(vote)
            turn = (
                f"{voter}'s turn, {vote.dots_per_person - voting.voter_used(vote, voter)} left"
                if voter
                else "no voters yet"
            )
            mode = f"per voter ({len(vote.voters)}): {turn}"
        status = "closed: the result stands" if vote.status == VoteStatus.CLOSED else "open"
        hidden = " · totals hidden until reveal" if voting.totals_hidden(vote) else ""
        return f"{status} · {mode} · {dots} · {voting.dots_cast(vote)} dots cast{hidden}"

    def current_voter(self, vote: DotVote) -> str:
        return vote.voters[self.voter % len(vote.voters)] if vote.voters else ""

    def board_text(self) -> Text:
        vote = self.vote
        text = Text()
        if vote is None:
            return text
        if not vote.options:
            typed, taken = self.key_for("add_option"), self.key_for("options_from")
            text.append(f"No options yet: {typed} types one, {taken} takes a plan list")
            return text
        hidden = voting.totals_hidden(vote)
        voter = self.current_voter(vote) if vote.mode == VoteMode.PER_VOTER and vote.status == VoteStatus.OPEN else ""
        rows = {row.index: row for row in voting.results(vote)}
        top = max((row.dots for row in rows.values()), default=0)
        order = self.display_order(vote)
        avail = self.board.content_size.width or 100
        label_width = max(16, min(48, avail // 2 - 8))
        spare = avail - label_width - 26 - (vote.dots_per_person + 1 if voter else 0)
        width = max(6, min(60, spare))
        marked = self.marked.get(vote.id, set())
        codes = self.codes()
        for place, index in enumerate(order):
            option, row = vote.options[index], rows[index]
            here = place == self.board.cursor
            style = "reverse" if here and self.board.has_focus else ""
            text.append("▸ " if here else "  ", style="bold")
            text.append("★ " if index in marked else "  ", style="bold yellow")
            label = printable(option.label)
            label = label if len(label) <= label_width else label[: label_width - 1] + "…"
            text.append(label.ljust(label_width), style=style)
            text.append("  ")
            if voter:
                mine = option.voter_dots.get(voter, 0)
                text.append(("●" * mine).ljust(vote.dots_per_person + 1), style="bold cyan")
            if hidden:
                text.append(HIDDEN.rjust(4), style="dim")
            else:
                text.append(voting.bar(row.dots / top if top else 0.0, width).ljust(width), style="green")
                text.append(f"{row.dots:>4}", style="bold")
                text.append(" ≈ tie" if row.tied else "      ", style="yellow")
            made = codes.get(option.made_id or "", "")
            if made:
                text.append(f"  → {made}", style="bold")
            text.append("\n")
        text.rstrip()
        return text

    @staticmethod
    def display_order(vote: DotVote) -> list[int]:
        """While a vote is open its options keep the room's order (the cursor stays put as dots
        are typed); a closed vote shows its results, best first."""
        if vote.status == VoteStatus.OPEN:
            return list(range(len(vote.options)))
        return [row.index for row in voting.results(vote)]

    @property
    def highlighted(self) -> int:
        """The option index under the cursor."""
        vote = self.vote
        if vote is None or not vote.options:
            return 0
        order = self.display_order(vote)
        return order[min(self.board.cursor, len(order) - 1)]

    def codes(self) -> dict[str, str]:
        plan = self.session.plan
        found: dict[str, str] = {}
        for name in voting.SOURCE_LISTS:
            for item in getattr(plan, name):
                found[item.id] = item.code or "made"
        return found

    def dots_on(self, index: int) -> int:
        vote = self.vote
        if vote is None or not 0 <= index < len(vote.options):
            return 0
        option = vote.options[index]
        if vote.mode == VoteMode.PER_VOTER:
            return option.voter_dots.get(self.current_voter(vote), 0)
        return option.dots

    # --- editing ----------------------------------------------------------------------------------

    def _save(self, vote: DotVote, label: str) -> bool:
        if self.refuse_read_only():
            return False
        return self.session.apply(lambda store: store.save(vote, label=label))

    def _edit(self, change: Callable[[DotVote], DotVote], label: str) -> bool:
        vote = self.vote
        if vote is None:
            self.notify(f"No vote yet: {self.key_for('new_vote')} starts one", severity="warning")
            return False
        try:
            changed = change(vote)
        except InvalidEdit as exc:
            self.notify(str(exc), severity="warning")
            return False
        return self._save(changed, label)

    def _next_turn(self, vote: DotVote, voter: str) -> None:
        """When ``voter`` has placed every dot, the turn passes to the next voter with dots left."""
        left = voting.dots_left(vote)
        if voter in left or not left:
            return
        order = vote.voters[self.voter + 1 :] + vote.voters[: self.voter + 1]
        following = next(name for name in order if name in left)
        self.voter = vote.voters.index(following)
        self.board.cursor = 0
        self.redraw()
        self.notify(f"{voter} is done: {following}'s turn", timeout=3)

    def set_dots(self, index: int, dots: int) -> None:
        vote = self.vote
        if vote is None or not vote.options:
            return
        if vote.mode == VoteMode.PER_VOTER:
            voter = self.current_voter(vote)
            if not voter:
                self.notify(f"Name the voters first ({self.key_for('voters')})", severity="warning")
                return
            saved = self._edit(lambda v: voting.set_voter_dots(v, voter, index, dots), f"vote: {voter}'s dots")
            if saved and self.vote is not None:
                self._next_turn(self.vote, voter)
        else:
            self._edit(lambda v: voting.set_tally(v, index, dots), "vote: dots on an option")

    def action_new_vote(self) -> None:
        if self.refuse_read_only():
            return

        def made(question: str | None) -> None:
            if question:
                vote = DotVote(question=question)
                if self._save(vote, f"new vote '{question[:40]}'"):
                    self.index = len(self.session.plan.votes) - 1
                    self.redraw()

        self.app.push_screen(PromptDialog("New vote: the question the room answers"), made)

    def action_add_option(self) -> None:
        vote = self.vote
        if vote is None or self.refuse_read_only():
            return

        def add(label: str | None) -> None:
            if label:
                self._edit(lambda v: _with_options(v, [*v.options, VoteOption(label=label)]), "vote: add an option")

        self.app.push_screen(PromptDialog(f"Add an option to '{vote.question}'"), add)

    def action_options_from(self) -> None:
        vote = self.vote
        if vote is None or self.refuse_read_only():
            return
        choices = [(name, plan_list(name).plural.capitalize()) for name in voting.SOURCE_LISTS]

        def take(name: str | None) -> None:
            if name:
                taken = voting.options_from(self.session.plan, name)
                self._edit(lambda v: _with_options(v, [*v.options, *taken], source=name), f"vote: options from {name}")

        self.app.push_screen(ChoiceDialog("Take the options from", choices), take)

    def action_turn(self, offset: int) -> None:
        count = len(self.session.plan.votes)
        if count:
            self.index = (self.index + offset) % count
            self.board.cursor, self.voter = 0, 0
            self.redraw()

    def action_mode(self) -> None:
        vote = self.vote
        if vote is not None and voting.dots_cast(vote):
            self.notify("Dots are already cast: the entry mode stays as it is", severity="warning")
            return
        self._edit(
            lambda v: _checked_open(v).model_copy(
                update={"mode": VoteMode.TALLY if v.mode == VoteMode.PER_VOTER else VoteMode.PER_VOTER}
            ),
            "vote: entry mode",
        )

    def action_voters(self) -> None:
        vote = self.vote
        if vote is None or self.refuse_read_only():
            return
        names = ", ".join(vote.voters or [p.name for p in self.session.plan.people])

        def named(text: str | None) -> None:
            if text:
                voters = list(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
                self._edit(
                    lambda v: _checked_open(v).model_copy(update={"voters": voters, "mode": VoteMode.PER_VOTER}),
                    "vote: voters",
                )

        self.app.push_screen(PromptDialog("Who votes, in turn (commas between names)", value=names), named)

    def action_next_voter(self, offset: int) -> None:
        vote = self.vote
        if vote is None or not vote.voters:
            self.notify(f"A per-voter vote needs voters: {self.key_for('voters')} names them", severity="warning")
            return
        self.voter = (self.voter + offset) % len(vote.voters)
        self.redraw()

    def action_dots(self) -> None:
        vote = self.vote
        if vote is None or self.refuse_read_only():
            return
        suggested = voting.suggested_dots(len(vote.options))

        def check(text: str) -> str | None:
            return None if text.isdigit() and int(text) >= 1 else "A whole number of dots, 1 or more"

        def chosen(text: str | None) -> None:
            if text:
                dots = int(text)
                self._edit(lambda v: _checked_open(v).model_copy(update={"dots_per_person": dots}), "vote: dots each")

        hint = f"About a third of the options: {suggested} for {len(vote.options)} options"
        self.app.push_screen(PromptDialog("Dots per person", value=str(suggested), check=check, hint=hint), chosen)

    def action_reveal(self) -> None:
        self._edit(voting.reveal, "vote: reveal the totals")

    def action_close(self) -> None:
        self._edit(voting.close, "vote: close")

    def action_mark(self) -> None:
        vote = self.vote
        if vote is None or not vote.options:
            return
        if voting.totals_hidden(vote):
            self.notify(f"Reveal the totals first ({self.key_for('reveal')})", severity="warning")
            return
        marked = self.marked.setdefault(vote.id, set())
        marked ^= {self.highlighted}
        self.redraw()

    def action_winners(self, target: str) -> None:
        vote = self.vote
        if vote is None or self.refuse_read_only():
            return
        chosen = sorted(self.marked.get(vote.id, set()), key=lambda i: -voting.option_total(vote, vote.options[i]))
        if not chosen:
            self.notify(f"Mark the winners first ({self.key_for('mark')} on each)", severity="warning")
            return
        if voting.totals_hidden(vote):
            self.notify(f"Reveal the totals first ({self.key_for('reveal')})", severity="warning")
            return

        def make(kind: InitiativeKind | None) -> None:
            def write(store: SessionStore) -> None:
                if target == "decision":
                    voting.make_decision(store, vote, chosen)
                else:
                    voting.make_items(store, vote, chosen, target, kind=kind)

            if self.session.apply(write):
                self.marked.pop(vote.id, None)
                self.notify(f"{self.session.plan.votes[self.index].outcome} · ctrl+z takes it all back", timeout=6)

        if target != "initiatives":
            make(None)
            return
        # The two kinds of initiative stay apart: the room says which the winners are.
        kinds = [
            (InitiativeKind.STRATEGIC.value, "Strategic initiatives"),
            (InitiativeKind.OPERATIONAL.value, "Operational improvements"),
        ]

        def chosen_kind(value: str | None) -> None:
            if value:
                make(InitiativeKind(value))

        self.app.push_screen(ChoiceDialog(f"The {len(chosen)} winners become", kinds), chosen_kind)

    def action_delete(self) -> None:
        vote = self.vote
        if vote is None or self.refuse_read_only():
            return

        def answer(yes: bool | None) -> None:
            if yes and self.session.apply(lambda store: store.delete(vote)):
                self.index = max(0, self.index - 1)
                self.deleted("vote", vote.question)

        self.app.push_screen(ConfirmDialog(f"Delete the vote '{vote.question}'?", yes="Delete"), answer)

    def commands(self) -> list[PaletteCommand]:
        return [
            self.command("vote: new vote", "new_vote", "Start a dot vote: type the question"),
            self.command(
                "vote: options from a plan list", "options_from", "Initiatives, objectives, strategies or measures"
            ),
            self.command("vote: switch tally / per voter", "mode", "Tally: type paper dots; per voter: each in turn"),
            self.command("vote: name the voters", "voters", "Who votes, in turn (per voter)"),
            self.command(
                "vote: winners to initiatives", "winners('initiatives')", "The marked winners become initiatives"
            ),
            self.command(
                "vote: winners to a decision", "winners('decision')", "The marked winners become one decision"
            ),
            *(
                PaletteCommand(
                    f"vote: winners to {plan_list(name).plural}",
                    self.runner(f"winners({name!r})"),
                    f"The marked winners become {plan_list(name).plural}, in one undo step",
                )
                for name in voting.SOURCE_LISTS
                if name != "initiatives"
            ),
            self.command("vote: dots per person", "dots", "The dots each person has: about a third of the options"),
            self.command("vote: close", "close", "Close the vote: its result then stands as it was"),
        ]


def _checked_open(vote: DotVote) -> DotVote:
    if vote.status == VoteStatus.CLOSED:
        raise InvalidEdit(f"The vote '{vote.question}' is closed: its result stands as it was")
    return vote


def _with_options(vote: DotVote, options: list[VoteOption], *, source: str | None = None) -> DotVote:
    """The vote with new options; dots per person follow the suggestion while nobody has changed them."""
    _checked_open(vote)
    update: dict[str, object] = {"options": options}
    if vote.dots_per_person == voting.suggested_dots(len(vote.options)) or not vote.options:
        update["dots_per_person"] = voting.suggested_dots(len(options))
    if source is not None:
        update["source"] = source
    return vote.model_copy(update=update)
