"""The boxes of an A3 on screen: a titled free-text box, and a titled table box (plan or follow-up).

Each box's title line carries its paper fill ("Background 120%: will shrink"), coloured by how
bad it is, so the facilitator sees before printing which box will shrink or run over. The
boxes never save: the A3 step reads their text and hears their row requests (messages up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static, TextArea

from hoshin_tui.model.a3_layout import Box
from hoshin_tui.model.plan import FollowUpRow, PlanRow

Fill = Literal["", "ok", "shrink", "overflow"]  # "" before the first report

# (field, header, least width, share of the width left over) of each table box
TABLE_COLUMNS: dict[str, tuple[tuple[str, str, int, float], ...]] = {
    "plan_rows": (
        ("who", "Who", 10, 0.2),
        ("what", "What", 16, 0.55),
        ("when", "When", 10, 0.15),
        ("status", "Status", 8, 0.1),
    ),
    "followup_rows": (("item", "Item", 16, 0.8), ("plan", "Plan", 7, 0.1), ("actual", "Actual", 7, 0.1)),
}
ROW_MODELS: dict[str, type[PlanRow] | type[FollowUpRow]] = {"plan_rows": PlanRow, "followup_rows": FollowUpRow}
FILL_STYLE = {"ok": "$foreground-muted", "shrink": "bold $text-warning", "overflow": "bold reverse $text-error"}


def column_widths(columns: tuple[tuple[str, str, int, float], ...], room: int) -> list[int]:
    """Each column gets its least width, and its share of what is left."""
    spare = max(0, room - sum(least for _, _, least, _ in columns))
    return [least + int(spare * share) for _, _, least, share in columns]


def title_line(heading: str, fill: Fill, message: str) -> Content:
    """``heading`` in bold, then the fill message in the colour of its severity."""
    if not fill or not message:
        return Content.from_markup("[bold]$heading[/]", heading=heading)
    mark = {"ok": "", "shrink": "▲ ", "overflow": "⚠ "}[fill]
    return Content.from_markup(
        f"[bold]$heading[/]  [{FILL_STYLE[fill]}] $mark$message [/]", heading=heading, mark=mark, message=message
    )


class A3Box(Vertical):
    """What both kinds of box share: the box definition and a title line with the fill."""

    def __init__(self, box: Box) -> None:
        super().__init__(classes=f"a3-box a3-box-{box.content}")
        self.box = box
        self.fill: Fill = ""
        self.fill_message = ""

    def title_widget(self) -> Static:
        return Static(title_line(self.box.heading, "", ""), classes="a3-box-title")

    def show_fill(self, fill: Fill, message: str) -> None:
        if (fill, message) == (self.fill, self.fill_message):
            return
        self.fill, self.fill_message = fill, message
        self.set_class(fill == "overflow", "-overflow")
        self.set_class(fill == "shrink", "-shrink")
        if self.is_mounted:
            self.query_one(".a3-box-title", Static).update(title_line(self.box.heading, fill, message))

    def on_mount(self) -> None:
        self.query_one(".a3-box-title", Static).update(title_line(self.box.heading, self.fill, self.fill_message))


class A3TextBox(A3Box):
    """A free-text box: a multi-line editor that moves on with tab."""

    def __init__(self, box: Box, body: str, *, read_only: bool = False) -> None:
        super().__init__(box)
        self.editor = TextArea(
            body,
            soft_wrap=True,
            tab_behavior="focus",
            read_only=read_only,
            placeholder=box.hint or f"{box.heading}: type here",
            classes="a3-text",
        )

    def compose(self) -> ComposeResult:
        yield self.title_widget()
        yield self.editor

    @property
    def text(self) -> str:
        return self.editor.text

    def show_text(self, body: str) -> None:
        """Take the stored text (after undo or redo); keeps the cursor when nothing changed."""
        if self.editor.text != body:
            self.editor.load_text(body)


class A3RowsTable(DataTable[Text]):
    """The rows of a table box. Keys ask the step to add, edit, delete or move a row."""

    DEFAULT_CSS = """
    A3RowsTable { height: auto; max-height: 100%; }
    """
    BINDINGS: ClassVar = [
        Binding("a,insert", "row('add')", "Add row", id="a3.row_add"),
        Binding("e", "row('edit')", "Edit row", id="a3.row_edit", key_display="enter"),
        Binding("delete", "row('delete')", "Delete row", id="a3.row_delete", key_display="del"),
        Binding("shift+up,ctrl+up", "move_row(-1)", "Row up", id="a3.row_up", key_display="shift+↑"),
        Binding("shift+down,ctrl+down", "move_row(1)", "Row down", id="a3.row_down", key_display="shift+↓"),
    ]

    @dataclass
    class Request(Message):
        """The room wants to change a row: ``action`` is add, edit, delete or move."""

        content: str  # "plan_rows" or "followup_rows": the A3 attribute
        action: str
        index: int | None  # the highlighted row; None when the table is empty
        offset: int = 0

    def __init__(self, content: str, *, read_only: bool = False) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, show_cursor=False, classes="a3-rows")
        self.content = content
        self.read_only = read_only  # a read-only window: the row keys are hidden, not refused

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action in ("row", "move_row"))

    def on_focus(self) -> None:
        self.show_cursor = True  # a highlighted row in a table nobody is in reads as "selected"

    def on_blur(self) -> None:
        self.show_cursor = False

    @property
    def row_index(self) -> int | None:
        return self.cursor_row if self.row_count and 0 <= self.cursor_row < self.row_count else None

    def action_row(self, action: str) -> None:
        index = self.row_index
        if action != "add" and index is None:
            if action == "edit":
                self.post_message(self.Request(self.content, "add", None))
            return
        self.post_message(self.Request(self.content, action, index))

    def action_move_row(self, offset: int) -> None:
        if self.row_index is not None:
            self.post_message(self.Request(self.content, "move", self.row_index, offset))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_row("edit")


class A3TableBox(A3Box):
    """The plan table (who / what / when / status) or the follow-up table (item / plan / actual)."""

    def __init__(self, box: Box, rows: list[PlanRow] | list[FollowUpRow], *, read_only: bool = False) -> None:
        super().__init__(box)
        self.table = A3RowsTable(box.content, read_only=read_only)
        self.rows = list(rows)
        self.empty = Static("No rows yet: a adds one", classes="a3-empty", markup=False)

    def compose(self) -> ComposeResult:
        yield self.title_widget()
        yield self.table
        yield self.empty

    def on_mount(self) -> None:
        super().on_mount()
        self._fill()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    def show_rows(self, rows: list[PlanRow] | list[FollowUpRow]) -> None:
        if list(rows) != self.rows:
            self.rows = list(rows)
            self._fill()

    def _fill(self) -> None:
        table = self.table
        row = table.cursor_row
        table.clear(columns=True)
        columns = TABLE_COLUMNS[self.box.content]
        for (name, header, _, _), width in zip(columns, column_widths(columns, self._width()), strict=True):
            table.add_column(header, width=width, key=name)
        for index, item in enumerate(self.rows):
            table.add_row(*(Text(getattr(item, name)) for name, *_ in columns), key=str(index), height=None)
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1), animate=False)
        self.empty.display = not self.rows

    def _width(self) -> int:
        """Room for the cells: the table's width less cell padding and a scrollbar."""
        width = self.table.size.width or self.size.width or 60
        return width - 2 * self.table.cell_padding * len(TABLE_COLUMNS[self.box.content]) - 2

    def select_row(self, index: int) -> None:
        if 0 <= index < self.table.row_count:
            self.table.move_cursor(row=index, animate=False)
