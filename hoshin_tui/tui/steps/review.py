"""Step 9: the monthly review. The bowling chart, fast entry of actuals, countermeasures, review mode.

Everything the step shows comes from :func:`hoshin_tui.core.review.build_board`, so the screen,
the printed chart and the health panel agree on every cell. The table redraws only the cells
whose text changed, so typing an actual on a large plan costs one cell, not the chart.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from hoshin_tui.core import clock
from hoshin_tui.core.review import (
    PHASING_WORDS,
    STAGE_MINUTES,
    STAGE_TITLES,
    AgendaEntry,
    Board,
    BoardCache,
    CellStatus,
    MeasureRow,
    PhasingError,
    Stage,
    a3_offer,
    add_months,
    amount,
    build_board,
    check_month_of,
    due_for_verdict,
    long_label,
    new_countermeasure,
    phase,
    problem_a3,
    propose_verdict,
    red_is_handled,
    review_agenda,
    short_label,
)
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import CountermeasureStatus, Phasing, StatusColour
from hoshin_tui.model.plan import Countermeasure, Decision, Measure, MonthlyResult
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.dialogs.item_form import FieldSpec, FormResult, ItemForm
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.steps.base import PaletteCommand, StepView
from hoshin_tui.tui.steps.lists import choices
from hoshin_tui.tui.widgets.bowling_grid import BowlingGrid, Column
from hoshin_tui.tui.widgets.quiet import set_text
from hoshin_tui.tui.widgets.review_chart import (
    STYLES,
    actual_text,
    chart,
    last_year_text,
    plan_text,
    rollup_text,
    trend_strip,
)

COUNTERMEASURE_FIELDS = (
    FieldSpec("gap", label="Gap (when raised)"),
    FieldSpec("root_cause", "long"),
    FieldSpec("action", "long", label="Countermeasure"),
    FieldSpec("owner_id", "person"),
    FieldSpec("due", "date"),
    FieldSpec("expected_effect", placeholder="e.g. back to plan by May"),
    FieldSpec("check_month", placeholder="YYYY-MM"),
    FieldSpec("status", "choice", choices(CountermeasureStatus)),
    FieldSpec("verdict", "long"),
)
VERDICT_FIELDS = (FieldSpec("status", "choice", choices(CountermeasureStatus)), FieldSpec("verdict", "long"))
OVERRIDE_FIELDS = (
    FieldSpec("colour", "choice", choices(StatusColour), label="Status set by hand"),
    FieldSpec("override_reason", "long"),
)
PHASING_FIELDS = (FieldSpec("phasing", "choice", tuple((PHASING_WORDS[p].capitalize(), p.value) for p in Phasing)),)

FIXED = ("code", "measure", "row")
DETAILS = ("owner", "base", "target")
ROLLUPS = ("q1", "q2", "q3", "q4", "ytd")
TAIL = ("trend", "cm")
MONTH_KEYS = tuple(f"m{index}" for index in range(12))


IDLE_ENTRY = "enter types the value of the cell · then enter again for the next month"


def short_rule(rule: str) -> str:
    """The rule in a table cell: ``"↓ · yellow within 5 % of plan"`` (the detail pane has it whole)."""
    rule = rule.replace("lower is better", "↓").replace("higher is better", "↑")
    return rule.replace("of the baseline-to-target gap", "of gap")


def _measure_rows(row: MeasureRow) -> list[tuple[str, MeasureRow | None, str]]:
    """A measure's grid rows: plan, actual, and last year's actuals (faint) when the plan has them."""
    keys = ("p:", "a:", "l:") if row.has_last_year else ("p:", "a:")
    return [(f"{prefix}{row.measure.id}", row, "") for prefix in keys]


def today() -> date:
    """The review month defaults to last month: tests and snapshots replace this clock."""
    return clock.today()


def _number(text: str) -> float | None:
    """ "97,8" or "97.8" -> 97.8; None when it is no number."""
    try:
        return float(text.strip().replace(",", ".").replace(" ", ""))
    except ValueError:
        return None


class ReviewStep(StepView):
    """The bowling chart of the plan year, as of a month the keys move."""

    DEFAULT_CSS = """
    ReviewStep { layout: vertical; }
    ReviewStep #review-header { height: 1; width: 1fr; padding: 0 1; }
    ReviewStep #review-table { height: 1fr; }
    ReviewStep #review-entry-bar { height: 1; width: 1fr; padding: 0 1; }
    ReviewStep #review-entry-label { width: 1fr; height: 1; }
    ReviewStep #review-entry { width: 20; height: 1; border: none; padding: 0 1; }
    ReviewStep #review-detail { height: 11; border-top: solid $primary-darken-2; }
    ReviewStep #review-chart { width: 44; height: 1fr; padding: 0 1; }
    ReviewStep #review-info { width: 1fr; height: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar = [
        Binding("enter", "enter_value", "Enter value", id="review.enter"),
        Binding("left_square_bracket", "as_of(-1)", "Month back", id="review.month_back", key_display="["),
        Binding("right_square_bracket", "as_of(1)", "Month on", id="review.month_on", key_display="]"),
        Binding("e", "exceptions", "Exceptions only", id="review.exceptions"),
        Binding("c", "countermeasure", "Countermeasure", id="review.countermeasure"),
        Binding("v", "verdict", "Verdict", id="review.verdict"),
        Binding("A", "problem_a3", "Problem A3", id="review.problem_a3", key_display="A"),
        Binding("f", "phase", "Phase plan", id="review.phase"),
        Binding("o", "override", "Override", id="review.override", show=False),
        Binding("O", "clear_override", "Clear override", id="review.clear_override", show=False),
        Binding("n", "note", "Note", id="review.note", show=False),
        Binding("r", "meeting", "Review mode", id="review.meeting"),
        Binding("p", "print_bowling", "Print", id="review.print"),
        Binding("space", "meeting_next", "Next stop", id="review.meeting_next", show=False),
        Binding("backspace", "meeting_back", "Previous stop", id="review.meeting_back", show=False),
        Binding("s", "meeting_skip", "Skip red", id="review.meeting_skip", show=False),
        Binding("d", "decision", "Decision", id="review.decision", show=False),
        Binding("escape", "leave", "Leave", id="review.leave", show=False),
    ]
    EDIT_ACTIONS: ClassVar = frozenset(
        {
            "enter_value",
            "countermeasure",
            "verdict",
            "problem_a3",
            "phase",
            "override",
            "clear_override",
            "note",
            "decision",
        }
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.as_of: str | None = None
        self.exceptions_only = False
        self.board: Board | None = None
        self._shape: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        self._texts: dict[tuple[str, str], Text] = {}
        self._entry: tuple[str, str, str] | None = None  # (measure id, month, "plan" | "actual")
        self.agenda: list[AgendaEntry] = []
        self.stop = -1  # the review-mode stop shown; -1 when review mode is off
        self.skipped: set[str] = set()
        self._cache = BoardCache()
        self._row_texts: dict[str, tuple[object, list[Text]]] = {}  # row key -> (board row, its cell texts)

    def compose(self) -> ComposeResult:
        yield Static("", id="review-header", markup=False)
        yield BowlingGrid(id="review-table")
        with Horizontal(id="review-entry-bar", classes="-closed"):
            yield Static(IDLE_ENTRY, id="review-entry-label", markup=False)
            yield Input(id="review-entry", placeholder="a number")
        with Horizontal(id="review-detail"):
            yield Static("", id="review-chart", markup=False)
            yield Static("", id="review-info", markup=False)

    @property
    def table(self) -> BowlingGrid:
        return self.query_one("#review-table", BowlingGrid)

    def focus_default(self) -> None:
        self.table.focus()

    def on_resize(self) -> None:
        height = 6 if self.app.size.height < 32 else 11
        detail = self.query_one("#review-detail")
        if detail.styles.height is None or detail.styles.height.value != height:
            detail.styles.height = height

    def on_mount(self) -> None:
        # Projector mode sets the theme before its class: redraw once both are in place.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._restyle))

    def _restyle(self) -> None:
        if self.board is not None and self.display:
            self._redraw(force=True)

    # --- drawing ------------------------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        self.stale = False
        self._redraw(plan)

    def _redraw(self, plan: Plan | None = None, *, force: bool = False) -> None:
        plan = plan or self.session.plan
        if force:
            self._row_texts = {}
        self.board = build_board(plan, self.as_of, today=today(), cache=self._cache)
        self.as_of = self.board.as_of
        self._draw_table(self.board, force=force)
        self._draw_header(self.board)
        self._draw_detail()

    def _columns(self, board: Board) -> tuple[str, ...]:
        months = () if self.projecting else MONTH_KEYS
        details = () if self.projecting else DETAILS
        return FIXED + months + ROLLUPS + TAIL + details  # owner, base, target last: the months come first

    def _rows(self, board: Board) -> list[tuple[str, MeasureRow | None, str]]:
        """(key, row, title) top to bottom: a group title row, then plan and actual per measure."""
        found: list[tuple[str, MeasureRow | None, str]] = []
        if self.exceptions_only:
            shown = board.exceptions()
            found.append(("g:exceptions", None, f"Exceptions as of {long_label(board.as_of)}: red, yellow, late"))
            for row in shown:
                found += _measure_rows(row)
            if not shown:
                found.append(("g:none", None, "Nothing red, yellow or late: every measure is on plan."))
            return found
        for index, group in enumerate(board.groups):
            found.append((f"g:{index}", None, group.title))
            for row in group.rows:
                found += _measure_rows(row)
        if not board.rows:
            found.append(("g:none", None, "No measures yet: add them in the Measures step."))
        return found

    def _header_label(self, key: str, board: Board) -> str:
        if key in MONTH_KEYS:
            month = board.year.months[int(key[1:])]
            return f"‹{short_label(month)}›" if month == board.as_of else short_label(month)
        labels = {"code": "#", "measure": "Measure", "row": "", "owner": "Owner", "base": "Base", "target": "Target"}
        labels |= {"q1": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4", "ytd": "YTD", "trend": "Trend", "cm": "CM"}
        return labels[key]

    def _draw_table(self, board: Board, *, force: bool) -> None:
        table = self.table
        columns = self._columns(board)
        rows = self._rows(board)
        shape = (columns, tuple(key for key, _, _ in rows))
        cells: dict[tuple[str, str], Text] = {}
        made: dict[str, tuple[object, list[Text]]] = {}
        for key, row, title in rows:
            kept = self._row_texts.get(key)
            if kept is not None and row is not None and kept[0] is row and len(kept[1]) == len(columns):
                texts = kept[1]  # the same row object: its cells cannot have changed
            else:
                texts = [self._cell(board, row, title, key, col) for col in columns]
            made[key] = (row if row is not None else title, texts)
            cells.update(zip(((key, col) for col in columns), texts, strict=True))
        self._row_texts = made
        if force or shape != self._shape:
            cursor = self._cursor_place()
            specs = []
            for col in columns:
                width = {"code": 5, "measure": 32 if not self.projecting else 46, "row": 7, "owner": 15}.get(col)
                specs.append(Column(col, self._header_label(col, board), width or (13 if col == "trend" else 9)))
            table.set_data(specs, [(key, [cells[(key, col)] for col in columns]) for key, _, _ in rows], len(FIXED))
            self._shape = shape
            self._texts = cells
            self._place_cursor(cursor)
            return
        for place, text in cells.items():
            if self._texts.get(place) != text:
                table.update_cell(place[0], place[1], text)
        self._texts = cells
        for column in table.columns:  # the as-of marker moves between month headers
            if column.key in MONTH_KEYS and column.label != self._header_label(column.key, board):
                table.set_label(column.key, self._header_label(column.key, board))

    def _cell(self, board: Board, row: MeasureRow | None, title: str, key: str, col: str) -> Text:
        if row is None:
            code, _, rest = title.partition(" ")
            if col == "code":
                return Text(code, style="bold") if rest and code[:1] == "O" and code[1:].isdigit() else Text("")
            if col == "measure":
                return Text(rest if rest and code[:1] == "O" and code[1:].isdigit() else title, style="bold")
            return Text("")
        if key.startswith("l:"):
            return last_year_text(row, col, board.year.previous().label)
        measure = row.measure
        is_plan = key.startswith("p:")
        if col == "code":
            return Text(measure.code, style="bold") if is_plan else Text("")
        if col == "measure":
            return Text(measure.name) if is_plan else Text(short_rule(row.rule), style="dim")
        if col == "row":
            return Text("plan", style="dim") if is_plan else Text("actual")
        if col == "owner":
            return Text(row.owner if is_plan else "", style="dim")
        if col == "base":
            return Text(amount(measure.baseline) if is_plan and measure.baseline is not None else "", style="dim")
        if col == "target":
            unit = "" if not measure.unit or len(measure.unit) > 4 else f" {measure.unit}"
            text = amount(measure.target) + unit if is_plan and measure.target is not None else ""
            return Text(text, style="dim")
        if col in MONTH_KEYS:
            cell = row.cells[int(col[1:])]
            return plan_text(cell) if is_plan else actual_text(cell)
        if col in ROLLUPS:
            if col == "ytd":
                return rollup_text(row.ytd.plan, row.ytd.actual, row.ytd_status, show_plan=is_plan)
            index = int(col[1:]) - 1
            rollup = row.quarters[index]
            return rollup_text(rollup.plan, rollup.actual, row.quarter_status(index), show_plan=is_plan)
        if col == "trend":
            return trend_strip(row) if not is_plan else Text("")
        if col == "cm":
            return Text("") if is_plan else self._cm_text(row)
        return Text("")

    def _cm_text(self, row: MeasureRow) -> Text:
        if row.uncovered_reds():
            return Text("! none", style=STYLES[CellStatus.RED])
        live = row.open_countermeasures
        if not live:
            return Text("")
        now = today()
        late = any(c.due is not None and c.due < now and c.status == CountermeasureStatus.OPEN for c in live)
        return Text(f"{len(live)} open" + (" ⌛" if late else ""), style="bold" if late else "")

    def _draw_header(self, board: Board) -> None:
        counts = board.counts()
        parts = [
            f"{board.year.label} · as of ‹{long_label(board.as_of)}› ([ ])",
            f"● {counts[CellStatus.GREEN]} green  ▲ {counts[CellStatus.YELLOW]} yellow  "
            f"■ {counts[CellStatus.RED]} red  ? {counts[CellStatus.LATE]} late",
            "exceptions only (e: all)" if self.exceptions_only else "all measures (e: exceptions)",
        ]
        set_text(self.query_one("#review-header", Static), " · ".join(parts))

    # --- the cursor and the detail pane -------------------------------------------------------------

    def _focused(self) -> tuple[MeasureRow | None, str, str | None]:
        """(row, "plan" | "actual" | "", month) under the cursor."""
        table, board = self.table, self.board
        keys = table.cursor_keys
        if board is None or keys is None:
            return None, "", None
        key, col = keys
        row = board.row(key[2:]) if key[:2] in ("p:", "a:") else None
        which = "plan" if key.startswith("p:") else "actual" if key.startswith("a:") else ""
        month = board.year.months[int(col[1:])] if col in MONTH_KEYS else None
        return row, which, month

    def _cursor_place(self) -> tuple[str, str] | None:
        return self.table.cursor_keys

    def _place_cursor(self, place: tuple[str, str] | None) -> None:
        """Back where it was, else on the first actual row at the review month."""
        table, board = self.table, self.board
        if board is None or table.row_count == 0:
            return
        keys = table.row_keys
        cols = [c.key for c in table.columns]
        row_key, col_key = place or ("", "")
        if row_key not in keys:
            row_key = next((k for k in keys if k.startswith("a:")), keys[0])
        if col_key not in cols:
            col_key = self._as_of_column(board, cols)
        table.move_cursor(row_key, col_key)

    def _as_of_column(self, board: Board, cols: list[str]) -> str:
        month = f"m{board.year.months.index(board.as_of)}"
        return month if month in cols else "ytd"

    def move_to(self, measure_id: str, which: str = "actual", month: str | None = None) -> None:
        table, board = self.table, self.board
        if board is None:
            return
        cols = [c.key for c in table.columns]
        key = f"{which[0]}:{measure_id}"
        if key not in table.cells:
            return
        col = f"m{board.year.months.index(month)}" if month in board.year.months else self._as_of_column(board, cols)
        col = col if col in cols else self._as_of_column(board, cols)
        table.move_cursor(key, col)

    def on_bowling_grid_cell_selected(self, event: BowlingGrid.CellSelected) -> None:
        event.stop()  # enter on a cell: the table answers the key before the step's binding could
        self.action_enter_value()

    def on_bowling_grid_cell_highlighted(self, event: BowlingGrid.CellHighlighted) -> None:
        event.stop()
        self._draw_detail()

    def _draw_detail(self) -> None:
        if not self.is_mounted:
            return
        row, _, month = self._focused()
        chart_widget = self.query_one("#review-chart", Static)
        info = self.query_one("#review-info", Static)
        small = self.app.size.height < 32
        if self.stop >= 0:
            set_text(chart_widget, chart(row, height=3 if small else 6) if row else Text(""))
            set_text(info, self._meeting_text())
            return
        if row is None:
            set_text(chart_widget, Text(""))
            set_text(info, Text("Move to a measure to see its chart, countermeasures and links.", style="dim"))
            return
        set_text(chart_widget, chart(row, height=3 if small else 6))
        set_text(info, self._info_text(row, month))

    def _info_text(self, row: MeasureRow, month: str | None) -> Text:
        measure = row.measure
        text = Text()
        text.append(f"{row.label}", style="bold")
        text.append(f"  {row.owner}\n" if row.owner else "\n", style="dim")
        text.append(f"{row.rule}\n", style="dim")
        cell = row.cell(month) if month else None
        if cell is not None and cell.overridden:
            text.append(f"✎ set by hand: {cell.override_reason}\n")
        if cell is not None and cell.note:
            text.append(f"Note {short_label(cell.month)}: {cell.note}\n", style="italic")
        for cm in row.countermeasures:
            due = f" · due {cm.due.isoformat()}" if cm.due else ""
            status = cm.status.value.replace("_", " ")
            text.append(f"CM {long_label(cm.month) if cm.month else ''} [{status}]{due}: ", style="bold")
            text.append(f"{cm.action or '(no action yet)'}\n")
            if cm.status in (CountermeasureStatus.OPEN, CountermeasureStatus.DONE):
                verdict = propose_verdict(cm, row)
                check = check_month_of(cm)
                if verdict is not None and check and check <= row.as_of:
                    words = verdict.status.value.replace("_", " ")
                    text.append(f"  Proposed verdict: {words} ({verdict.reason}) · v confirms\n", style="italic")
        offer = a3_offer(row, list(self.session.plan.a3s))
        if offer:
            text.append(f"A3 offered: {offer} · A makes a problem-solving A3\n", style=STYLES[CellStatus.YELLOW])
        links = [f"{o.code} {o.title}" for o in row.objectives] + [f"{i.code} {i.title}" for i in row.initiatives]
        if links:
            text.append("Linked: " + "; ".join(links), style="dim")
        if measure.unit:
            text.append(f"\nUnit: {measure.unit}", style="dim")
        return text

    # --- entering values ------------------------------------------------------------------------------

    def action_enter_value(self) -> None:
        row, which, month = self._focused()
        if row is None or month is None or self.refuse_read_only():
            if row is not None and month is None:
                self.notify("Move to a month to enter its value", severity="warning")
            return
        self._open_entry(row, which, month)

    def _open_entry(self, row: MeasureRow, which: str, month: str) -> None:
        cell = row.cell(month)
        current = None if cell is None else cell.plan if which == "plan" else cell.actual
        self._entry = (row.measure.id, month, which)
        label = f"{row.measure.code} {which} {long_label(month)}:"
        set_text(self.query_one("#review-entry-label", Static), label)
        entry = self.query_one("#review-entry", Input)
        entry.value = ""
        entry.placeholder = amount(current) if current is not None else "a number"
        self.query_one("#review-entry-bar").remove_class("-closed")
        entry.focus()

    def _close_entry(self) -> None:
        self._entry = None
        self.query_one("#review-entry-bar").add_class("-closed")
        set_text(self.query_one("#review-entry-label", Static), IDLE_ENTRY)
        self.table.focus()

    @on(Input.Submitted, "#review-entry")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self._entry is None:
            return
        measure_id, month, which = self._entry
        text = event.value.strip()
        if text:
            value = _number(text)
            if value is None:
                self.notify(f"'{text}' is not a number: type it as 97.8", severity="warning")
                return
            if not self._save_value(measure_id, month, which, value):
                return
        board = self.board
        following = add_months(month, 1)
        if board is None or following not in board.year.months:
            self._close_entry()
            self.move_to(measure_id, which, month)
            return
        self.move_to(measure_id, which, following)
        row = board.row(measure_id)
        if row is not None:
            self._open_entry(row, which, following)

    def _save_value(self, measure_id: str, month: str, which: str, value: float) -> bool:
        before = next(
            (r for r in self.session.plan.monthly_results if r.measure_id == measure_id and r.month == month), None
        )
        base = before or MonthlyResult(measure_id=measure_id, month=month)
        result = base.model_copy(update={which: value})
        return self.session.apply(lambda store: store.save(result))

    def action_leave(self) -> None:
        if self._entry is not None:
            self._close_entry()
        elif self.stop >= 0:
            self.stop = -1
            self.notify("Review mode closed", timeout=3)
            self._draw_detail()

    def on_key(self, event: Any) -> None:
        if event.key == "escape" and self._entry is not None:
            event.stop()
            self._close_entry()

    def action_print_bowling(self) -> None:
        """Print the bowling chart as of the month on screen (not last month, unless that is shown)."""
        self.request_export("bowling", as_of=self.board.as_of if self.board else self.as_of)

    def commands(self) -> list[PaletteCommand]:
        return [self.command("export: bowling chart PDF", "print_bowling", "Print the bowling chart as of this month")]

    # --- the month, the filter -------------------------------------------------------------------------

    def action_as_of(self, offset: int) -> None:
        if self.board is None:
            return
        self.as_of = self.board.year.clamp(add_months(self.board.as_of, offset))
        self._redraw()

    def action_exceptions(self) -> None:
        self.exceptions_only = not self.exceptions_only
        self._redraw()
        self._place_cursor(None)

    # --- countermeasures, verdicts, A3s -----------------------------------------------------------------

    def action_countermeasure(self) -> None:
        row, _, month = self._focused()
        if row is None or self.refuse_read_only():
            return
        month = month or row.as_of
        existing = next((c for c in row.countermeasures if c.month == month), None)
        if existing is not None:
            self._form(f"Countermeasure: {row.label}, {long_label(month)}", existing, COUNTERMEASURE_FIELDS)
            return
        fresh = new_countermeasure(row, month)
        self._form(
            f"New countermeasure: {row.label}, {long_label(month)}",
            None,
            COUNTERMEASURE_FIELDS,
            defaults=fresh.model_dump(),
            model=Countermeasure,
        )

    def action_verdict(self) -> None:
        row, _, _ = self._focused()
        if row is None or self.refuse_read_only() or self.board is None:
            return
        due = [cm for r, cm in due_for_verdict(self.board) if r.measure.id == row.measure.id]
        live = due or [
            c for c in row.countermeasures if c.status in (CountermeasureStatus.OPEN, CountermeasureStatus.DONE)
        ]
        if not live:
            self.notify(f"{row.measure.code} has no countermeasure waiting for a verdict", severity="warning")
            return
        cm = live[0]
        verdict = propose_verdict(cm, row)
        if verdict is None:
            self.notify("Nothing reported since it was due: judge it by hand", timeout=4)
            self._form(f"Verdict: {cm.action[:40]}", cm, VERDICT_FIELDS)
            return
        proposed = cm.model_copy(
            update={"status": verdict.status, "verdict": cm.verdict or verdict.reason[:1].upper() + verdict.reason[1:]}
        )
        self._form(f"Verdict proposed from the data: {verdict.reason}", cm, VERDICT_FIELDS, shown=proposed)

    def action_problem_a3(self) -> None:
        row, _, _ = self._focused()
        if row is None or self.refuse_read_only():
            return
        plan = self.session.plan
        offer = a3_offer(row, list(plan.a3s))
        if not offer:
            self.notify(
                f"{row.measure.code}: an A3 is offered after two reds in a row or a countermeasure that did not work",
                severity="warning",
            )
            return
        a3 = problem_a3(row, {p.id: p.name for p in plan.people})
        link = next(
            (c for c in reversed(row.countermeasures) if c.status == CountermeasureStatus.NOT_EFFECTIVE),
            row.countermeasures[-1] if row.countermeasures else None,
        )

        def write(store: SessionStore) -> None:
            with store.batch(f"problem-solving A3 for {row.measure.code or row.measure.name}"):
                store.save(a3)
                if link is not None:
                    store.save(link.model_copy(update={"a3_id": a3.id}))

        if self.session.apply(write):
            self.notify(f"Made '{a3.title}' from {row.measure.code}'s months: open it in the A3 step", timeout=6)

    def _form(
        self,
        title: str,
        item: Any,
        fields: tuple[FieldSpec, ...],
        *,
        defaults: dict[str, Any] | None = None,
        model: type[Any] | None = None,
        shown: Any = None,
    ) -> None:
        """Open the item form; save what it returns as one edit."""
        plan = self.session.plan
        form = ItemForm(
            title,
            model or type(item),
            fields,
            item=shown if shown is not None else item,
            defaults=defaults,
            people=list(plan.people),
            create_person=self.create_person,
        )

        def saved(result: FormResult | None) -> None:
            if result is None or (item is not None and result.item == item):
                return
            self.session.apply(lambda store: store.save(result.item))

        self.app.push_screen(form, saved)

    # --- the plan, overrides, notes ----------------------------------------------------------------------

    def action_phase(self) -> None:
        row, _, _ = self._focused()
        if row is None or self.refuse_read_only() or self.board is None:
            return
        measure, board = row.measure, self.board
        form = ItemForm(f"Phase the plan of {row.label}", Measure, PHASING_FIELDS, item=measure)

        def chosen(result: FormResult | None) -> None:
            if result is None or not isinstance(result.item, Measure):
                return
            phased_measure = result.item
            results = {(r.measure_id, r.month): r for r in self.session.plan.monthly_results}
            last_year = [
                r.actual if (r := results.get((measure.id, m))) else None for m in board.year.previous().months
            ]
            try:
                plans = phase(phased_measure, phased_measure.phasing, last_year)
            except PhasingError as exc:
                self.session.report(str(exc))
                return

            def write(store: SessionStore) -> None:
                with store.batch(f"phase {measure.code or measure.name} {PHASING_WORDS[phased_measure.phasing]}"):
                    if phased_measure != measure:
                        store.save(phased_measure)
                    for month, value in zip(board.year.months, plans, strict=True):
                        before = results.get((measure.id, month)) or MonthlyResult(measure_id=measure.id, month=month)
                        if before.plan != value:
                            store.save(before.model_copy(update={"plan": value}))

            if self.session.apply(write):
                self.notify(
                    f"{measure.code} planned {PHASING_WORDS[phased_measure.phasing]}: each month stays editable"
                )

        self.app.push_screen(form, chosen)

    def _result_here(self) -> tuple[MeasureRow, str, MonthlyResult] | None:
        row, _, month = self._focused()
        if row is None or month is None:
            if row is not None:
                self.notify("Move to a month first", severity="warning")
            return None
        before = next(
            (r for r in self.session.plan.monthly_results if r.measure_id == row.measure.id and r.month == month), None
        )
        return row, month, before or MonthlyResult(measure_id=row.measure.id, month=month)

    def action_override(self) -> None:
        found = self._result_here()
        if found is None or self.refuse_read_only():
            return
        row, month, result = found
        self._form(
            f"Set {row.measure.code} {long_label(month)} by hand (the reason is printed)", result, OVERRIDE_FIELDS
        )

    def action_clear_override(self) -> None:
        found = self._result_here()
        if found is None or self.refuse_read_only():
            return
        _, _, result = found
        if result.colour is not None:
            cleared = result.model_copy(update={"colour": None, "override_reason": ""})
            self.session.apply(lambda store: store.save(cleared))

    def action_note(self) -> None:
        found = self._result_here()
        if found is None or self.refuse_read_only():
            return
        row, month, result = found

        def noted(text: str | None) -> None:
            if text is not None and text != result.note:
                self.session.apply(lambda store: store.save(result.model_copy(update={"note": text})))

        self.app.push_screen(PromptDialog(f"Note on {row.measure.code} {long_label(month)}", value=result.note), noted)

    def action_decision(self) -> None:
        if self.refuse_read_only():
            return

        def decided(text: str | None) -> None:
            if text:
                self.session.apply(lambda store: store.save(Decision(text=text)))

        self.app.push_screen(PromptDialog("Decision or escalation"), decided)

    # --- review mode ---------------------------------------------------------------------------------------

    def action_meeting(self) -> None:
        if self.board is None:
            return
        if self.exceptions_only:
            self.exceptions_only = False
            self._redraw()
        self.agenda = review_agenda(self.board)
        self.skipped = set()
        self.stop = 0
        self._show_stop()

    def _show_stop(self) -> None:
        entry = self.agenda[self.stop]
        if entry.row is not None:
            self.move_to(entry.row.measure.id, "actual")
        self._draw_detail()

    def _live_row(self, entry: AgendaEntry) -> MeasureRow | None:
        if entry.row is None or self.board is None:
            return None
        return self.board.row(entry.row.measure.id)

    def action_meeting_next(self) -> None:
        if self.stop < 0:
            return
        entry = self.agenda[self.stop]
        row = self._live_row(entry)
        if (
            entry.stage == Stage.REDS
            and row is not None
            and not red_is_handled(row)
            and row.measure.id not in self.skipped
        ):
            self.notify(
                f"{row.measure.code} is red: record root cause, countermeasure, owner and due (c), or skip it (s)",
                severity="warning",
            )
            return
        if self.stop + 1 >= len(self.agenda):
            self.stop = -1
            self.notify("Review done: every stop visited", timeout=4)
            self._draw_detail()
            return
        self.stop += 1
        self._show_stop()

    def action_meeting_back(self) -> None:
        if self.stop > 0:
            self.stop -= 1
            self._show_stop()

    def action_meeting_skip(self) -> None:
        if self.stop < 0:
            return
        entry = self.agenda[self.stop]
        if entry.stage == Stage.REDS and entry.row is not None:
            self.skipped.add(entry.row.measure.id)
            self.notify(f"{entry.row.measure.code} skipped: its red stays flagged (! in CM)", timeout=4)
        self.action_meeting_next()

    def _meeting_text(self) -> Text:
        entry = self.agenda[self.stop]
        row = self._live_row(entry)
        text = Text()
        text.append(f"Review mode · {STAGE_TITLES[entry.stage]} ({STAGE_MINUTES[entry.stage]} min)", style="bold")
        text.append(f" · stop {self.stop + 1} of {len(self.agenda)}\n", style="dim")
        if entry.stage == Stage.DECISIONS:
            text.append("Record what the room decided or escalates: d adds a decision. space ends the review.\n")
            return text
        if row is None:
            return text
        cell = row.current
        text.append(f"{row.label}", style="bold")
        text.append(f"  {row.owner}\n" if row.owner else "\n", style="dim")
        if entry.stage == Stage.LATE:
            text.append(f"Numbers not in: {', '.join(long_label(m) for m in row.late_months)}. ")
            text.append("enter types them now.\n")
        elif entry.stage == Stage.SCAN:
            plan = amount(cell.plan) if cell.plan is not None else "none"
            actual = amount(cell.actual) if cell.actual is not None else "none"
            text.append(f"{cell.glyph} {cell.status.value}: plan {plan}, actual {actual}. ", style=STYLES[cell.status])
            text.append("Acknowledge and move on.\n")
        elif entry.stage == Stage.REDS:
            plan = amount(cell.plan) if cell.plan is not None else "none"
            actual = amount(cell.actual) if cell.actual is not None else "none"
            text.append(f"■ red: plan {plan}, actual {actual}\n", style=STYLES[CellStatus.RED])
            handled = red_is_handled(row)
            cm = next((c for c in row.countermeasures if c.month == row.as_of), None)
            if cm is not None:
                owner = self.session.plan.person_name(cm.owner_id) or "no owner"
                text.append(f"Cause: {cm.root_cause or '?'}\nCountermeasure: {cm.action or '?'} · {owner} · ")
                text.append(f"due {cm.due.isoformat() if cm.due else '?'}\n")
            if not handled:
                flag = " (skipped: stays flagged)" if row.measure.id in self.skipped else ""
                text.append(f"c records cause, countermeasure, owner, due; s skips{flag}\n", style="italic")
        elif entry.stage == Stage.VERDICTS and entry.countermeasure is not None:
            cm = next((c for c in row.countermeasures if c.id == entry.countermeasure.id), entry.countermeasure)
            text.append(f"Countermeasure: {cm.action}\n")
            verdict = propose_verdict(cm, row)
            if cm.status not in (CountermeasureStatus.OPEN, CountermeasureStatus.DONE):
                text.append(f"Judged {cm.status.value.replace('_', ' ')}: {cm.verdict}\n")
            elif verdict is not None:
                text.append(f"Proposed: {verdict.status.value.replace('_', ' ')}, {verdict.reason}. v confirms.\n")
            else:
                text.append("Nothing reported since it was due: v judges it by hand.\n")
        text.append("space next · backspace back · escape leaves review mode", style="dim")
        return text

    # --- jumping here -------------------------------------------------------------------------------------

    def select_item(self, item_id: str) -> bool:
        if self.stale or self.board is None:
            self.show_plan(self.session.plan)
        plan = self.session.plan
        measure_id = item_id
        cm = next((c for c in plan.countermeasures if c.id == item_id), None)
        if cm is not None:
            measure_id = cm.measure_id
        if self.board is None or self.board.row(measure_id) is None:
            return False
        if self.exceptions_only and all(r.measure.id != measure_id for r in self.board.exceptions()):
            self.exceptions_only = False
            self._redraw()
        row = self.board.row(measure_id)
        late = row.late_months if row else []
        self.move_to(measure_id, "actual", cm.month if cm else (late[-1] if late else None))
        self.table.focus()
        return True
