"""The bottom line of a session: that the last edit is saved (and when), or why nothing can be."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; padding: 0 1; background: $panel; }
    StatusLine.-read-only { background: $warning 40%; text-style: bold; }
    """

    def show_state(self, *, saved_at: datetime | None, label: str, read_only_reason: str = "") -> None:
        self.set_class(bool(read_only_reason), "-read-only")
        if read_only_reason:
            self.update(Content(f"READ-ONLY: {read_only_reason}"), layout=False)
        elif saved_at is None:
            self.update(
                Content.from_markup("[$foreground-muted]Every edit is saved the moment it is made[/]"), layout=False
            )
        else:
            stamp = saved_at.strftime("%H:%M:%S")
            self.update(
                Content.from_markup(
                    "[bold $text-success]✓ Saved $stamp[/] [$foreground-muted]$label[/]", stamp=stamp, label=label
                ),
                layout=False,  # one line, always: no layout pass
            )
