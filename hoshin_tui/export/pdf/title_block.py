"""The line under a printed page's title: who, which plan year, which version, when, from which session.

Every handout (X-matrix, bowling chart, session record) prints it the same way, so a page
on the wall can be traced back to the session and the day it came from.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hoshin_tui.model import Plan


def title_meta(plan: Plan, today: date, session_name: str = "") -> str:
    """``Brennmoor Pumps · FY2026 · Version 4 · Printed 2026-12-02 · Session demo``, empty parts left out."""
    parts = (
        plan.organization,
        plan.period,
        f"Version {plan.version}" if plan.version else "",
        f"Printed {today.isoformat()}",
        f"Session {session_name}" if session_name else "",
    )
    return " · ".join(part for part in parts if part)
