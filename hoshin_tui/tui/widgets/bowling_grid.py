"""The bowling chart's grid: fixed columns on the left, months that scroll, a cell cursor.

Not a DataTable: it redraws every visible line whenever any cell changes (its render cache is
keyed by an update count), which costs a large plan a tenth of a second per typed actual. Here
each row's line is cached by its cells and cursor, so a change redraws the rows it touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import is_
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(map(is_, a, b))


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int


class BowlingGrid(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    BowlingGrid { background: $surface; }
    BowlingGrid > .bowling-grid--header { text-style: bold; background: $panel; }
    BowlingGrid > .bowling-grid--cursor { background: $accent 60%; }
    BowlingGrid > .bowling-grid--fixed { background: $panel 40%; }
    """
    COMPONENT_CLASSES: ClassVar = {"bowling-grid--header", "bowling-grid--cursor", "bowling-grid--fixed"}
    BINDINGS: ClassVar = [
        Binding("up", "move(-1, 0)", "Up", show=False, id="bowling.up"),
        Binding("down", "move(1, 0)", "Down", show=False, id="bowling.down"),
        Binding("left", "move(0, -1)", "Month before", show=False, id="bowling.left"),
        Binding("right", "move(0, 1)", "Month after", show=False, id="bowling.right"),
        Binding("pageup", "move(-10, 0)", "Page up", show=False, id="bowling.page_up"),
        Binding("pagedown", "move(10, 0)", "Page down", show=False, id="bowling.page_down"),
        Binding("home", "edge(-1)", "First month", show=False, id="bowling.home"),
        Binding("end", "edge(1)", "Last column", show=False, id="bowling.end"),
        Binding("enter", "select", "Enter value", show=False, id="bowling.select"),
    ]

    @dataclass
    class CellHighlighted(Message):
        grid: BowlingGrid
        row_key: str
        col_key: str

    @dataclass
    class CellSelected(Message):
        grid: BowlingGrid
        row_key: str
        col_key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.row_keys: list[str] = []
        self.cells: dict[str, list[Text]] = {}
        self.fixed = 0
        self.cursor_row = 0
        self.cursor_col = 0
        self._cache: dict[str, tuple[tuple[object, ...], Strip]] = {}
        self._styles: dict[str, Style] | None = None

    # --- data --------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.row_keys)

    def set_data(self, columns: list[Column], rows: list[tuple[str, list[Text]]], fixed: int) -> None:
        self.columns, self.fixed = columns, fixed
        self.row_keys = [key for key, _ in rows]
        self.cells = dict(rows)
        self._cache.clear()
        self.cursor_row = min(self.cursor_row, max(0, len(rows) - 1))
        self.cursor_col = min(self.cursor_col, max(0, len(columns) - 1))
        self.virtual_size = Size(sum(c.width for c in columns), len(rows) + 1)
        self.refresh()

    def update_cell(self, row_key: str, col_key: str, text: Text) -> None:
        index = next(i for i, c in enumerate(self.columns) if c.key == col_key)
        self.cells[row_key][index] = text
        self._refresh_row(row_key)

    def set_label(self, col_key: str, label: str) -> None:
        self.columns = [Column(c.key, label, c.width) if c.key == col_key else c for c in self.columns]
        self.refresh_line(0)

    def _refresh_row(self, row_key: str) -> None:
        line = self.row_keys.index(row_key) - int(self.scroll_offset.y) + 1
        if 1 <= line < self.size.height:
            self.refresh_line(line)

    # --- the cursor ----------------------------------------------------------------------------------

    @property
    def cursor_keys(self) -> tuple[str, str] | None:
        if not self.row_keys or not self.columns:
            return None
        return self.row_keys[self.cursor_row], self.columns[self.cursor_col].key

    def move_cursor(self, row_key: str, col_key: str) -> None:
        if row_key not in self.cells:
            return
        cols = [c.key for c in self.columns]
        self._put(self.row_keys.index(row_key), cols.index(col_key) if col_key in cols else self.cursor_col)

    def _put(self, row: int, col: int) -> None:
        row = max(0, min(row, len(self.row_keys) - 1))
        col = max(0, min(col, len(self.columns) - 1))
        if not self.row_keys:
            return
        before = self.row_keys[self.cursor_row] if self.cursor_row < len(self.row_keys) else None
        moved = (row, col) != (self.cursor_row, self.cursor_col)
        self.cursor_row, self.cursor_col = row, col
        if before is not None and before in self.cells:
            self._refresh_row(before)
        self._refresh_row(self.row_keys[row])
        self._scroll_to_cursor()
        if moved or before is None:
            self.post_message(self.CellHighlighted(self, self.row_keys[row], self.columns[col].key))

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.size.height - 1)
        y = self.scroll_offset.y
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + height:
            y = self.cursor_row - height + 1
        x = self.scroll_offset.x
        if self.cursor_col >= self.fixed:
            fixed_w = sum(c.width for c in self.columns[: self.fixed])
            start = sum(c.width for c in self.columns[self.fixed : self.cursor_col])
            width = self.columns[self.cursor_col].width
            room = max(1, self.size.width - fixed_w)
            if start < x:
                x = start
            elif start + width > x + room:
                edges = [
                    sum(c.width for c in self.columns[self.fixed : i]) for i in range(self.fixed, self.cursor_col + 1)
                ]
                x = next((edge for edge in edges if edge >= start + width - room), start)  # a whole column at the left
        if (x, y) != (self.scroll_offset.x, self.scroll_offset.y):
            self.scroll_to(x, y, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._scroll_to_cursor()  # the cursor may have been placed before the grid had a size

    def action_move(self, rows: int, cols: int) -> None:
        self._put(self.cursor_row + rows, self.cursor_col + cols)

    def action_edge(self, direction: int) -> None:
        self._put(self.cursor_row, self.fixed if direction < 0 else len(self.columns) - 1)

    def action_select(self) -> None:
        keys = self.cursor_keys
        if keys is not None:
            self.post_message(self.CellSelected(self, *keys))

    # --- drawing ---------------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                "base": base,
                "header": base + self.get_component_rich_style("bowling-grid--header"),
                "cursor": base + self.get_component_rich_style("bowling-grid--cursor"),
                "fixed": base + self.get_component_rich_style("bowling-grid--fixed"),
            }
        return self._styles[name]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    def _segments(self, text: Text, width: int, base: Style) -> list[Segment]:
        cell = text.copy()
        cell.truncate(width - 1, overflow="ellipsis", pad=True)
        cell.append(" ")
        if text.style:  # Text.render leaves out the text's own style: only __rich_console__ applies it
            base = base + self.app.console.get_style(text.style)
        return list(Segment.apply_style(cell.render(self.app.console), base))

    def _row_strip(self, key: str) -> Strip:
        index = self.row_keys.index(key)
        cursor = self.cursor_col if index == self.cursor_row else -1
        cells = self.cells[key]
        signature = (cursor, tuple(c.width for c in self.columns), *cells)
        cached = self._cache.get(key)
        if cached is not None and cached[0][:2] == signature[:2] and _same(cached[0][2:], signature[2:]):
            return cached[1]
        segments: list[Segment] = []
        for number, (column, text) in enumerate(zip(self.columns, cells, strict=True)):
            base = self._style("cursor" if number == cursor else "fixed" if number < self.fixed else "base")
            segments += self._segments(text, column.width, base)
        strip = Strip(segments)
        self._cache[key] = (signature, strip)
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = int(self.scroll_offset.x), int(self.scroll_offset.y)
        if y == 0:
            header = self._style("header")
            segments: list[Segment] = []
            for column in self.columns:
                segments += self._segments(Text(column.label), column.width, header)
            strip = Strip(segments)
        else:
            line = scroll_y + y - 1
            if not 0 <= line < len(self.row_keys):
                return Strip.blank(width, self._style("base"))
            strip = self._row_strip(self.row_keys[line])
        fixed_w = sum(c.width for c in self.columns[: self.fixed])
        left = strip.crop(0, fixed_w)
        right = strip.crop(fixed_w + scroll_x, fixed_w + scroll_x + max(0, width - fixed_w))
        return Strip.join([left, right]).extend_cell_length(width, self._style("base")).crop(0, width)
