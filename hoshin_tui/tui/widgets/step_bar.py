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
        for style in ("full", "titles", "compact", "numbers"):
            line = Content("›" if style != "compact" else " ").join(self._parts(style))
            if line.cell_length <= width or style == "numbers":
                return line
        return Content("")
