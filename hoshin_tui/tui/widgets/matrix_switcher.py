"""The line above the X-matrix grid: the five grids, which one shows, and how many gaps each has."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from hoshin_tui.tui.widgets.matrix_model import GRIDS, ORPHAN


class MatrixSwitcher(Widget):
    """One line; names every grid in full when there is room, else only the current one."""

    DEFAULT_CSS = """
    MatrixSwitcher { height: 1; width: 1fr; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.current = GRIDS[0].key
        self.orphans: dict[str, int] = {}

    def show(self, current: str, orphans: dict[str, int]) -> None:
        if (current, orphans) != (self.current, self.orphans):
            self.current, self.orphans = current, dict(orphans)
            self.refresh()

    def _parts(self, full: bool) -> list[Content]:
        parts = []
        for kind in GRIDS:
            here = kind.key == self.current
            name = f"{kind.short}: {kind.title}" if full or here else kind.short
            gaps = self.orphans.get(kind.key, 0)
            text = f" {name} "
            if here:
                part = Content.from_markup("[reverse bold $primary]$text[/]", text=text)
            else:
                part = Content.from_markup("[$foreground]$text[/]", text=text)
            if gaps:
                part += Content.from_markup("[bold $text-warning]$gaps[/] ", gaps=f"{ORPHAN}{gaps}")
            parts.append(part)
        return parts

    def render(self) -> Content:
        width = self.size.width or 80
        hint = Content.from_markup("[$foreground-muted] tab ›[/]")
        for full in (True, False):
            line = Content("│").join(self._parts(full)) + hint
            if line.cell_length <= width or not full:
                return line
        return Content("")
