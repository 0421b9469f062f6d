"""The quarterly review: one status A3 per strategy, pre-filled for the room, printed as one PDF.

    result = export_quarter(plan, out, quarter="Q2", session_name="offsite", target_changes=changes)

Practitioners judge a quarter on its trend, not on one month, and ask whether the
countermeasures worked (peers-and-practice 4.5, 5.3). Each strategy's sheet holds:

- headline: each linked annual objective with its measures' three months (glyph and value),
  the quarter's figure and its colour counts;
- measures: plan against actual for the quarter, with the year's trend chart (``trend_svg.py``);
- activities: the strategy's initiatives and their status;
- issues: the countermeasures raised in the quarter, those closed, those found effective;
- next steps: the countermeasures still open;
- support: targets changed this quarter (old → new, with the reason) and a re-run of the
  alignment health.

The sheets are ordinary status A3s (``A3Kind.STATUS``) printed by the A3 exporter, so they
shrink and continue exactly as every A3 does; nothing is saved to the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hoshin_tui.core.a3_prefill import prefill_a3
from hoshin_tui.core.codes import item_codes
from hoshin_tui.core.health import check_plan
from hoshin_tui.core.review import (
    GLYPHS,
    Board,
    CellStatus,
    MeasureRow,
    amount,
    build_board,
    check_month_of,
    long_label,
    short_label,
)
from hoshin_tui.core.review.months import default_as_of, plan_year
from hoshin_tui.core.target_history import TargetChange
from hoshin_tui.export.bowling_data import countermeasure_codes
from hoshin_tui.export.pdf.result import ExportResult
from hoshin_tui.model.a3_layout import LAYOUTS
from hoshin_tui.model.enums import A3Kind, Corner
from hoshin_tui.model.plan import A3, A3Section, Countermeasure, FollowUpRow, Measure, Plan, PlanRow, Strategy

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
CLOSED = ("done", "effective", "not_effective", "dropped")


class QuarterExportError(ValueError):
    """One human line: why the quarterly review cannot be printed."""


def default_quarter_path(exports_dir: Path, session_name: str, quarter: str) -> Path:
    """``<exports>/<session>-review-Q2.pdf``."""
    stem = re.sub(r"[^\w.-]+", "-", session_name).strip("-.") or "plan"
    return Path(exports_dir) / f"{stem}-review-{quarter.upper()}.pdf"


def quarter_months(plan: Plan, quarter: str, today: date) -> list[str]:
    """The three months of ``quarter`` in the plan year (the review's: the one holding the latest result)."""
    if quarter.upper() not in QUARTERS:
        raise QuarterExportError(f"The quarter must be Q1, Q2, Q3 or Q4, got '{quarter}'")
    return list(plan_year(plan, today).quarters()[QUARTERS.index(quarter.upper())])


def quarter_board(plan: Plan, months: list[str], today: date) -> Board:
    """The board as of the quarter's last month, or of last month while the quarter is still running."""
    as_of = min(months[-1], default_as_of(plan_year(plan, today), today))
    return build_board(plan, as_of, today=today)


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = amount(value)
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".rstrip()


def _strategy_measures(plan: Plan, strategy: Strategy) -> list[Measure]:
    """Measures the SE grid ties to the strategy, then those its objectives' initiatives move."""
    objectives = set(plan.linked(Corner.STRATEGY_OBJECTIVE, row_id=strategy.id))
    initiatives = {i for o in objectives for i in plan.linked(Corner.OBJECTIVE_INITIATIVE, row_id=o)}
    ids = set(plan.linked(Corner.MEASURE_STRATEGY, col_id=strategy.id))
    ids |= {m for i in initiatives for m in plan.linked(Corner.INITIATIVE_MEASURE, row_id=i)}
    return [m for m in plan.measures if m.id in ids]


def _objective_measures(plan: Plan, objective_id: str, measures: list[Measure]) -> list[Measure]:
    initiatives = set(plan.linked(Corner.OBJECTIVE_INITIATIVE, row_id=objective_id))
    ids = {m for i in initiatives for m in plan.linked(Corner.INITIATIVE_MEASURE, row_id=i)}
    return [m for m in measures if m.id in ids]


@dataclass(frozen=True)
class _Trend:
    cells: list[tuple[str, CellStatus | None, str]]  # month label, status, value
    plan: float | None
    actual: float | None
    status: CellStatus | None

    def line(self, measure: Measure, code: str) -> str:
        months = " · ".join(
            f"{label} {GLYPHS[status] if status else ''} {value}".replace("  ", " ").strip()
            for label, status, value in self.cells
        )
        quarter = "quarter: no actual yet"
        if self.status and self.actual is not None:
            against = _number(self.plan, measure.unit)
            quarter = f"quarter {GLYPHS[self.status]} {_number(self.actual, measure.unit)} against {against}"
        counts = {s: sum(1 for _, status, _ in self.cells if status == s) for s in COLOURS}
        count_text = ", ".join(f"{n} {s.value}" for s, n in counts.items())
        return f"{code} {measure.name}: {months}; {quarter} ({count_text})"


COLOURS = (CellStatus.GREEN, CellStatus.YELLOW, CellStatus.RED)


def _trend(row: MeasureRow, months: list[str], quarter_index: int) -> _Trend:
    cells: list[tuple[str, CellStatus | None, str]] = []
    for month in months:
        cell = row.cell(month)
        label = short_label(month)
        if cell is None or month > row.as_of:
            cells.append((label, None, "not yet"))
            continue
        value = amount(cell.actual) if cell.actual is not None else "no actual"
        shown: CellStatus | None = cell.status if cell.status != CellStatus.NOT_DUE else None
        cells.append((label, shown, value))
    rollup = row.quarters[quarter_index]
    status = row.quarter_status(quarter_index) if rollup.actual is not None else None
    return _Trend(cells, rollup.plan, rollup.actual, status)


def _cm_line(cm: Countermeasure, code: str, names: dict[str, str]) -> str:
    what = cm.action or cm.root_cause
    return f"{code} {names.get(cm.measure_id, '')}" + (f" ({long_label(cm.month)})" if cm.month else "") + f": {what}"


def _status_word(cm: Countermeasure) -> str:
    return cm.status.value


def _closed_in(cm: Countermeasure, months: list[str]) -> bool:
    """Closed in the quarter: a closed status, and its check month (when it was judged) in the quarter."""
    return _status_word(cm) in CLOSED and check_month_of(cm) in months


def _issues(plan: Plan, measures: list[Measure], months: list[str]) -> tuple[str, list[PlanRow]]:
    ids = {m.id for m in measures}
    names = {m.id: m.code or m.name for m in measures}
    codes = countermeasure_codes(plan)
    mine = [cm for cm in plan.countermeasures if cm.measure_id in ids]
    raised = [cm for cm in mine if cm.month in months]
    closed = [cm for cm in mine if _closed_in(cm, months)]
    effective = [cm for cm in closed if _status_word(cm) == "effective"]
    lines = [f"Raised this quarter: {len(raised)}"] + [f"• {_cm_line(cm, codes[cm.id], names)}" for cm in raised]
    lines += [f"Closed this quarter: {len(closed)}"]
    lines += [f"• {_cm_line(cm, codes[cm.id], names)} · {_status_word(cm).replace('_', ' ')}" for cm in closed]
    lines += [f"Found effective: {len(effective)}"] + [f"• {codes[cm.id]}" for cm in effective]
    still_open = [cm for cm in mine if _status_word(cm) not in CLOSED]
    rows = [
        PlanRow(
            who=plan.person_name(cm.owner_id),
            what=f"{codes[cm.id]} {cm.action}",
            when=cm.due.isoformat() if cm.due else "",
            status=_status_word(cm).replace("_", " "),
        )
        for cm in still_open
    ]
    return "\n".join(lines), rows


def _support(
    plan: Plan, measures: list[Measure], changes: list[TargetChange], codes: dict[str, str], today: date
) -> str:
    ids = {m.id: m for m in measures}
    mine = [c for c in changes if c.measure_id in ids]
    lines = [f"Targets changed this quarter: {len(mine)}"]
    for change in mine:
        m = ids[change.measure_id]
        reason = change.reason or "no reason recorded"
        lines.append(
            f"• {codes.get(m.id, m.code)} {m.name}: {_number(change.old, m.unit)} → {_number(change.new, m.unit)}"
            f" ({change.at}; {reason})"
        )
    findings = check_plan(plan)
    found = f"{len(findings) or 'no'} finding{'s' if len(findings) != 1 else ''}"
    lines.append(f"Alignment health, re-run {today.isoformat()}: {found}")
    lines += [f"• {finding.message}" for finding in findings]
    return "\n".join(lines)


def quarter_a3(
    plan: Plan,
    strategy: Strategy,
    months: list[str],
    *,
    quarter: str,
    target_changes: list[TargetChange],
    today: date,
) -> A3:
    """The status A3 of ``strategy`` for the quarter ``months``, pre-filled from the plan."""
    base = prefill_a3(plan, A3Kind.STATUS, strategy.id, today=today)
    codes = item_codes(plan)
    board = quarter_board(plan, months, today)
    index = board.year.quarter_of(months[0]) - 1
    measures = _strategy_measures(plan, strategy)
    rows = {m.id: row for m in measures if (row := board.row(m.id)) is not None}
    trends = {m_id: _trend(row, months, index) for m_id, row in rows.items()}
    fiscal = plan.period or board.year.label
    headline = [f"{quarter} {fiscal} ({long_label(months[0])} – {long_label(months[-1])}): the quarter's trend"]
    shown: set[str] = set()
    for objective in [o for o in plan.objectives if o.id in plan.linked(Corner.STRATEGY_OBJECTIVE, row_id=strategy.id)]:
        headline.append(f"{codes.get(objective.id, objective.code)} {objective.title}")
        under = _objective_measures(plan, objective.id, measures)
        for m in under:
            headline.append(f"• {trends[m.id].line(m, codes.get(m.id, m.code))}")
            shown.add(m.id)
        if not under:
            headline.append("• no measure linked through its initiatives")
    rest = [m for m in measures if m.id not in shown]
    if rest:
        headline.append("Other measures of the strategy")
        headline += [f"• {trends[m.id].line(m, codes.get(m.id, m.code))}" for m in rest]
    issues, next_steps = _issues(plan, measures, months)
    bodies = {
        "headline": "\n".join(headline),
        "activities": next((s.body for s in base.sections if s.key == "activities"), ""),
        "issues": issues,
        "support": _support(plan, measures, target_changes, codes, today),
    }
    followup = []
    for m in measures:
        trend = trends[m.id]
        actual = _number(trend.actual, m.unit) if trend.actual is not None else "no actual yet"
        rating = f" ({trend.status})" if trend.status in ("green", "yellow", "red") else ""
        followup.append(
            FollowUpRow(
                item=f"{codes.get(m.id, m.code)} {m.name}",
                plan=f"{quarter}: {_number(trend.plan, m.unit)}",
                actual=f"{quarter}: {actual}{rating}",
            )
        )
    return A3(
        id=f"a3_quarter_{strategy.id}",
        kind=A3Kind.STATUS,
        subject_id=strategy.id,
        title=f"{quarter} {fiscal} review: {strategy.title}",
        owner_id=base.owner_id,
        mentor_id=base.mentor_id,
        revised=today,
        version="1",
        sections=[
            A3Section(key=box.key, heading=box.heading, body=bodies.get(box.key, ""))
            for box in LAYOUTS[A3Kind.STATUS]
            if box.content == "text"
        ],
        plan_rows=next_steps,
        followup_rows=followup,
    )


def quarter_a3s(
    plan: Plan, quarter: str, *, target_changes: list[TargetChange] | None = None, today: date | None = None
) -> list[A3]:
    """One status A3 per strategy for ``quarter`` (Q1..Q4), in the plan's order."""
    day = today or date.today()
    months = quarter_months(plan, quarter, day)
    return [
        quarter_a3(plan, strategy, months, quarter=quarter.upper(), target_changes=target_changes or [], today=day)
        for strategy in plan.strategies
    ]


def export_quarter(
    plan: Plan,
    out_path: Path | str,
    *,
    quarter: str,
    session_name: str = "",
    target_changes: list[TargetChange] | None = None,
    today: date | None = None,
) -> ExportResult:
    """Print the quarterly review of ``plan``: one status A3 per strategy, to ``out_path`` (atomically)."""
    from hoshin_tui.export.a3 import export_a3

    if not plan.strategies:
        raise QuarterExportError("This session has no strategy yet: the quarterly review prints one A3 per strategy")
    sheets = quarter_a3s(plan, quarter, target_changes=target_changes, today=today)
    return export_a3(plan.model_copy(update={"a3s": sheets}), out_path, session_name=session_name, today=today)
