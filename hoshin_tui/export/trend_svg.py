"""A small plan-against-actual chart of one measure, as inline SVG for the A3 sheets.

The plan is a grey dashed line; each actual is a marker whose SHAPE says its status (● green,
▲ yellow, ■ red: the glyphs of the bowling chart) and whose fill repeats it in colour, so the
chart reads on a greyscale printer. A month with no actual is a gap. Only numbers go into the
markup (no user text), so it is safe to print as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hoshin_tui.core.review import GLYPHS, WORDS, CellStatus, MeasureRow, amount, long_label
from hoshin_tui.model.plan import Measure, Plan

WIDTH_MM, HEIGHT_MM = 32.0, 7.0
_PAD = 1.2
FILLS: dict[CellStatus, str] = {CellStatus.GREEN: "#2e7d32", CellStatus.YELLOW: "#e0a800", CellStatus.RED: "#c62828"}


@dataclass(frozen=True)
class Point:
    plan: float | None
    actual: float | None
    status: CellStatus | None


def _marker(status: CellStatus | None, x: float, y: float, r: float) -> str:
    fill = FILLS.get(status, "#ffffff") if status is not None else "#ffffff"
    if status == CellStatus.RED:
        return (
            f'<rect x="{x - r:.2f}" y="{y - r:.2f}" width="{2 * r:.2f}" height="{2 * r:.2f}" '
            f'fill="{fill}" stroke="#111" stroke-width="0.2"/>'
        )
    if status == CellStatus.YELLOW:
        h = r * 1.15
        return (
            f'<path d="M{x:.2f} {y - h:.2f}L{x + h:.2f} {y + h * 0.8:.2f}L{x - h:.2f} {y + h * 0.8:.2f}Z" '
            f'fill="{fill}" stroke="#111" stroke-width="0.2"/>'
        )
    return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{r:.2f}" fill="{fill}" stroke="#111" stroke-width="0.2"/>'


def trend_svg(points: Sequence[Point], *, width: float = WIDTH_MM, height: float = HEIGHT_MM) -> str:
    """The chart of ``points`` (one per month, in order), ``width`` x ``height`` mm; "" when nothing has a value."""
    values = [v for p in points for v in (p.plan, p.actual) if v is not None]
    if not values or not points:
        return ""
    low, high = min(values), max(values)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    step = (width - 2 * _PAD) / max(1, len(points) - 1)

    def y_of(value: float) -> float:
        return _PAD + (high - value) / (high - low) * (height - 2 * _PAD)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{width:.2f}mm" height="{height:.2f}mm" '
        f'viewBox="0 0 {width:.2f} {height:.2f}">',
        f'<rect x="0" y="0" width="{width:.2f}" height="{height:.2f}" fill="#ffffff" '
        'stroke="#c9d3df" stroke-width="0.2"/>',
    ]
    plan_runs: list[list[str]] = [[]]
    for index, point in enumerate(points):
        if point.plan is None:
            plan_runs.append([])
            continue
        plan_runs[-1].append(f"{_PAD + index * step:.2f} {y_of(point.plan):.2f}")
    for run in plan_runs:
        if len(run) > 1:
            parts.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="#777" stroke-width="0.3" '
                'stroke-dasharray="0.8 0.5"/>'
            )
    actual_runs: list[list[str]] = [[]]
    for index, point in enumerate(points):
        if point.actual is None:
            actual_runs.append([])
            continue
        actual_runs[-1].append(f"{_PAD + index * step:.2f} {y_of(point.actual):.2f}")
    for run in actual_runs:
        if len(run) > 1:
            parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="#111" stroke-width="0.3"/>')
    radius = min(0.75, step / 3)
    for index, point in enumerate(points):
        if point.actual is not None:
            parts.append(_marker(point.status, _PAD + index * step, y_of(point.actual), radius))
    parts.append("</svg>")
    return "".join(parts)


def row_points(row: MeasureRow) -> list[Point]:
    """One point per month of the board's row: its plan, its actual (none after the review month), its status."""
    points = []
    for cell in row.cells:
        if cell.month > row.as_of:
            points.append(Point(cell.plan, None, None))
            continue
        status = cell.status if cell.status != CellStatus.NOT_DUE else None
        points.append(Point(cell.plan, cell.actual, status))
    return points


def latest_status(row: MeasureRow) -> str:
    """``■ red · Nov 2026: 91 against a plan of 95``: the latest judged month, with its glyph; "" when none."""
    for cell in reversed(row.cells):
        if cell.month > row.as_of or cell.status == CellStatus.NOT_DUE:
            continue
        words = f"{GLYPHS[cell.status]} {WORDS[cell.status]} · {long_label(cell.month)}"
        if cell.overridden:
            words += " (set by hand)"
        if cell.actual is not None:
            words += f": {amount(cell.actual)}"
            words += f" against a plan of {amount(cell.plan)}" if cell.plan is not None else ""
        return words
    return ""


def measure_of_row(plan: Plan, item: str) -> Measure | None:
    """The measure a follow-up row is about: its text starts with the measure's code or name."""
    text = item.strip().casefold()
    for measure in plan.measures:
        if measure.code and (text == measure.code.casefold() or text.startswith(measure.code.casefold() + " ")):
            return measure
    named = [m for m in plan.measures if m.name and text.startswith(m.name.casefold())]
    return max(named, key=lambda m: len(m.name)) if named else None
