"""The visible agenda of the guided flow: every step, its number key, its count, and where we are."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from hoshin_tui.tui.steps.base import Step


class StepBar(Widget):
    """One line; drops counts, then titles of other steps, when the terminal is narrow."""

    DEFAULT_CSS = """
    StepBar { height: 1; width: 1fr; background: $panel; }
    """

    current: reactive[int] = reactive(0)
    counts: reactive[dict[str, int]] = reactive(dict)

    def __init__(self, steps: list[Step], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = steps

    def _parts(self, style: str) -> list[Content]:
        """Each step as text: "full" has counts, "titles" padding, "compact" neither, "numbers" no titles."""
        parts = []
        for index, step in enumerate(self.steps):
            count = self.counts.get(step.kinds[0]) if step.kinds else None
            here = index == self.current
            number = index + 1
            if style == "full":
                text = f" {number} {step.title}" + (f" {count}" if count is not None else "") + " "
            elif style == "titles" or here:
                text = f" {number} {step.title} "
            elif style == "compact":
                text = f"{number} {step.title}"
            else:
                text = f" {number} "
            markup = "[reverse bold $primary]$text[/]" if here else "[$foreground]$text[/]"
            parts.append(Content.from_markup(markup, text=text))
        return parts

    def render(self) -> Content:
        width = self.size.width or 80
        for style in ("full", "titles", "compact"):
            line = Content("›" if style != "compact" else " ").join(self._parts(style))
            if line.cell_length <= width:
                return line
        return self._window(self._parts("numbers"), width)

    def _window(self, parts: list[Content], width: int) -> Content:
        """As many steps as fit, scrolled so the current one shows, with ‹ › where some are cut."""
        first, last = self.current, self.current + 1
        used = parts[self.current].cell_length if parts else 0
        while True:  # grow the window on both sides while it fits
            grown = False
            for side in (last, first - 1):
                if 0 <= side < len(parts) and used + parts[side].cell_length + 1 <= width - 2:
                    used += parts[side].cell_length + 1
                    first, last = (first, last + 1) if side == last else (first - 1, last)
                    grown = True
            if not grown:
                break
        line = Content("›").join(parts[first:last])
        return Content("‹" if first > 0 else "") + line + Content("›" if last < len(parts) else "")
