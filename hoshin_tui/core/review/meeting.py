"""The monthly review meeting, in the order practitioners run it.

Late data first (nobody argues over numbers that are not in), then a fast scan of green and
yellow, then each red in turn (gap, root cause, countermeasure, owner and due before moving
on; a skip leaves the red flagged), then the countermeasures due for a verdict, then the
decisions and escalations. The agenda is built from the bowling chart, so it is never typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hoshin_tui.core.review.board import Board, MeasureRow
from hoshin_tui.core.review.loop import due_for_verdict
from hoshin_tui.core.review.status import CellStatus
from hoshin_tui.model.plan import Countermeasure


class Stage(StrEnum):
    LATE = "late"
    SCAN = "scan"
    REDS = "reds"
    VERDICTS = "verdicts"
    DECISIONS = "decisions"


STAGE_TITLES: dict[Stage, str] = {
    Stage.LATE: "1 Data check: late numbers",
    Stage.SCAN: "2 Scan: green and yellow",
    Stage.REDS: "3 Reds: gap, cause, countermeasure",
    Stage.VERDICTS: "4 Countermeasures due for a verdict",
    Stage.DECISIONS: "5 Decisions and escalations",
}

# Minutes per stage of a 60-minute review (5 / 10 / 30 / 10 / 5).
STAGE_MINUTES: dict[Stage, int] = {
    Stage.LATE: 5,
    Stage.SCAN: 10,
    Stage.REDS: 30,
    Stage.VERDICTS: 10,
    Stage.DECISIONS: 5,
}


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One stop of review mode: a measure (or a countermeasure on it), or the decisions."""

    stage: Stage
    row: MeasureRow | None = None
    countermeasure: Countermeasure | None = None


def review_agenda(board: Board) -> list[AgendaEntry]:
    """Every stop of the meeting, in order; stages with nothing to do are left out, except decisions."""
    late = [AgendaEntry(Stage.LATE, row) for row in board.rows if row.late_months]
    scan = [
        AgendaEntry(Stage.SCAN, row)
        for row in board.rows
        if row.current.status in (CellStatus.GREEN, CellStatus.YELLOW)
    ]
    reds = [AgendaEntry(Stage.REDS, row) for row in board.rows if row.current.status == CellStatus.RED]
    verdicts = [AgendaEntry(Stage.VERDICTS, row, cm) for row, cm in due_for_verdict(board)]
    return late + scan + reds + verdicts + [AgendaEntry(Stage.DECISIONS)]


def red_is_handled(row: MeasureRow) -> bool:
    """A red of the review month may be left once it has a countermeasure with cause, owner and due."""
    return any(
        cm.month == row.as_of and cm.root_cause.strip() and cm.action.strip() and cm.owner_id and cm.due
        for cm in row.countermeasures
    )
