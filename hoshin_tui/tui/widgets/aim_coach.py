"""A live checklist that coaches the room toward a good aim (DOMAIN.md) while it is typed.

It only advises: every line is a suggestion, nothing is ever refused.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from hoshin_tui.core.coaching import Check, coach_aim

MET = "✓"
OPEN = "○"


def _line(check: Check) -> Content:
    if check.ok:
        markup = f"[bold $text-success]{MET}[/] [bold]$label[/bold] [$foreground-muted]$advice[/]"
    else:
        markup = f"[$text-warning]{OPEN}[/] [bold]$label[/bold] $advice"
    return Content.from_markup(markup, label=check.label, advice=f"— {check.advice}")


class AimCoach(Widget):
    """One line per quality of a good aim: ✓ with what was found, or ○ with advice."""

    DEFAULT_CSS = """
    AimCoach {
        width: 1fr;
        height: auto;
        layout: vertical;

        & > #coach-title {
            height: auto;
            padding: 0 1;
            text-style: bold;
            background: $panel;
        }
        & > #coach-checks {
            height: auto;
            padding: 0 1;
        }
    }
    """

    def __init__(self, text: str = "", *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self._checks = coach_aim(text)

    @property
    def checks(self) -> list[Check]:
        return list(self._checks)

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="coach-title", markup=False)
        yield Static(self._body(), id="coach-checks")

    def update_text(self, text: str) -> None:
        """Re-coach ``text``; redraws only when a line changed (cheap on every keystroke)."""
        checks = coach_aim(text)
        if checks == self._checks:
            return
        self._checks = checks
        if self.is_mounted:
            self.query_one("#coach-title", Static).update(self._title())
            self.query_one("#coach-checks", Static).update(self._body())

    def _title(self) -> str:
        met = sum(c.ok for c in self._checks)
        return f"Aim coach: {met} of {len(self._checks)}"

    def _body(self) -> Content:
        return Content("\n").join(_line(c) for c in self._checks)
