"""Messages up: what a screen or a step asks of the App (or of the session screen) without
calling into it. The App answers the session messages; the session screen answers the rest.

Each is a small message posted with ``post_message``; it bubbles up the DOM to its handler
(``on_open_session`` and so on), so a screen never needs to know the App's methods.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class OpenSession(Message):
    """Open the session file ``path`` in the guided flow (the App answers)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ShowSessions(Message):
    """Back to the session picker (the App answers)."""


class EditPlanHeader(Message):
    """Edit the plan's title, organisation, period and version (the header dialog answers)."""


class GoToStep(Message):
    """Show the step ``key`` with ``item_id`` selected there, if given (the session screen answers)."""

    def __init__(self, key: str, item_id: str | None = None) -> None:
        super().__init__()
        self.key = key
        self.item_id = item_id


__all__ = ["EditPlanHeader", "GoToStep", "OpenSession", "ShowSessions"]
