"""The whole X-matrix on screen: every grid around the aim, as on paper, one Line API widget.

The layout (``matrix_x_layout``) says what each line holds; this widget styles it, scrolls it
and moves the cursor. Lines are cached as drawn without the cursor: a cursor move rebuilds
only the lines the cursor's row and column touch (its row, its column's codes and label) and
repaints the old and new column as narrow strips, so a key press costs about the same on the
large plan as on the demo. Like ``MatrixGrid`` it knows nothing of the store: it posts
``CellChosen`` and the step saves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hoshin_tui.tui.widgets.matrix_grid import GRID_BINDINGS
from hoshin_tui.tui.widgets.matrix_model import Grid
from hoshin_tui.tui.widgets.matrix_x_layout import GRID_ORDER, CellRef, CodeLabel, Line, Names, XLayout, plain_code

SEGMENTS_KEPT = 50_000
Cached = tuple[list[Segment], Line]  # a line as drawn without the cursor, and where its columns are


@dataclass
class _Source:
    """What a layout was built from: built again only when one of these changes."""

    shape: list[tuple[object, object]]
    codes: list[str]
    aim: str
    title: str
    view: tuple[int, int]
    projector: bool


class WholeX(ScrollView, can_focus=True):
    """The whole X with a crosshair cursor. Attributes down (``show``), messages up."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "whole-x--aim",
        "whole-x--axis",
        "whole-x--caption",
        "whole-x--code",
        "whole-x--cross",
        "whole-x--current",
        "whole-x--cursor",
        "whole-x--empty",
        "whole-x--label",
        "whole-x--mark",
        "whole-x--operational",
        "whole-x--orphan",
        "whole-x--rule",
        "whole-x--title",
    }

    DEFAULT_CSS = """
    WholeX {
        height: 1fr;
        width: 1fr;
        background: $surface;
        scrollbar-size: 1 1;
        & > .whole-x--aim { text-style: bold; color: $foreground; }
        & > .whole-x--axis { color: $text-muted; }
        & > .whole-x--caption { color: $text-muted; text-style: italic; }
        & > .whole-x--code { text-style: bold; }
        & > .whole-x--label { }
        & > .whole-x--title { text-style: bold; color: $text-primary; }
        & > .whole-x--rule { color: $foreground 30%; }
        & > .whole-x--operational { background: $foreground 5%; }
        & > .whole-x--cross { background: $primary 22%; }
        & > .whole-x--current { background: $primary 45%; text-style: bold; }
        & > .whole-x--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                               text-style: bold; }
        & > .whole-x--empty { color: $foreground 35%; }
        & > .whole-x--mark { color: $foreground; text-style: bold; }
        & > .whole-x--orphan { color: $text-warning; text-style: bold; }
    }
    WholeX:blur > .whole-x--cursor { background: $primary 60%; color: $foreground; }
    """

    # The corner grids' keys and ids: a key remapped there is remapped here too.
    BINDINGS: ClassVar = GRID_BINDINGS

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another cell (or the X was redrawn under it): ``ref`` in its grid."""

        ref: CellRef | None
        grid: Grid | None
        row: int  # in ``grid``
        col: int

    @dataclass
    class CellChosen(Message):
        """The user asked for ``value`` (None: empty) in the cell ``ref``."""

        ref: CellRef
        value: StrEnum | None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.layout_: XLayout | None = None
        self.step: object | None = None  # the step showing it: the key help (F1) lists its keys there
        self.read_only = False
        self.projector = False
        self.code_label: CodeLabel = plain_code  # the hook for a mark beside each code
        self.row = 0
        self.col = 0
        self._source: _Source | None = None
        self._grids: dict[str, Grid] = {}
        self._aim = ""
        self._title = ""
        self._lines: dict[int, Cached] = {}
        self._cursor_lines: set[int] = set()
        self._styles: dict[Names, Style] = {}
        self._segments: dict[tuple[str, Names], Segment] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action in ("cycle", "clear"))

    # --- attributes down ------------------------------------------------------------------------

    def show(self, grids: dict[str, Grid], *, aim: str, title: str, at: CellRef | None = None) -> None:
        """Draw ``grids`` with the cursor on cell ``at`` if given, else on the same items as before.

        After a cell edit (same lists, same size) only the lines that changed repaint."""
        self._grids, self._aim, self._title = grids, aim, title
        source = self._source_of(grids)
        layout = self.layout_
        if layout is not None and source == self._source and at is None:
            for y in layout.with_grids(grids):
                self._lines.pop(y, None)
                self._refresh_line(y)
            self._cursor_lines = self._lines_of_cursor(layout)
            self._announce()
            return
        self._rebuild(source, at)

    def set_projector(self, projector: bool) -> None:
        if projector != self.projector:
            self.projector = projector
            if self._grids:
                self._rebuild(self._source_of(self._grids), self.current)

    def _source_of(self, grids: dict[str, Grid]) -> _Source:
        lists = (grids["sw"].rows, grids["sw"].cols, grids["ne"].rows, grids["ne"].cols, grids["people"].cols)
        axes = [axis for axis_list in lists for axis in axis_list]  # every item once
        return _Source(
            [(grid.rows, grid.cols) for grid in grids.values()],
            [self.code_label(axis) for axis in axes],
            self._aim,
            self._title,
            (self.size.width or 80, self.size.height or 24),
            self.projector,
        )

    def _rebuild(self, source: _Source, at: CellRef | None) -> None:
        at = at or self.current
        width, height = source.view
        width -= self.styles.scrollbar_size_vertical  # kept free: a scrollbar must not push the X sideways
        layout = self._layout((width, height))
        if layout.width > width:  # it scrolls sideways anyway: the horizontal scrollbar takes a line
            layout = self._layout((width, height - self.styles.scrollbar_size_horizontal))
        self.layout_, self._source = layout, source
        found = layout.find(at) if at is not None else None
        self.row, self.col = found or layout.start()
        self._lines.clear()
        self._cursor_lines = self._lines_of_cursor(layout)
        self.virtual_size = Size(layout.width, layout.height)
        self.refresh()
        self._scroll_to_cursor()
        self._announce()

    def _lines_of_cursor(self, layout: XLayout) -> set[int]:
        """The lines the cursor changes; none while the X has no cell at all (an empty plan)."""
        return layout.cursor_lines(self.row, self.col) if layout.cell(self.row, self.col) is not None else set()

    def _layout(self, view: tuple[int, int]) -> XLayout:
        return XLayout(
            self._grids,
            aim=self._aim,
            title=self._title,
            view=view,
            projector=self.projector,
            code_label=self.code_label,
        )

    @property
    def current(self) -> CellRef | None:
        """The grid cell under the cursor."""
        return self.layout_.cell(self.row, self.col) if self.layout_ is not None else None

    def move_to_grid(self, key: str, at: CellRef | None = None) -> None:
        """Put the cursor on ``at`` (a cell of grid ``key``), else on that grid's first cell."""
        layout = self.layout_
        if layout is None:
            return
        found = (layout.find(at) if at is not None else None) or layout.first_cell(key)
        if found is not None:
            self.move_to(*found)

    def move_to_item(self, item_id: str) -> bool:
        """Put the cursor on the first cell in the row (else the column) of ``item_id``."""
        layout = self.layout_
        if layout is None:
            return False
        if item_id in (layout.rows[self.row].axis.id, layout.cols[self.col].axis.id):
            self._announce()  # already there (an undo names the item it changed): the cursor stays
            return True
        rows, cols = range(len(layout.rows)), range(len(layout.cols))
        cells = [(r, c) for r in rows if layout.rows[r].axis.id == item_id for c in cols]
        cells += [(r, c) for c in cols if layout.cols[c].axis.id == item_id for r in rows]
        found = next(((r, c) for r, c in cells if layout.cell(r, c) is not None), None)
        if found is not None:
            self.move_to(*found, announce=True)
        return found is not None

    def _announce(self) -> None:
        ref = self.current
        if ref is None or self.layout_ is None:
            self.post_message(self.CursorMoved(None, None, 0, 0))
            return
        row, col = self.layout_.grid_position(ref)
        self.post_message(self.CursorMoved(ref, self._grids[ref.key], row, col))

    # --- geometry -------------------------------------------------------------------------------

    @property
    def view_size(self) -> Size:
        return self.scrollable_content_region.size

    def on_resize(self) -> None:
        if self._grids:
            self._rebuild(self._source_of(self._grids), self.current)

    def _scroll_to_cursor(self) -> bool:
        """Scroll the least that brings the cursor cell (and the line before and after it) into view."""
        layout = self.layout_
        if layout is None or not layout.rows or not layout.cols:
            return False
        view = self.view_size
        x, y = round(self.scroll_x), round(self.scroll_y)
        left, top = layout.col_x(self.col), layout.row_y(self.row)
        right = left + layout.cell_w
        if left < x:
            x = left
        elif right > x + view.width:
            x = right - view.width
        if top - 1 < y:
            y = max(0, top - 1)
        elif top + 2 > y + view.height:
            y = top + 2 - view.height
        if (x, y) != (round(self.scroll_x), round(self.scroll_y)):
            self.scroll_to(x, y, animate=False, immediate=True)
            return True
        return False

    # --- moving ---------------------------------------------------------------------------------

    def move_to(self, row: int, col: int, *, announce: bool = False) -> None:
        layout = self.layout_
        if layout is None or layout.cell(row, col) is None:
            return
        if (row, col) == (self.row, self.col):
            if announce:
                self._announce()
            return
        old_lines, old_col = self._cursor_lines, self.col
        self.row, self.col = row, col
        self._cursor_lines = self._lines_of_cursor(layout)
        if not self._scroll_to_cursor():  # a scroll repaints everything anyway
            for y in old_lines | self._cursor_lines:
                self._refresh_line(y)
            if col != old_col:
                self._refresh_col(old_col)
                self._refresh_col(col)
        self._announce()

    def _refresh_line(self, y: int) -> None:
        top = y - round(self.scroll_y)
        if 0 <= top < self.size.height:
            self.refresh(Region(0, top, self.size.width, 1))

    def _refresh_col(self, col: int) -> None:
        layout = self.layout_
        if layout is None:
            return
        left = layout.col_x(col) - round(self.scroll_x)
        if left + layout.cell_w > 0 and left < self.size.width:
            self.refresh(Region(max(0, left), 0, layout.cell_w, self.size.height))

    def action_move(self, rows: int, cols: int) -> None:
        if self.layout_ is not None:
            self.move_to(*self.layout_.step(self.row, self.col, rows, cols))

    def action_page(self, direction: int) -> None:
        if self.layout_ is not None:
            page = max(1, self.view_size.height - 3)
            self.move_to(*self.layout_.step(self.row, self.col, direction, 0, count=page))

    def action_edge(self, where: str) -> None:
        if self.layout_ is not None:
            self.move_to(*self.layout_.edge(self.row, self.col, where))

    def next_grid(self, offset: int) -> str | None:
        """The key of the grid ``offset`` places on from the cursor's (tab and shift+tab)."""
        ref = self.current
        if ref is None:
            return None
        return GRID_ORDER[(GRID_ORDER.index(ref.key) + offset) % len(GRID_ORDER)]

    def action_cycle(self) -> None:
        ref, layout = self.current, self.layout_
        if ref is None or layout is None:
            return
        self.post_message(self.CellChosen(ref, self._grids[ref.key].next_value(*layout.grid_position(ref))))

    def action_clear(self) -> None:
        ref = self.current
        if ref is None or self.layout_ is None or self.layout_.value(ref) is None:
            return
        self.post_message(self.CellChosen(ref, None))

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the cell under the mouse (the keyboard stays the main way)."""
        layout = self.layout_
        if layout is None:
            return
        row = layout.row_at(event.y + round(self.scroll_y))
        col = layout.col_at(event.x + round(self.scroll_x))
        if row is not None and col is not None:
            self.move_to(row, col)

    # --- drawing --------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._segments.clear()
        self._lines.clear()

    def _style(self, names: Names) -> Style:
        """Component classes layered in order (later ones win), translucent colours blended; cached."""
        style = self._styles.get(names)
        if style is None:
            base = self.rich_style
            background = Color.from_rich_color(base.bgcolor)
            foreground = Color.from_rich_color(base.color)
            text_style = Style()
            for name in names:
                component = self.get_component_styles(f"whole-x--{name}")
                if component.has_rule("background"):
                    background = background + component.background
                if component.has_rule("color"):
                    foreground = component.color
                text_style += component.text_style
            style = Style(color=(background + foreground).rich_color, bgcolor=background.rich_color) + text_style
            self._styles[names] = style
        return style

    def _segment(self, span: tuple[str, Names]) -> Segment:
        """A span as a styled segment; the few distinct ones (a symbol in a look) are made once."""
        segment = self._segments.get(span)
        if segment is None:
            if len(self._segments) > SEGMENTS_KEPT:  # labels come and go with edits: keep the cache bounded
                self._segments.clear()
            segment = self._segments[span] = Segment(span[0], self._style(span[1]))
        return segment

    def _cached(self, y: int) -> Cached:
        cached = self._lines.get(y)
        if cached is None:
            assert self.layout_ is not None
            line = self.layout_.line(y)
            cached = self._lines[y] = ([self._segment(span) for span in line.spans], line)
        return cached

    def _crossed(self, line: Line, col: int) -> Segment:
        """The look of column ``col``'s cell (or code) on ``line`` while the cursor's column is there."""
        text, names = line.spans[line.cols[col]]
        return self._segment((text, (*names, "current") if "code" in names else ("cross", names[-1])))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        layout = self.layout_
        virtual = y + round(self.scroll_y)
        if layout is None or virtual >= layout.height:
            return Strip.blank(width, self._style(()))
        if virtual in self._cursor_lines:
            spans = layout.line(virtual, (self.row, self.col)).spans
            segments = [self._segment(span) for span in spans]
        else:
            segments, line = self._cached(virtual)
            index = line.cols.get(self.col)
            if index is not None:
                segments = [*segments[:index], self._crossed(line, self.col), *segments[index + 1 :]]
        x = round(self.scroll_x)
        strip = Strip(segments, layout.width).crop(x, x + width)
        return strip.extend_cell_length(width, self._style(())) if strip.cell_length < width else strip
