"""Months added up by the measure's aggregation: quarters, the year to date and the year's final.

Flows (orders, savings) are summed, levels take the last month, rates are averaged. A quarter or
the year to date pairs plan and actual month by month: only months with an actual count on both
sides, so a late month leaves the figure short rather than wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hoshin_tui.model.enums import Aggregation
from hoshin_tui.model.plan import Measure, MonthlyResult


def aggregate(aggregation: Aggregation, values: Sequence[float]) -> float | None:
    """``values`` (in month order) added up by ``aggregation``; None when there are none."""
    if not values:
        return None
    if aggregation == Aggregation.SUM:
        return float(sum(values))
    if aggregation == Aggregation.LAST:
        return float(values[-1])
    return float(sum(values)) / len(values)


@dataclass(frozen=True, slots=True)
class Rollup:
    """Plan and actual over a span of months (a quarter, the year to date)."""

    plan: float | None
    actual: float | None
    months: int  # how many months had an actual


def roll_up(measure: Measure, pairs: Iterable[tuple[float | None, float | None]]) -> Rollup:
    """``(plan, actual)`` per month, in order, added up over the months that have an actual."""
    paired = [(plan, actual) for plan, actual in pairs if actual is not None]
    actuals = [actual for _, actual in paired]
    plans = [plan for plan, _ in paired if plan is not None]
    plan = aggregate(measure.aggregation, plans) if len(plans) == len(paired) else None
    return Rollup(plan, aggregate(measure.aggregation, actuals), len(paired))


def final_actual(measure: Measure, results: Iterable[MonthlyResult], months: Sequence[str]) -> float | None:
    """The year's actual of ``measure`` over ``months`` (the plan year): what roll-forward carries."""
    by_month = {r.month: r.actual for r in results if r.measure_id == measure.id}
    return aggregate(measure.aggregation, [v for m in months if (v := by_month.get(m)) is not None])
