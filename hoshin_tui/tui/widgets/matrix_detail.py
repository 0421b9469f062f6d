"""The two lines over the X-matrix grid: the cursor's row and column in full, and any gap.

A widget of fixed height that only repaints itself: updating a ``Static`` asks the screen for
a new layout, which on every arrow key would cost more than drawing the grid.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from hoshin_tui.tui.widgets.matrix_model import ORPHAN


class MatrixDetail(Widget):
    DEFAULT_CSS = """
    MatrixDetail {
        height: 2; width: 1fr; padding: 0 1; background: $boost; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""

    def show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh()

    def render(self) -> Content:
        lines = []
        for line in self.text.split("\n"):
            head, mark, gap = line.partition(f"   {ORPHAN} ")
            content = Content(head)
            if mark:  # the gap reads in the warning colour, like the marks in the grid
                content += Content.from_markup("   [bold $text-warning]$gap[/]", gap=f"{ORPHAN} {gap}")
            lines.append(content)
        return Content("\n").join(lines)
