"""A table of plan items that redraws only the rows that changed.

Textual's DataTable re-renders every visible cell after any change (about 30 ms for a
screenful on a modest machine), which alone would break the one-frame budget of an edit.
Here each row is rendered once into strips and cached under its own content, width,
stripe and cursor state, so an edit that moves one item re-renders two rows and the
frame is mostly cache hits. Long cells wrap inside their column at spaces; a word too
long for its column, and a header too long for it, end in "…" rather than being cut
without a mark. The header stays put while the rows scroll.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Shape = list[tuple[str, int]]  # (header, width) per column; the first column is the item's code
Row = tuple[str, tuple[str, ...]]  # (item id, cell texts)


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, ending in "…" when cut: at a space if one is near."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


@lru_cache(maxsize=8192)
def wrap(text: str, width: int) -> tuple[str, ...]:
    """``text`` as the lines it takes in a column ``width`` wide (cached: most cells never change).

    Lines break at spaces and hyphens only; a word longer than the column is shortened with "…".
    """
    if len(text) <= width and "\n" not in text:
        return (text,)
    width = max(1, width)
    lines = textwrap.wrap(text, width, break_long_words=False) or [""]
    return tuple(shorten(line, width) for line in lines)


class ItemList(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    ItemList {
        height: 1fr;
        background: $surface;
        & > .item-list--header { text-style: bold; background: $panel; color: $foreground; }
        & > .item-list--even { background: $surface-lighten-1 50%; }
        & > .item-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .item-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-list--header",
        "item-list--even",
        "item-list--cursor",
    }
    BINDINGS: ClassVar = [
        Binding("up", "cursor(-1)", "Up", id="item_list.up", show=False),
        Binding("down", "cursor(1)", "Down", id="item_list.down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="item_list.page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="item_list.page_down", show=False),
        Binding("home", "first", "First", id="item_list.first", show=False),
        Binding("end", "last", "Last", id="item_list.last", show=False),
        Binding("enter", "select", "Edit", id="item_list.select"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False)

    @dataclass
    class Highlighted(Message):
        item_list: ItemList
        index: int

    @dataclass
    class Selected(Message):
        item_list: ItemList
        index: int

    @dataclass
    class Resized(Message):
        """The list got a new width: its owner may want other columns or wrap widths."""

        item_list: ItemList
        width: int

    def __init__(self, *, id: str | None = None, classes: str | None = None, selectable: bool = True) -> None:
        super().__init__(id=id, classes=classes)
        self.selectable = selectable  # False in a read-only window: enter would open a form it refuses
        self.shape: Shape = []
        self.ids: list[str] = []
        self._cells: list[tuple[str, ...]] = []
        self._wrapped: list[list[tuple[str, ...]]] = []  # per row, per column: its lines
        self._width = self._visible = 0  # drawing widths, taken once per frame in render_lines
        self._scroll = self.scroll_offset
        self._starts: list[int] = []  # first line of each row
        self._lines: list[tuple[int, int]] = []  # (row, line within row) for every content line
        self._spacing = 0
        self._cache: dict[int, tuple[tuple[object, ...], list[Strip]]] = {}
        self._styles: dict[str, Style] | None = None
        # Set by the owner: called as the cursor moves, in the same handler, so what the owner
        # shows of the highlighted row (a detail line) lands in the same frame as the cursor.
        # ``Highlighted`` is still posted, for owners that can wait a frame.
        self.follow: Callable[[ItemList], None] | None = None

    # --- data ----------------------------------------------------------------------------------

    @property
    def current_id(self) -> str | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    @property
    def row_count(self) -> int:
        return len(self.ids)

    @property
    def cells(self) -> list[tuple[str, ...]]:
        """The text of every row, as shown (before wrapping)."""
        return list(self._cells)

    def show_rows(self, shape: Shape, rows: list[Row], spacing: int = 0) -> None:
        """Show ``rows`` under ``shape``, keeping the cursor on the same item when it is still here."""
        selected, old_cursor = self.current_id, self.cursor
        cells = [row_cells for _, row_cells in rows]
        old_cells, old_lines = self._cells, self._lines
        if shape != self.shape or spacing != self._spacing:
            self._cache.clear()
        same_frame = shape == self.shape and spacing == self._spacing
        self.shape, self._spacing = shape, spacing
        widths = [width for _, width in shape]
        self._wrapped = [[wrap(text, width) for text, width in zip(row, widths, strict=True)] for row in cells]
        self._cells = cells
        self.ids = [item_id for item_id, _ in rows]
        self._starts, self._lines = [], []
        for index, wrapped in enumerate(self._wrapped):
            self._starts.append(len(self._lines))
            height = max((len(lines) for lines in wrapped), default=1) + spacing
            self._lines.extend((index, line) for line in range(height))
        width = sum(w + 2 for w in widths)
        self.virtual_size = Size(width, len(self._lines) + 1)  # + the header line
        if selected in self.ids:
            self._move_cursor(self.ids.index(selected), repaint=False)
        else:
            self._move_cursor(min(old_cursor, len(self.ids) - 1), repaint=False)
        if same_frame and len(self._lines) == len(old_lines) and len(cells) == len(old_cells):
            # Same number of rows and lines (an edit, a move): repaint from the first line that
            # changed to the last one, and the cursor rows; the rest of the list stays as drawn.
            changed = [i for i, (new, old) in enumerate(zip(cells, old_cells, strict=True)) if new != old]
            moved = [n for n, (new, old) in enumerate(zip(self._lines, old_lines, strict=True)) if new != old]
            if moved:
                self.refresh_lines(moved[0] + 1, moved[-1] - moved[0] + 1)  # +1: the header line
            for index in {*changed, old_cursor, self.cursor}:
                self._refresh_row(index)
        else:
            self.refresh()

    def select_id(self, item_id: str) -> bool:
        if item_id not in self.ids:
            return False
        self.set_cursor(self.ids.index(item_id))
        return True

    def set_cursor(self, index: int) -> None:
        self._move_cursor(index, repaint=True)

    def _move_cursor(self, index: int, *, repaint: bool) -> None:
        index = max(0, min(index, len(self.ids) - 1))
        before = self.cursor
        if index != before:
            self.cursor = index
            if self.follow is not None:
                self.follow(self)
            self.post_message(self.Highlighted(self, index))
        scrolled = self._scroll_to_cursor()
        if repaint and index != before and not scrolled:
            self._refresh_row(before)
            self._refresh_row(index)

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self._starts):
            end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
            self.refresh_lines(self._starts[index] + 1, end - self._starts[index])  # +1: the header line

    def _scroll_to_cursor(self) -> bool:
        """Bring the cursor row into view; True when that scrolled (and so repaints everything)."""
        if not self.ids or not self._starts:
            return False
        before = self.scroll_offset
        top = self._starts[self.cursor]
        bottom = self._starts[self.cursor + 1] if self.cursor + 1 < len(self._starts) else len(self._lines)
        # Content line n is drawn at y = n + 1 - scroll (below the header): keep lines top..bottom
        # and the one above them in view, so the header never covers the cursor row.
        self.scroll_to_region(Region(0, top, 1, bottom - top + 1), animate=False, force=True)
        return self.scroll_offset != before

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized(self, event.size.width))

    # --- keys and mouse -----------------------------------------------------------------------------

    def action_cursor(self, offset: int) -> None:
        self.set_cursor(self.cursor + offset)

    def action_page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height - 1)
        target_line = self._starts[self.cursor] + direction * rows if self._starts else 0
        target_line = max(0, min(target_line, len(self._lines) - 1))
        if self._lines:
            self.set_cursor(self._lines[target_line][0])

    def action_first(self) -> None:
        self.set_cursor(0)

    def action_last(self) -> None:
        self.set_cursor(len(self.ids) - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.selectable or action != "select"

    def action_select(self) -> None:
        if self.ids:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        line = event.y - 1 + self.scroll_offset.y
        if event.y >= 1 and 0 <= line < len(self._lines):
            self.focus()
            self.set_cursor(self._lines[line][0])
            if event.chain == 2:
                self.action_select()

    # --- drawing ----------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        self._styles = None
        self._cache.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        self._restyle()

    def on_blur(self) -> None:
        self._restyle()

    def _restyle(self) -> None:
        """The cursor row looks different with and without focus: forget the rendered rows."""
        self._styles = None
        self._cache.clear()
        self.refresh()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                "base": base,
                "header": base + self.get_component_rich_style("item-list--header"),
                "even": base + self.get_component_rich_style("item-list--even"),
                "cursor": base + self.get_component_rich_style("item-list--cursor"),
            }
        return self._styles[name]

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        state = "cursor" if index == self.cursor else ("even" if index % 2 else "base")
        key = (self._cells[index], width, state)
        cached = self._cache.get(index)
        if cached is not None and cached[0] == key:
            return cached[1]
        style = self._style(state)
        bold = style + Style(bold=True)
        wrapped = self._wrapped[index]
        height = max((len(lines) for lines in wrapped), default=1) + self._spacing
        strips = []
        for line in range(height):
            segments = []
            for column, ((_, column_width), lines) in enumerate(zip(self.shape, wrapped, strict=True)):
                text = lines[line] if line < len(lines) else ""
                segments.append(Segment(f" {text.ljust(column_width)[:column_width]} ", bold if column == 0 else style))
            strips.append(Strip(segments).extend_cell_length(width, style).crop(0, width))
        self._cache[index] = (key, strips)
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        self._visible = self.scrollable_content_region.width
        self._width = max(self._visible, self.virtual_size.width)
        self._scroll = self.scroll_offset
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, visible, (scroll_x, scroll_y) = self._width, self._visible, self._scroll
        if y == 0:
            header = [Segment(f" {shorten(title, w).ljust(w)} ", self._style("header")) for title, w in self.shape]
            strip = Strip(header).extend_cell_length(width, self._style("header"))
            return strip.crop(scroll_x, scroll_x + visible)
        line = scroll_y + y - 1
        if not 0 <= line < len(self._lines):
            return Strip.blank(visible, self._style("base"))
        row, offset = self._lines[line]
        strip = self._row_strips(row, width)[offset]
        return strip if scroll_x == 0 and width == visible else strip.crop(scroll_x, scroll_x + visible)
