"""The close-the-year wizard: results, a decision per item, reflections, then next year's session.

``hoshin roll-forward SESSION --period FY2028`` opens it (``--no-tui`` takes its defaults).
The old session is only read; nothing is written until ``ctrl+s`` creates the new session,
and while any item is undecided that is refused. The rules live in ``core/rollforward.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Static

from hoshin_tui.core.rollforward import (
    DECISION_WORDS,
    RollForwardRefused,
    YearClose,
    create_rolled_session,
    roll_forward,
)
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.model.enums import CarryDecision
from hoshin_tui.model.lists import BY_NAME
from hoshin_tui.model.plan import Plan
from hoshin_tui.store import StoreError
from hoshin_tui.tui.app import HoshinApp
from hoshin_tui.tui.widgets.key_hints import KeyHints

PANES = ("results", "decisions", "reflections")
PANE_TITLES = {"results": "1 Results", "decisions": "2 Decisions", "reflections": "3 Reflections"}
DECISION_STYLE = {
    CarryDecision.UNDECIDED: "bold reverse",
    CarryDecision.CARRIED: "green",
    CarryDecision.MODIFIED: "yellow",
    CarryDecision.DROPPED: "red",
    CarryDecision.DONE: "blue",
}
REFLECTION_FIELDS = {"worked": "What worked", "did_not_work": "What did not", "learned": "What we learned"}


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


class CloseYearScreen(Screen[Path | None]):
    """Close last year and decide what goes into the next; dismisses with the new session's path."""

    DEFAULT_CSS = """
    CloseYearScreen { layout: vertical; }
    #close-title { height: 1; text-style: bold; padding: 0 1; }
    #close-tabs { height: 1; padding: 0 1; }
    #close-status { height: 1; padding: 0 1; color: $text-muted; }
    #close-body { height: 1fr; }
    #close-body DataTable { height: 1fr; }
    #close-detail { height: auto; max-height: 6; padding: 0 1; border-top: solid $primary-darken-2; }
    """

    BINDINGS: ClassVar = [
        Binding("1", "pane('results')", "Results", id="close.results", show=False),
        Binding("2", "pane('decisions')", "Decisions", id="close.decisions", show=False),
        Binding("3", "pane('reflections')", "Reflections", id="close.reflections", show=False),
        Binding("tab", "next_pane", "Next part", id="close.next", priority=True),
        Binding("e", "edit", "Edit", id="close.edit", key_display="enter"),
        Binding("c", "decide('carried')", "Carry", id="close.carry"),
        Binding("m", "decide('modified')", "Modify", id="close.modify"),
        Binding("x", "decide('dropped')", "Drop", id="close.drop"),
        Binding("d", "decide('done')", "Done", id="close.done"),
        Binding("w", "reflect('worked')", "Worked", id="close.worked"),
        Binding("n", "reflect('did_not_work')", "Did not", id="close.did_not"),
        Binding("l", "reflect('learned')", "Learned", id="close.learned"),
        Binding("ctrl+s", "create", "Create next year", id="close.create"),
        Binding("escape", "cancel", "Cancel", id="close.cancel"),
    ]

    def __init__(self, workspace: Workspace, plan: Plan, close: YearClose, name: str) -> None:
        super().__init__(id="close-year")
        self.workspace = workspace
        self.plan = plan
        self.close = close
        self.session_name = name
        self.pane = "results"

    def compose(self) -> ComposeResult:
        closed = self.close.closed_period or "the plan year"
        yield Static(
            f"Close {closed} of '{self.close.source_name}' · next year {self.close.period} as '{self.session_name}'",
            id="close-title",
            markup=False,
        )
        yield Static("", id="close-tabs")
        yield Static("", id="close-status", markup=False)
        with ContentSwitcher(initial="results", id="close-body"):
            for pane in PANES:
                table: DataTable[Text] = DataTable(id=pane, cursor_type="row", zebra_stripes=True)
                yield table
        with Vertical(id="close-detail"):
            yield Static("", id="close-detail-text", markup=False)
        yield KeyHints()

    def on_mount(self) -> None:
        results = self.query_one("#results", DataTable)
        results.add_columns("Code", "Measure", "Taken as", "Baseline", "Target", "Final actual", "Achieved", "Months")
        decisions = self.query_one("#decisions", DataTable)
        decisions.add_columns("Code", "Decision", "Title", "Reason", "Item")  # the decision in view on 80 columns
        reflections = self.query_one("#reflections", DataTable)
        reflections.add_columns("Code", "Strategy", *REFLECTION_FIELDS.values())
        self._fill()
        self.action_pane("results")

    # --- drawing ---

    def _fill(self) -> None:
        self._fill_results()
        self._fill_decisions()
        self._fill_reflections()
        self._show_status()

    def _fill_results(self) -> None:
        table = self.query_one("#results", DataTable)
        row = table.cursor_row
        table.clear()
        for r in self.close.results:
            share = "–" if r.achievement is None else f"{r.achievement:.0%}"
            style = _rating(r.achievement)
            table.add_row(
                Text(r.source_code),
                Text(r.name),
                Text(r.aggregation.value),
                Text(_number(r.baseline), justify="right"),
                Text(_number(r.target), justify="right"),
                Text(_number(r.final_actual) + (" ✎" if r.entered else ""), justify="right"),
                Text(share, style=style, justify="right"),
                Text(str(r.months), justify="right"),
            )
        self._restore(table, row)

    def _fill_decisions(self) -> None:
        table = self.query_one("#decisions", DataTable)
        row = table.cursor_row
        table.clear()
        for d in self.close.decisions:
            table.add_row(
                Text(d.code),
                Text(f" {DECISION_WORDS[d.decision]} ", style=DECISION_STYLE[d.decision]),
                Text(d.title[:50]),
                Text(d.reason[:60]),
                Text(BY_NAME[d.kind].label),
            )
        self._restore(table, row)

    def _fill_reflections(self) -> None:
        table = self.query_one("#reflections", DataTable)
        row = table.cursor_row
        table.clear()
        for r in self.close.reflections:
            table.add_row(
                Text(r.source_code),
                Text(r.title[:40]),
                *(Text((getattr(r, name) or "–")[:40]) for name in REFLECTION_FIELDS),
            )
        self._restore(table, row)

    @staticmethod
    def _restore(table: DataTable[Text], row: int) -> None:
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _show_status(self) -> None:
        tabs = Text()
        for pane in PANES:
            tabs.append(f" {PANE_TITLES[pane]} ", style="bold reverse" if pane == self.pane else "")
            tabs.append("  ")
        self.query_one("#close-tabs", Static).update(tabs)
        undecided = len(self.close.undecided())
        counts = " · ".join(
            f"{sum(1 for d in self.close.decisions if d.decision is decision)} {DECISION_WORDS[decision]}"
            for decision in CarryDecision
            if any(d.decision is decision for d in self.close.decisions)
        )
        ready = "ready: ctrl+s creates next year's session" if not undecided else f"{undecided} undecided: decide each"
        self.query_one("#close-status", Static).update(f"{counts} · {ready}")
        self._show_detail()

    def _show_detail(self) -> None:
        text = ""
        table = self._table()
        index = table.cursor_row
        if self.pane == "results" and 0 <= index < len(self.close.results):
            r = self.close.results[index]
            text = (
                f"{r.source_code} {r.name}: final actual {_number(r.final_actual)} ({r.aggregation.value} of "
                f"{r.months} months{', typed by the room' if r.entered else ''}); it becomes next year's baseline. "
                "enter: type the final actual"
            )
        elif self.pane == "decisions" and 0 <= index < len(self.close.decisions):
            d = self.close.decisions[index]
            text = f"{d.code} {d.title}: {DECISION_WORDS[d.decision]}. Reason: {d.reason or '–'}. enter: the reason"
        elif self.pane == "reflections" and 0 <= index < len(self.close.reflections):
            reflection = self.close.reflections[index]
            text = "\n".join(
                f"{label}: {getattr(reflection, name) or '–'}" for name, label in REFLECTION_FIELDS.items()
            )
        self.query_one("#close-detail-text", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # the table's own enter: edit the row
        self.action_edit()

    def _table(self) -> DataTable[Text]:
        return self.query_one(f"#{self.pane}", DataTable)

    # --- actions ---

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decide":
            return self.pane == "decisions"
        if action == "reflect":
            return self.pane == "reflections"
        return True

    def action_pane(self, pane: str) -> None:
        self.pane = pane
        self.query_one(ContentSwitcher).current = pane
        self._table().focus()
        self._show_status()
        self.refresh_bindings()

    def action_next_pane(self) -> None:
        self.action_pane(PANES[(PANES.index(self.pane) + 1) % len(PANES)])

    def action_decide(self, word: str) -> None:
        index = self._table().cursor_row
        if not 0 <= index < len(self.close.decisions):
            return
        self.close.set_decision(self.close.decisions[index], CarryDecision(word))
        self._fill_decisions()
        self._show_status()
        if index + 1 < len(self.close.decisions):
            self._table().move_cursor(row=index + 1)

    def action_edit(self) -> None:
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        index = self._table().cursor_row
        if self.pane == "results" and 0 <= index < len(self.close.results):
            result = self.close.results[index]

            def set_actual(text: str | None) -> None:
                if text is None:
                    return
                self.close.set_final_actual(result.source_id, float(text.replace(",", "")))
                self._fill()

            self.app.push_screen(
                PromptDialog(
                    f"Final actual of {result.source_code} {result.name}",
                    value=_number(result.final_actual).replace("–", ""),
                    check=_number_problem,
                    hint="it becomes next year's baseline · enter to accept · escape to cancel",
                ),
                set_actual,
            )
        elif self.pane == "decisions" and 0 <= index < len(self.close.decisions):
            decision = self.close.decisions[index]

            def set_reason(text: str | None) -> None:
                if text is not None:
                    decision.reason = text
                    self._fill_decisions()
                    self._show_detail()

            question = f"Why is {decision.code} {DECISION_WORDS[decision.decision]}?"
            self.app.push_screen(PromptDialog(question, value=decision.reason), set_reason)
        elif self.pane == "reflections":
            self.action_reflect("worked")

    def action_reflect(self, name: str) -> None:
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        index = self._table().cursor_row
        if not 0 <= index < len(self.close.reflections):
            return
        reflection = self.close.reflections[index]

        def set_text(text: str | None) -> None:
            if text is not None:
                setattr(reflection, name, text)
                self._fill_reflections()
                self._show_detail()

        title = f"{reflection.source_code} {reflection.title}: {REFLECTION_FIELDS[name].lower()}?"
        self.app.push_screen(PromptDialog(title, value=getattr(reflection, name)), set_text)

    def action_create(self) -> None:
        undecided = self.close.undecided()
        if undecided:
            self.action_pane("decisions")
            self._table().move_cursor(row=self.close.decisions.index(undecided[0]))
            self.notify(
                f"{len(undecided)} undecided (first {undecided[0].label}): carry, modify, drop or mark each done",
                severity="warning",
            )
            return
        try:
            rolled = roll_forward(self.plan, self.close)
            path = create_rolled_session(self.workspace, self.session_name, rolled)
        except (RollForwardRefused, StoreError, OSError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Created '{path.stem}' for {self.close.period}; the old session was left as it was")
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _rating(share: float | None) -> str:
    if share is None:
        return ""
    return "green" if share >= 1 else "yellow" if share >= 0.5 else "red"


def _number_problem(text: str) -> str | None:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return "Type a number, such as 19 or 97.5"
    return None


class CloseYearApp(HoshinApp):
    """The App, starting with the wizard; the new session opens once it is made."""

    CSS_PATH = "../styles/projector.tcss"  # the App's own sheet, named from this module's folder

    def __init__(self, workspace: Workspace, plan: Plan, close: YearClose, name: str) -> None:
        super().__init__(workspace)
        self.wizard = CloseYearScreen(workspace, plan, close, name)
        self.created: Path | None = None

    def on_mount(self) -> None:
        self.push_screen(self.wizard, self._done)

    def show_picker(self) -> None:
        """The App's start shows the picker: not while the wizard runs (it comes after it)."""
        if self.wizard.is_attached:
            return
        super().show_picker()

    def _done(self, path: Path | None) -> None:
        self.created = path
        if path is None:
            self.exit()
            return
        self.call_later(self._open_created, path)

    def _open_created(self, path: Path) -> None:
        self.show_picker()  # home, under the new session: closing it lands on the session list
        self.open_session(path)


def run_close_year(workspace: Workspace, source: Path, plan: Plan, close: YearClose, name: str) -> int:
    """Run the wizard (then the new session) until the facilitator quits; the exit status."""
    app = CloseYearApp(workspace, plan, close, name)
    app.run()
    return app.return_code or 0
