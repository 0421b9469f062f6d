"""The review's rules as the printed pages need them: one status per month, roll-ups, the rule in words.

PROVISIONAL: a small stand-in for the review's core API (colour rule, fiscal months, roll-ups),
written so the prints could be built before it landed; every print reads the rules through
these few functions only, so switching to the real ones touches this file alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from hoshin_tui.model.enums import Aggregation, Direction, StatusColour
from hoshin_tui.model.plan import Measure, MonthlyResult, Plan

Status = Literal["green", "yellow", "red", "late", "none", "no_plan"]
STATUS_ORDER: tuple[Status, ...] = ("green", "yellow", "red", "late", "no_plan", "none")
HAND_COLOURS: dict[StatusColour, Status] = {
    StatusColour.GREEN: "green",
    StatusColour.YELLOW: "yellow",
    StatusColour.RED: "red",
}
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month: str) -> str:
    """``2027-03`` -> ``Mar 2027``."""
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def _shift(month: str, months: int) -> str:
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def fiscal_months(plan: Plan, month: str) -> list[str]:
    """The twelve months, in order, of the fiscal year that holds ``month``."""
    start = plan.fiscal_start_month
    year, number = (int(part) for part in month.split("-"))
    first_year = year if number >= start else year - 1
    first = f"{first_year:04d}-{start:02d}"
    return [_shift(first, k) for k in range(12)]


def latest_month_with_data(plan: Plan, today: date) -> str:
    """The latest month with an actual, no later than last month; last month when there is none."""
    last_month = _shift(today.strftime("%Y-%m"), -1)
    months = [r.month for r in plan.monthly_results if r.actual is not None and r.month <= last_month]
    return max(months) if months else last_month


def _band(measure: Measure, plan: float) -> float:
    share = float(getattr(measure, "yellow_band", 0.05))
    basis = str(getattr(measure, "band_basis", "of_plan"))
    gap = abs((measure.target or 0.0) - (measure.baseline or 0.0))
    if basis == "absolute":
        return share
    if basis == "of_gap":
        return share * gap
    band = share * abs(plan)
    return band if band else share * gap  # a plan of 0 (zero accidents): fall back to the gap


def status_of_values(measure: Measure, plan: float | None, actual: float | None) -> Status:
    if actual is None:
        return "none"
    if plan is None:
        return "no_plan"
    gap = actual - plan if measure.direction == Direction.HIGHER else plan - actual
    if gap >= 0:
        return "green"
    return "yellow" if -gap <= _band(measure, plan) + 1e-9 else "red"


def status_of(measure: Measure, result: MonthlyResult | None, month: str, as_of: str) -> tuple[Status, str]:
    """(status, the reason of a colour set by hand) of ``month`` seen from the review of ``as_of``."""
    if result is not None and result.colour is not None:
        colour: Status = HAND_COLOURS[result.colour]
        return colour, str(getattr(result, "override_reason", "") or "")
    if result is None or result.actual is None:
        return ("late" if month <= as_of else "none"), ""
    return status_of_values(measure, result.plan, result.actual), ""


def aggregate(measure: Measure, results: Sequence[MonthlyResult | None], field: str) -> float | None:
    """The months' ``field`` (plan or actual) added up by the measure's aggregation: sum, last or mean."""
    values = [getattr(r, field) for r in results if r is not None and getattr(r, field) is not None]
    if not values:
        return None
    if measure.aggregation == Aggregation.SUM:
        return float(sum(values))
    if measure.aggregation == Aggregation.LAST:
        return float(values[-1])
    return float(sum(values) / len(values))


def rule_in_words(measure: Measure) -> str:
    """``↓ lower is better · yellow within 5 % of plan``: why a cell is yellow, printed under the measure."""
    better = "↓ lower is better" if measure.direction == Direction.LOWER else "↑ higher is better"
    share = float(getattr(measure, "yellow_band", 0.05))
    basis = str(getattr(measure, "band_basis", "of_plan"))
    if basis == "absolute":
        unit = "pt" if measure.unit == "%" else measure.unit
        band = f"within {share:g} {unit}".rstrip()
    elif basis == "of_gap":
        band = f"within {share * 100:g} % of the baseline-to-target gap"
    else:
        band = f"within {share * 100:g} % of plan (of the gap when the plan is 0)"
    return f"{better} · yellow {band} · red beyond"
