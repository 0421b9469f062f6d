"""Plan the year once: twelve monthly plans from a measure's baseline, target and phasing key.

Practitioners step the monthly plan toward the annual target rather than sit flat at it. For a
level or a rate (last, mean) the last month reaches the target; for a flow (sum) the target is
the year's total, so the months are scaled to add up to it. "Last year's shape" keeps the
seasons of last year's actuals around the straight line.
"""

from __future__ import annotations

from collections.abc import Sequence

from hoshin_tui.model.enums import Aggregation, Phasing
from hoshin_tui.model.plan import Measure

PHASING_WORDS: dict[Phasing, str] = {
    Phasing.LINEAR: "linear from baseline to target",
    Phasing.FLAT: "flat at target",
    Phasing.STEPWISE: "stepwise by quarter",
    Phasing.LAST_YEAR: "last year's shape",
}


class PhasingError(ValueError):
    """The plan cannot be phased so; the message is one sentence for the room."""


def phase(measure: Measure, method: Phasing, last_year: Sequence[float | None] = ()) -> list[float]:
    """Twelve monthly plans in fiscal order. ``last_year``: last year's twelve actuals."""
    label = measure.code or measure.name
    if measure.target is None:
        raise PhasingError(f"{label} has no target yet: give it one before phasing its plan")
    target = measure.target
    baseline = measure.baseline if measure.baseline is not None else target
    if method == Phasing.FLAT:
        levels = [target] * 12
    elif method == Phasing.STEPWISE:
        levels = [baseline + (target - baseline) * (index // 3 + 1) / 4 for index in range(12)]
    else:
        levels = [baseline + (target - baseline) * (index + 1) / 12 for index in range(12)]
    if method == Phasing.LAST_YEAR:
        shape = [value for value in last_year if value is not None]
        if len(shape) != 12:
            raise PhasingError(f"{label} lacks last year's twelve actuals: phase it linear, flat or stepwise")
        mean = sum(shape) / 12
        if mean == 0:
            raise PhasingError(f"{label}'s actuals last year average 0, so they have no shape to follow")
        levels = [level * value / mean for level, value in zip(levels, shape, strict=True)]
    if measure.aggregation == Aggregation.SUM:
        total = sum(levels)
        levels = [level * target / total for level in levels] if total else [target / 12] * 12
    span = abs(target - baseline) or abs(target) or 1.0
    tidy = [_tidy(level, span / 12) for level in levels]
    if measure.aggregation != Aggregation.SUM and method != Phasing.LAST_YEAR:
        tidy[-1] = target  # the year ends on the target itself, not on a rounding of it
    return tidy


def _tidy(value: float, step: float) -> float:
    """Rounded to the precision the steps need: 36 complaints, 95.4 %, 0.82 ppm."""
    decimals = 0 if step >= 2 else 1 if step >= 0.2 else 2
    return round(value, decimals) + 0.0
