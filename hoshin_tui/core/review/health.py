"""Health warnings of the review: red with no countermeasure, data late, countermeasure overdue.

Cheap enough for every edit: one pass over the plan's results through the bowling chart.
"""

from __future__ import annotations

from datetime import date

from hoshin_tui.core import clock
from hoshin_tui.core.health import Finding
from hoshin_tui.core.review.board import BoardCache, build_board
from hoshin_tui.core.review.loop import overdue
from hoshin_tui.core.review.months import long_label
from hoshin_tui.model import Plan

_CACHE = BoardCache()  # the health panel runs on every edit: unchanged measures keep their rows


def review_findings(plan: Plan, today: date | None = None) -> list[Finding]:
    """The review's warnings for the default review month (last month, inside the plan year)."""
    if not plan.measures or not plan.monthly_results:
        return []
    today = today or clock.today()
    board = build_board(plan, today=today, cache=_CACHE)
    found: list[Finding] = []
    for row in board.rows:
        code = row.measure.code or row.measure.name
        for month in row.uncovered_reds():
            found.append(
                Finding(
                    "warning",
                    "monthly_results",
                    row.measure.id,
                    f"{code} red in {long_label(month)}, no countermeasure",
                    "red-alone",
                )
            )
        late = row.late_months
        if late:
            months = ", ".join(long_label(m) for m in late[-3:])
            found.append(Finding("warning", "monthly_results", row.measure.id, f"{code} data late: {months}", "late"))
    for row, cm in overdue(board, today):
        code = row.measure.code or row.measure.name
        due = cm.due.isoformat() if cm.due else ""
        found.append(
            Finding("warning", "countermeasures", cm.id, f"{code} countermeasure overdue (due {due})", "overdue")
        )
    return found
