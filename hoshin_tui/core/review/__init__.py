"""The review after the off-site: the colour rule, fiscal months, roll-ups, phasing, the bowling
chart as data, countermeasures that close the loop, and the order of the monthly meeting.

No Textual or Rich here: the Review step, the printed bowling chart, the health panel and
roll-forward all read these functions.
"""

from __future__ import annotations

from hoshin_tui.core.review.board import Board, BoardCache, Group, MeasureRow, build_board
from hoshin_tui.core.review.loop import (
    Verdict,
    a3_offer,
    check_month_of,
    due_for_verdict,
    gap_text,
    new_countermeasure,
    overdue,
    problem_a3,
    propose_verdict,
)
from hoshin_tui.core.review.meeting import (
    STAGE_MINUTES,
    STAGE_TITLES,
    AgendaEntry,
    Stage,
    red_is_handled,
    review_agenda,
)
from hoshin_tui.core.review.months import (
    FiscalYear,
    add_months,
    default_as_of,
    fiscal_months,
    fiscal_year_start,
    long_label,
    month_of,
    plan_year,
    short_label,
)
from hoshin_tui.core.review.phasing import PHASING_WORDS, PhasingError, phase
from hoshin_tui.core.review.rollup import Rollup, aggregate, final_actual, roll_up
from hoshin_tui.core.review.status import (
    GLYPHS,
    OVERRIDE_GLYPH,
    WORDS,
    Cell,
    CellStatus,
    amount,
    band,
    cell_status,
    judge,
    rule_text,
    status_colour,
)

__all__ = [
    "GLYPHS",
    "OVERRIDE_GLYPH",
    "PHASING_WORDS",
    "STAGE_MINUTES",
    "STAGE_TITLES",
    "WORDS",
    "AgendaEntry",
    "Board",
    "BoardCache",
    "Cell",
    "CellStatus",
    "FiscalYear",
    "Group",
    "MeasureRow",
    "PhasingError",
    "Rollup",
    "Stage",
    "Verdict",
    "a3_offer",
    "add_months",
    "aggregate",
    "amount",
    "band",
    "build_board",
    "cell_status",
    "check_month_of",
    "default_as_of",
    "due_for_verdict",
    "final_actual",
    "fiscal_months",
    "fiscal_year_start",
    "gap_text",
    "judge",
    "long_label",
    "month_of",
    "new_countermeasure",
    "overdue",
    "phase",
    "plan_year",
    "problem_a3",
    "propose_verdict",
    "red_is_handled",
    "review_agenda",
    "roll_up",
    "rule_text",
    "short_label",
    "status_colour",
]
