"""The alignment health panel: always in view, a short list of what the plan is missing.

``show(plan)`` re-checks the plan (about 2 ms on the large plan) and redraws only when the
findings changed, keeping the highlighted finding where it was. Enter or a click on a
finding posts ``HealthPanel.Selected`` so the screen can jump to the item.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hoshin_tui.core.health import Finding, HealthChecker, summary
from hoshin_tui.model import Plan

WARNING_MARK = "▲"
NOTE_MARK = "•"


def _prompt(finding: Finding) -> Content:
    """A warning reads at full strength with a warning-coloured triangle; a note is dimmer, with a dot."""
    if finding.severity == "warning":
        return Content.from_markup(f"[bold $text-warning]{WARNING_MARK}[/] $message", message=finding.message)
    return Content.from_markup(f"[$foreground-muted]{NOTE_MARK} $message[/]", message=finding.message)


def _title(findings: list[Finding]) -> str:
    warnings = sum(f.severity == "warning" for f in findings)
    notes = len(findings) - warnings
    if not findings:
        return "Health: no gaps"
    parts = [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    if notes:
        parts.append(f"{notes} note{'s' if notes != 1 else ''}")
    return f"Health: {', '.join(parts)}"


class HealthPanel(Widget):
    """A compact list of alignment findings with a title that counts them."""

    DEFAULT_CSS = """
    HealthPanel {
        width: 1fr;
        height: 1fr;
        min-width: 20;
        layout: vertical;

        & > #health-title {
            width: 1fr;
            height: auto;
            padding: 0 1;
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &.-has-warnings > #health-title {
            color: $text-warning;
        }
        & > OptionList {
            height: 1fr;
            max-height: 100%;
            border: none;
            padding: 0;
            background: $surface;
            & > .option-list--option {
                padding: 0 1;
            }
        }
        & > OptionList:focus {
            border: none;
        }
    }
    """

    @dataclass
    class Selected(Message):
        """The user picked a finding: ``kind`` is the Plan list ("" for plan-wide), ``item_id`` may be ""."""

        kind: str
        item_id: str

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._findings: list[Finding] = []
        self._shown: list[Finding] | None = None
        self._checker = HealthChecker()

    @property
    def findings(self) -> list[Finding]:
        """What the panel lists now, warnings first."""
        return list(self._findings)

    def compose(self) -> ComposeResult:
        yield Static(_title([]), id="health-title", markup=False)
        yield OptionList(id="health-findings", markup=False)

    def on_mount(self) -> None:
        self._redraw()

    def show(self, plan: Plan) -> None:
        """Re-check ``plan`` and redraw if anything changed. Cheap enough to call after every edit."""
        self._findings = self._checker.check(plan)  # patched edit by edit, not checked from scratch
        if self.is_mounted:
            self._redraw()

    def summary(self) -> str:
        """One line for projector mode, e.g. "3 warnings: 2 orphans, 1 unowned"."""
        return summary(self._findings)

    def _redraw(self) -> None:
        if self._findings == self._shown:
            return
        options = self.query_one(OptionList)
        previous = self._shown or []
        index = options.highlighted
        keep = previous[index] if index is not None and index < len(previous) else None

        self._shown = list(self._findings)
        self.query_one("#health-title", Static).update(_title(self._findings))
        self.set_class(any(f.severity == "warning" for f in self._findings), "-has-warnings")
        if self._findings:
            options.set_options(Option(_prompt(f)) for f in self._findings)
            if keep in self._findings:
                options.highlighted = self._findings.index(keep)
            elif index is not None:
                options.highlighted = min(index, len(self._findings) - 1)
            else:
                options.highlighted = 0
        else:
            options.set_options([Option("✓ Every item is linked and owned", disabled=True)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        shown = self._shown or []
        if event.option_index < len(shown):
            finding = shown[event.option_index]
            self.post_message(self.Selected(finding.kind, finding.item_id))
