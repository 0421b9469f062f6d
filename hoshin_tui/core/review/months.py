"""Months as the review counts them: "YYYY-MM" text, in fiscal order, starting in any month.

A plan year is twelve months from ``Plan.fiscal_start_month``; which year is the one the plan
holds is read from its monthly results (the latest month with a row), so a demo moved in time
or a plan rolled forward needs no year stored beside it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from hoshin_tui.core import clock
from hoshin_tui.model import Plan

MONTH_ABBR = tuple(calendar.month_abbr)[1:]  # English, whatever the locale


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_number(month: str) -> int:
    """Months since year 0, so two months subtract: ``month_number(b) - month_number(a)``."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def add_months(month: str, count: int) -> str:
    year, index = divmod(month_number(month) + count, 12)
    return month_key(year, index + 1)


def month_of(day: date) -> str:
    return month_key(day.year, day.month)


def short_label(month: str) -> str:
    """``"2027-03"`` -> ``"Mar"``: a column header."""
    return MONTH_ABBR[int(month[5:7]) - 1]


def long_label(month: str) -> str:
    """``"2027-03"`` -> ``"Mar 2027"``."""
    return f"{short_label(month)} {month[:4]}"


def fiscal_months(first: str) -> list[str]:
    """The twelve months of the plan year that starts in ``first``, in fiscal order."""
    return [add_months(first, offset) for offset in range(12)]


def fiscal_year_start(month: str, start_month: int) -> str:
    """The first month of the plan year (starting in ``start_month``) that holds ``month``."""
    year = int(month[:4]) if int(month[5:7]) >= start_month else int(month[:4]) - 1
    return month_key(year, start_month)


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """The twelve months of a plan year and its four quarters."""

    months: tuple[str, ...]

    @property
    def first(self) -> str:
        return self.months[0]

    @property
    def last(self) -> str:
        return self.months[-1]

    @property
    def label(self) -> str:
        """``"FY2027"``: named by the calendar year it ends in (Apr 2026 - Mar 2027 is FY2027)."""
        return f"FY{self.last[:4]}"

    def quarters(self) -> list[tuple[str, ...]]:
        return [self.months[index : index + 3] for index in range(0, 12, 3)]

    def quarter_of(self, month: str) -> int:
        """1-4 for a month of this year; 0 for any other."""
        return self.months.index(month) // 3 + 1 if month in self.months else 0

    def holds(self, month: str) -> bool:
        return self.first <= month <= self.last

    def clamp(self, month: str) -> str:
        return min(max(month, self.first), self.last)

    def previous(self) -> FiscalYear:
        return FiscalYear(tuple(fiscal_months(add_months(self.first, -12))))


def plan_year(plan: Plan, today: date | None = None) -> FiscalYear:
    """The plan year the review shows: the one holding the latest monthly result, else today's."""
    latest = max((r.month for r in plan.monthly_results), default=None)
    anchor = latest or month_of(today or clock.today())
    return FiscalYear(tuple(fiscal_months(fiscal_year_start(anchor, plan.fiscal_start_month))))


def default_as_of(year: FiscalYear, today: date | None = None) -> str:
    """The month a review looks at by default: last month, kept inside the plan year."""
    return year.clamp(add_months(month_of(today or clock.today()), -1))
