"""TUI fixtures: a frozen clock and time zone, and a home folder inside the test's tmp_path."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hoshin_tui.core.workspace import Workspace


@pytest.fixture(autouse=True)
def _stable_frame(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Same frame on every machine: UTC, a fixed "Saved" time, and paths shown under ~."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("hoshin_tui.tui.controller.now", lambda: datetime(2027, 3, 1, 14, 2, 31))
    # Catchball counts the days a ball is held: from a fixed moment, so the frames do not age.
    monkeypatch.setattr("hoshin_tui.core.catchball_health.clock", lambda: datetime(2027, 3, 1, 14, 2, 31, tzinfo=UTC))
    monkeypatch.setattr("hoshin_tui.tui.steps.catchball.now", lambda: datetime(2027, 3, 1, 14, 2, 31, tzinfo=UTC))
    # What is late or overdue in the health panel and the review month: a fixed day (the small
    # plan's January is reported, February not yet due), so the frames do not age either.
    monkeypatch.setattr("hoshin_tui.core.clock.today", lambda: date(2027, 2, 1))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "offsite"
    root.mkdir()
    return Workspace(root)
