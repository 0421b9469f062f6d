"""The open session as the UI sees it: the store, the current plan, and one way to edit.

Every edit goes through :meth:`SessionController.apply`: it runs against the store (which
commits it to disk at once), reloads the plan and tells the views. Failures become one
human sentence for the UI to show, never a traceback. No textual here, so it is easy to test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from pydantic import ValidationError

from hoshin_tui.model import Plan, human_errors
from hoshin_tui.store import SessionStore, StoreError

Listener = Callable[[Plan], None]
Reporter = Callable[[str], None]


def now() -> datetime:
    """The wall clock of the saved indicator (tests replace it to freeze the frame)."""
    return datetime.now()


class SessionController:
    def __init__(self, store: SessionStore, plan: Plan, report: Reporter) -> None:
        self.store = store
        self.plan = plan
        self.report = report
        self.listeners: list[Listener] = []
        self.saved_at: datetime | None = None
        self.last_label = ""

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def read_only_reason(self) -> str:
        return self.store.read_only_reason or "this session is read-only"

    def apply(self, action: Callable[[SessionStore], object]) -> bool:
        """Run one edit against the store; True when it was saved."""
        if self.read_only:
            self.report(f"Not saved: {self.read_only_reason}")
            return False
        latest = self.store.history(1)
        top = latest[0].seq if latest else 0
        try:
            action(self.store)
        except StoreError as exc:
            self.report(str(exc))
            self.reload()  # a half-done edit (e.g. saved item, refused link) must still show
            return False
        except ValidationError as exc:
            self.report(human_errors(exc))
            return False
        except (sqlite3.Error, OSError) as exc:  # disk full, file gone, locked too long: the edit was rolled back
            self.report(f"Not saved: {exc}")
            return False
        made = [change for change in self.store.history(20) if change.seq > top]
        label = made[-1].label if made else ""
        if len(made) > 1:
            label += f" (+{len(made) - 1} more)"
        self._saved(label)
        return True

    def undo(self) -> str | None:
        return self._replay(self.store.undo, "Undone", "Nothing to undo")

    def redo(self) -> str | None:
        return self._replay(self.store.redo, "Redone", "Nothing to redo")

    def _replay(self, step: Callable[[], str | None], verb: str, nothing: str) -> str | None:
        try:
            label = step()
        except (StoreError, sqlite3.Error, OSError) as exc:
            self.report(str(exc))
            return None
        if label is None:
            self.report(nothing)
            return None
        self._saved(f"{verb.lower()}: {label}")
        return label

    def _saved(self, label: str) -> None:
        self.saved_at = now()
        self.last_label = label
        self.reload()

    def reload(self) -> None:
        self.plan = self.store.load()
        for listener in self.listeners:
            listener(self.plan)
