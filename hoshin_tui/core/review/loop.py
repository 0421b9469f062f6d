"""Countermeasures that close the loop: raised from a red cell, judged from the data, escalated.

A countermeasure is raised pre-filled with its measure, month and gap. At its check month the
review proposes a verdict from what happened since it was due (effective when every reported
month since has been green or yellow); the room confirms it. Two reds in a row, or a
countermeasure found not effective, offer a problem-solving A3 filled from the measure's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hoshin_tui.core.review.board import LIVE, Board, MeasureRow
from hoshin_tui.core.review.months import add_months, long_label, month_of
from hoshin_tui.core.review.status import WORDS, Cell, CellStatus, amount
from hoshin_tui.model.enums import A3Kind, CountermeasureStatus
from hoshin_tui.model.plan import A3, A3Section, Countermeasure, FollowUpRow, PlanRow


def gap_text(cell: Cell, unit: str = "") -> str:
    """``"plan 95, actual 91"``: the gap as it stood when the countermeasure was raised."""
    plan = amount(cell.plan) if cell.plan is not None else "none"
    actual = amount(cell.actual) if cell.actual is not None else "none"
    unit = f" {unit}" if unit and unit != "%" else unit
    return f"plan {plan}{unit}, actual {actual}{unit}"


def new_countermeasure(row: MeasureRow, month: str) -> Countermeasure:
    """A countermeasure for ``month`` of ``row``, filled with what the cell already says."""
    cell = row.cell(month) or row.current
    due_month = add_months(month, 1)
    return Countermeasure(
        measure_id=row.measure.id,
        month=month,
        gap=gap_text(cell, row.measure.unit),
        action="",
        owner_id=row.measure.owner_id,
        due=date(int(due_month[:4]), int(due_month[5:7]), 15),
        check_month=add_months(month, 2),
    )


def check_month_of(cm: Countermeasure) -> str:
    """When to judge it: as recorded, else the month after its due date, else after it was raised."""
    if cm.check_month:
        return cm.check_month
    if cm.due is not None:
        return add_months(month_of(cm.due), 1)
    return add_months(cm.month, 1) if cm.month else ""


@dataclass(frozen=True, slots=True)
class Verdict:
    status: CountermeasureStatus
    reason: str  # one sentence: "green or yellow in Jul, Aug and Sep"


def propose_verdict(cm: Countermeasure, row: MeasureRow) -> Verdict | None:
    """The verdict the data suggests at the review month; None when nothing is reported since due."""
    since = month_of(cm.due) if cm.due is not None else cm.month
    months = [c for c in row.cells if c.month > since and c.month <= row.as_of and c.status.coloured]
    if not months:
        return None
    reds = [c for c in months if c.status == CellStatus.RED]
    if reds:
        names = ", ".join(long_label(c.month) for c in reds)
        return Verdict(CountermeasureStatus.NOT_EFFECTIVE, f"still red in {names}")
    span = long_label(months[0].month)
    if len(months) > 1:
        span += f" to {long_label(months[-1].month)}"
    return Verdict(CountermeasureStatus.EFFECTIVE, f"green or yellow in every month since it was due ({span})")


def due_for_verdict(board: Board) -> list[tuple[MeasureRow, Countermeasure]]:
    """Live countermeasures whose check month has come, in chart order."""
    found = []
    for row in board.rows:
        for cm in row.countermeasures:
            check = check_month_of(cm)
            if cm.status in LIVE and check and check <= board.as_of:
                found.append((row, cm))
    return found


def overdue(board: Board, today: date) -> list[tuple[MeasureRow, Countermeasure]]:
    """Open countermeasures past their due date."""
    return [
        (row, cm)
        for row in board.rows
        for cm in row.countermeasures
        if cm.status == CountermeasureStatus.OPEN and cm.due is not None and cm.due < today
    ]


def a3_offer(row: MeasureRow, a3s: list[A3]) -> str:
    """Why a problem-solving A3 is offered for ``row`` ("" when it is not, or one exists)."""
    if any(a.kind == A3Kind.PROBLEM_SOLVING and a.subject_id == row.measure.id for a in a3s):
        return ""
    if any(cm.a3_id for cm in row.countermeasures):
        return ""
    failed = [cm for cm in row.countermeasures if cm.status == CountermeasureStatus.NOT_EFFECTIVE]
    if failed:
        return f"a countermeasure for {row.measure.code or row.measure.name} was not effective"
    if row.red_streak:
        return (
            f"{row.measure.code or row.measure.name} has been red two months in a row to {long_label(row.red_streak)}"
        )
    return ""


def problem_a3(row: MeasureRow, people: dict[str, str]) -> A3:
    """A problem-solving A3 pre-filled from the measure, its months and its countermeasures."""
    measure = row.measure
    history = "; ".join(
        f"{long_label(c.month)} {WORDS[c.status]} ({gap_text(c, measure.unit)})" for c in row.cells if c.status.coloured
    )
    target = amount(measure.target) if measure.target is not None else "none"
    baseline = amount(measure.baseline) if measure.baseline is not None else "none"
    tried = "\n".join(
        f"{long_label(cm.month) if cm.month else ''}: {cm.action} ({cm.status.value.replace('_', ' ')})".strip()
        for cm in row.countermeasures
    )
    sections = [
        A3Section(
            key="background",
            heading="Background",
            body=f"{row.label}: baseline {baseline}, target {target} {measure.unit}. {row.rule}.".strip(),
        ),
        A3Section(key="current", heading="Current condition", body=history),
        A3Section(key="goal", heading="Goal", body=f"Back to plan, then on to the target of {target}."),
        A3Section(
            key="analysis",
            heading="Root-cause analysis",
            body="\n".join(c.root_cause for c in row.countermeasures if c.root_cause),
        ),
        A3Section(key="countermeasures", heading="Countermeasures", body=tried),
    ]
    return A3(
        kind=A3Kind.PROBLEM_SOLVING,
        subject_id=measure.id,
        title=f"Problem-solving A3: {measure.name}",
        owner_id=measure.owner_id,
        sections=sections,
        plan_rows=[
            PlanRow(who=people.get(cm.owner_id or "", ""), what=cm.action, when=cm.due.isoformat() if cm.due else "")
            for cm in row.countermeasures
        ],
        followup_rows=[
            FollowUpRow(
                item=measure.name,
                plan=target,
                actual=amount(row.current.actual) if row.current.actual is not None else "",
            )
        ],
    )
