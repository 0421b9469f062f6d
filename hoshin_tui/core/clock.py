"""Today's date, read in one place so tests and snapshots can hold it still.

The health panel's review and action rules ask what is late or overdue today. Screens are
snapshot-tested against a demo dated once; reading the date here lets a test freeze it
(``monkeypatch.setattr("hoshin_tui.core.clock.today", ...)``) so a frame does not change
when the calendar does.
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    return date.today()
