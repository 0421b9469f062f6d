"""One X-matrix grid as a single Line API widget: frozen codes on top, frozen labels on the left.

Drawing line by line keeps a key press cheap on a 100 x 40 grid: moving the cursor repaints
only the lines whose look changed (the old and new row, the header, and every visible row
only when the highlighted column moved). The widget knows nothing of the store: it posts
``CellChosen`` with the value one press gives, and the step saves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hoshin_tui.model.enums import SYMBOLS
from hoshin_tui.tui.widgets.matrix_model import EMPTY, ORPHAN, Axis, Grid

HEADER_LINES = 2  # column codes, then the orphan markers under them
SEPARATOR = "│"


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, padded to exactly ``width``."""
    if width <= 0:
        return ""
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text.ljust(width)


# The keys of a grid of marks, with ids a user's keymap can remap; the whole X uses the very same.
GRID_BINDINGS: list[BindingType] = [
    Binding("space,enter", "cycle", "Mark ●○△", id="matrix.cycle", key_display="space"),
    Binding("delete,backspace", "clear", "Clear", id="matrix.clear", key_display="del"),
    Binding("up", "move(-1, 0)", "Up", show=False, id="matrix.up"),
    Binding("down", "move(1, 0)", "Down", show=False, id="matrix.down"),
    Binding("left", "move(0, -1)", "Left", show=False, id="matrix.left"),
    Binding("right", "move(0, 1)", "Right", show=False, id="matrix.right"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="matrix.page_up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="matrix.page_down"),
    Binding("home", "edge('first')", "First column", show=False, id="matrix.home"),
    Binding("end", "edge('last')", "Last column", show=False, id="matrix.end"),
    Binding("ctrl+home", "edge('top')", "First row", show=False, id="matrix.top"),
    Binding("ctrl+end", "edge('bottom')", "Last row", show=False, id="matrix.bottom"),
]


class MatrixGrid(ScrollView, can_focus=True):
    """A grid of symbols with a crosshair cursor. Attributes down (``show``), messages up."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "matrix-grid--axis",
        "matrix-grid--code",
        "matrix-grid--cross",
        "matrix-grid--current",
        "matrix-grid--cursor",
        "matrix-grid--empty",
        "matrix-grid--label",
        "matrix-grid--mark",
        "matrix-grid--orphan",
        "matrix-grid--stripe",
    }

    DEFAULT_CSS = """
    MatrixGrid {
        height: 1fr;
        width: 1fr;
        background: $surface;
        scrollbar-size: 1 1;
        & > .matrix-grid--axis { color: $text-muted; }
        & > .matrix-grid--code { text-style: bold; }
        & > .matrix-grid--label { }
        & > .matrix-grid--stripe { background: $foreground 4%; }
        & > .matrix-grid--cross { background: $primary 22%; }
        & > .matrix-grid--current { background: $primary 45%; text-style: bold; }
        & > .matrix-grid--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                                   text-style: bold; }
        & > .matrix-grid--empty { color: $foreground 35%; }
        & > .matrix-grid--mark { color: $foreground; text-style: bold; }
        & > .matrix-grid--orphan { color: $text-warning; text-style: bold; }
    }
    MatrixGrid:blur > .matrix-grid--cursor { background: $primary 60%; color: $foreground; }
    """

    BINDINGS: ClassVar = GRID_BINDINGS

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another cell (or the grid was redrawn under it)."""

        grid: Grid
        row: int
        col: int

    @dataclass
    class CellChosen(Message):
        """The user asked for ``value`` (None: empty) in the cell at (``row_id``, ``col_id``)."""

        grid: Grid
        row_id: str
        col_id: str
        value: StrEnum | None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.grid: Grid | None = None
        self.step: object | None = None  # the step showing it: the key help (F1) lists its keys under that step
        self.row = 0
        self.col = 0
        self.wide = False  # projector mode: roomier cells
        self.read_only = False  # a read-only window: the marking keys are hidden, not refused
        self.cell_width = 3
        self.row_height = 1  # 2 in projector mode when every row fits
        self.label_width = 20
        self._styles: dict[tuple[str, ...], Style] = {}
        self._row_code_width = 2
        self._code_text: list[str] = []
        self._symbol_at: list[int] = []
        self._rows: dict[int, tuple[list[Segment], list[Segment], tuple[Segment, Segment]]] = {}  # row -> drawn

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action in ("cycle", "clear"))

    # --- attributes down ------------------------------------------------------------------------

    def show(self, grid: Grid, *, row_id: str | None = None, col_id: str | None = None) -> None:
        """Draw ``grid`` with the cursor on (``row_id``, ``col_id``) if given, else on the same items as before.

        When only marks changed (the usual edit) just the rows holding them and the header repaint.
        """
        old = self.grid
        self.grid = grid
        if row_id is None and old is not None and old.rows and self.row < len(old.rows):
            row_id = old.rows[self.row].id
        if col_id is None and old is not None and old.cols and self.col < len(old.cols):
            col_id = old.cols[self.col].id
        row = grid.row_index.get(row_id, self.row) if row_id is not None else self.row
        col = next((i for i, c in enumerate(grid.cols) if c.id == col_id), self.col)
        row = max(0, min(row, len(grid.rows) - 1))
        col = max(0, min(col, len(grid.cols) - 1))
        same_shape = (
            old is not None
            and old.kind is grid.kind
            and (row, col) == (self.row, self.col)
            and old.rows == grid.rows
            and old.cols == grid.cols
        )
        self.row, self.col = row, col
        if same_shape:
            assert old is not None
            if old.cells is not grid.cells:
                changed = {grid.row_index.get(r, 0) for (r, _), _ in old.cells.items() ^ grid.cells.items()}
                for row in changed:
                    self._rows.pop(row, None)
                self._refresh_rows(*changed)
                self.refresh(Region(0, 0, self.size.width, HEADER_LINES))  # column orphan markers
        else:
            self._layout()
            self.refresh()
            self._scroll_to_cursor()
        self.post_message(self.CursorMoved(grid, self.row, self.col))

    def set_wide(self, wide: bool) -> None:
        if wide != self.wide:
            self.wide = wide
            self._layout()
            self.refresh()

    @property
    def row_id(self) -> str | None:
        return self.grid.rows[self.row].id if self.grid and self.grid.rows else None

    @property
    def col_id(self) -> str | None:
        return self.grid.cols[self.col].id if self.grid and self.grid.cols else None

    # --- geometry -------------------------------------------------------------------------------

    @property
    def view_size(self) -> Size:
        """What is visible: the content area without scrollbars."""
        return self.scrollable_content_region.size

    def _layout(self) -> None:
        grid = self.grid
        if grid is None:
            return
        code_width = max((len(c.code) for c in grid.cols), default=2)
        self.cell_width = max(3, code_width + (3 if self.wide else 1))
        row_code = max((len(_row_code(r)) for r in grid.rows), default=2)
        self._row_code_width = row_code
        width_ = self.cell_width
        self._code_text = [(" " * ((width_ - len(c.code) + 1) // 2) + c.code).ljust(width_) for c in grid.cols]
        self._symbol_at = [(width_ - len(c.code) + 1) // 2 + len(c.code) // 2 for c in grid.cols]
        longest = max((len(r.label) for r in grid.rows), default=10)
        needed = 2 + row_code + 1 + longest + 1 + len(SEPARATOR)
        width = self.view_size.width or 80
        cells = len(grid.cols) * self.cell_width
        budget = max(int(width * (0.5 if self.wide else 0.45)), 24)
        self.label_width = max(min(needed, max(budget, width - cells)), row_code + 8)
        data_width = width - self.label_width
        if cells > data_width:  # room to scroll to the last column with whole cells at the left edge
            cells += (data_width - cells) % self.cell_width
        # Projector mode spaces the rows out when they all fit: easier to follow a row across the room.
        fits = HEADER_LINES + 2 * len(grid.rows) <= (self.view_size.height or 24)
        self.row_height = 2 if self.wide and fits else 1
        self.virtual_size = Size(self.label_width + cells, HEADER_LINES + self.row_height * len(grid.rows))
        self._rows.clear()

    def on_resize(self) -> None:
        self._layout()
        self.refresh()
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        """Scroll the least that brings the cursor cell into the area not covered by the frozen parts."""
        if self.grid is None or not self.grid.rows or not self.grid.cols:
            return
        view = self.view_size
        data_width = max(1, view.width - self.label_width)
        data_height = max(1, view.height - HEADER_LINES)
        x, y = round(self.scroll_x), round(self.scroll_y)
        left = self.col * self.cell_width
        if left < x:
            x = left
        elif left + self.cell_width > x + data_width:
            x = -(-(left + self.cell_width - data_width) // self.cell_width) * self.cell_width  # whole cells
        if self.row < y:
            y = self.row
        elif self.row >= y + data_height:
            y = self.row - data_height + 1
        if (x, y) != (round(self.scroll_x), round(self.scroll_y)):
            self.scroll_to(x, y, animate=False, immediate=True)

    # --- moving ---------------------------------------------------------------------------------

    def move_to(self, row: int, col: int) -> None:
        grid = self.grid
        if grid is None or not grid.rows or not grid.cols:
            return
        row = max(0, min(row, len(grid.rows) - 1))
        col = max(0, min(col, len(grid.cols) - 1))
        if (row, col) == (self.row, self.col):
            return
        old_row, old_col = self.row, self.col
        self.row, self.col = row, col
        self._refresh_rows(old_row, row)
        if col != old_col:
            self._refresh_cols(old_col, col)  # the highlighted column runs through every line
        self._scroll_to_cursor()  # a scroll repaints everything anyway
        self.post_message(self.CursorMoved(grid, row, col))

    def _refresh_rows(self, *rows: int) -> None:
        width = self.size.width
        top = round(self.scroll_y)
        for row in rows:
            y = HEADER_LINES + row * self.row_height - top
            if HEADER_LINES <= y < self.size.height:
                self.refresh(Region(0, y, width, self.row_height))

    def _refresh_cols(self, *cols: int) -> None:
        x0 = round(self.scroll_x)
        for col in cols:
            x = self.label_width + col * self.cell_width - x0
            left, right = max(x, self.label_width), min(x + self.cell_width, self.size.width)
            if left < right:
                self.refresh(Region(left, 0, right - left, self.size.height))

    def action_move(self, rows: int, cols: int) -> None:
        self.move_to(self.row + rows, self.col + cols)

    def action_page(self, direction: int) -> None:
        page = max(1, (self.view_size.height - HEADER_LINES) // self.row_height - 1)
        self.move_to(self.row + direction * page, self.col)

    def action_edge(self, where: str) -> None:
        grid = self.grid
        if grid is None:
            return
        target = {
            "first": (self.row, 0),
            "last": (self.row, len(grid.cols) - 1),
            "top": (0, self.col),
            "bottom": (len(grid.rows) - 1, self.col),
        }[where]
        self.move_to(*target)

    def action_cycle(self) -> None:
        grid = self.grid
        if grid is None or not grid.rows or not grid.cols:
            return
        value = grid.next_value(self.row, self.col)
        self.post_message(self.CellChosen(grid, grid.rows[self.row].id, grid.cols[self.col].id, value))

    def action_clear(self) -> None:
        grid = self.grid
        if grid is None or not grid.rows or not grid.cols or grid.value(self.row, self.col) is None:
            return
        self.post_message(self.CellChosen(grid, grid.rows[self.row].id, grid.cols[self.col].id, None))

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the cell under the mouse (the keyboard stays the main way)."""
        grid = self.grid
        if grid is None:
            return
        x, y = event.x, event.y
        if x < self.label_width and y < HEADER_LINES:
            return
        col = (x - self.label_width + round(self.scroll_x)) // self.cell_width if x >= self.label_width else self.col
        row = (y - HEADER_LINES + round(self.scroll_y)) // self.row_height if y >= HEADER_LINES else self.row
        if 0 <= row < len(grid.rows) and 0 <= col < len(grid.cols):
            self.move_to(row, col)

    # --- drawing --------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._rows.clear()

    def _style(self, *names: str) -> Style:
        """Component classes layered in order (later ones win), with translucent colours blended.

        Cached; the cache empties when the theme changes.
        """
        style = self._styles.get(names)
        if style is None:
            base = self.rich_style
            background = Color.from_rich_color(base.bgcolor)
            foreground = Color.from_rich_color(base.color)
            text_style = Style()
            for name in names:
                component = self.get_component_styles(f"matrix-grid--{name}")
                if component.has_rule("background"):
                    background = background + component.background
                if component.has_rule("color"):
                    foreground = component.color
                text_style += component.text_style
            colour = background + foreground
            style = Style(color=colour.rich_color, bgcolor=background.rich_color) + text_style
            self._styles[names] = style
        return style

    def _window(self) -> tuple[int, int, int, int]:
        """The columns in view: first, last (exclusive), cells to skip in the first, and the width shown."""
        width = self.cell_width
        x = round(self.scroll_x)
        visible = max(0, self.view_size.width - self.label_width)
        first = x // width
        last = min(len(self.grid.cols) if self.grid else 0, -(-(x + visible) // width))
        return first, last, x - first * width, visible

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        grid = self.grid
        blank = self._style()
        if grid is None:
            return Strip.blank(width, blank)
        first, last, skip, visible = self._window()
        if y < HEADER_LINES:
            label, cells = self._header_line(grid, y, first, last)
        else:
            row, spacer = divmod(y - HEADER_LINES + round(self.scroll_y), self.row_height)
            if row >= len(grid.rows):
                return Strip.blank(width, blank)
            label, cells = self._row_line(grid, row, first, last)
            if spacer:  # the row's second line: its colours without its text
                label = [s if s.text == SEPARATOR else s._replace(text=" " * len(s.text)) for s in label]
                cells = [s._replace(text=" " * len(s.text)) for s in cells]
        segments = [*label, *_cut(cells, skip, visible)]
        used = sum(len(segment.text) for segment in segments)  # every glyph drawn here is one cell wide
        if used < width:
            segments.append(Segment(" " * (width - used), blank))
        return Strip(segments, max(width, used)).crop(0, width) if used > width else Strip(segments, width)

    def _header_line(self, grid: Grid, y: int, first: int, last: int) -> tuple[list[Segment], list[Segment]]:
        kind = grid.kind
        text_width = self.label_width - len(SEPARATOR)
        if y == 0:
            rows, _, cols = kind.title.partition(" × ")
            text = f"{rows} ↓  {cols.lower()} →"
        else:
            text = f"{kind.legend()}  {ORPHAN} no link"
        axis = self._style("axis")
        label = [Segment(_fit(text, text_width).rjust(text_width), axis), Segment(SEPARATOR, axis)]
        segments = []
        for index in range(first, last):
            orphan = grid.col_is_orphan(index)
            if y == 0:
                text = self._code_text[index]
                names = ["code", "orphan"] if orphan else ["code"]
            else:
                mark = grid.cols[index].mark  # the catchball state, where no orphan marker needs the place
                text = self._centred(ORPHAN if orphan else mark or " ", index)
                names = ["orphan"] if orphan or not mark else ["axis"]
            if index == self.col:
                names.append("current")
            segments.append(Segment(text, self._style(*names)))
        return label, segments

    def _centred(self, symbol: str, col: int) -> str:
        """``symbol`` padded to a cell, under the middle of the column's code (under the 1 of O1, O10)."""
        at = self._symbol_at[col]
        return " " * at + symbol + " " * (self.cell_width - at - 1)

    def _row_line(self, grid: Grid, row: int, first: int, last: int) -> tuple[list[Segment], list[Segment]]:
        """The label and the cells of one row: cached as drawn without the cursor, patched where it is."""
        here = row == self.row
        cached = self._rows.get(row)
        if cached is None:
            cached = self._rows[row] = self._draw_row(grid, row)
        label, cells, cross = cached
        if here:
            label, cells = self._draw_current(grid, row)
        cells = cells[first:last]
        if first <= self.col < last:
            value = grid.value(row, self.col)
            if here:
                cells[self.col - first] = Segment(self._centred(grid.symbol(row, self.col), self.col), self._cursor)
            else:
                cells[self.col - first] = cross[value is None]._replace(
                    text=self._centred(grid.symbol(row, self.col), self.col)
                )
        return label, cells

    def _label(self, grid: Grid, row: int, base: tuple[str, ...]) -> list[Segment]:
        axis = grid.rows[row]
        orphan = grid.row_is_orphan(row)
        code_width = self._row_code_width
        text_width = self.label_width - len(SEPARATOR)
        return [
            Segment(f"{ORPHAN} " if orphan else "  ", self._style(*base, "orphan")),
            Segment(
                _row_code(axis).ljust(code_width) + " ", self._style(*base, "code", *(("orphan",) if orphan else ()))
            ),
            Segment(_fit(axis.label, max(0, text_width - 2 - code_width - 1)), self._style(*base, "label")),
            Segment(SEPARATOR, self._style("axis")),
        ]

    def _cells(self, grid: Grid, row: int, base: tuple[str, ...]) -> list[Segment]:
        cells, row_id = grid.cells, grid.rows[row].id
        marked, empty = self._style(*base, "mark"), self._style(*base, "empty")
        segments = []
        for index, col in enumerate(grid.cols):
            value = cells.get((row_id, col.id))
            symbol = SYMBOLS[value] if value is not None else EMPTY
            segments.append(Segment(self._centred(symbol, index), empty if value is None else marked))
        return segments

    def _draw_row(self, grid: Grid, row: int) -> tuple[list[Segment], list[Segment], tuple[Segment, Segment]]:
        """A row away from the cursor, and the two looks of its cell in the highlighted column."""
        base = ("stripe",) if row % 2 else ()
        cross = (Segment("", self._style("cross", "mark")), Segment("", self._style("cross", "empty")))
        return self._label(grid, row, base), self._cells(grid, row, base), cross

    def _draw_current(self, grid: Grid, row: int) -> tuple[list[Segment], list[Segment]]:
        return self._label(grid, row, ("current",)), self._cells(grid, row, ("cross",))

    @property
    def _cursor(self) -> Style:
        return self._style("cursor")


def _cut(segments: list[Segment], skip: int, width: int) -> list[Segment]:
    """``segments`` without their first ``skip`` cells, cut to ``width`` cells (one cell per character)."""
    out = []
    for segment in segments:
        text = segment.text
        if skip:
            text, skip = text[skip:], max(0, skip - len(text))
        if len(text) > width:
            text = text[:width]
        if text:
            out.append(segment if text is segment.text else Segment(text, segment.style))
            width -= len(text)
        if width <= 0:
            break
    return out


def _row_code(axis: Axis) -> str:
    """A row's code with its catchball mark beside it: "O3 A"."""
    return f"{axis.code} {axis.mark}" if axis.mark else axis.code
