"""Move a plan in time, whole months at a time, so a sample plan never looks stale.

The demo is stored as a plan dated once; it is shown moved so that its plan year ended last
month. Everything dated moves by the same number of months, in the fields and in the text:

- a date keeps its day of the month, and a month end stays a month end;
- a moment (a catchball turn, a decision) moves by whole weeks, so a Thursday stays a Thursday
  and the two days of the off-site stay side by side;
- text naming a date ("2026-03-31"), a month ("2026-03", "August 2026"), a plan year
  ("FY2026") or a span of years ("2026-2029") names the moved one;
- nothing dated in the current month lies after today.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Any

from hoshin_tui.model.plan import Plan

MONTH_NAMES = tuple(calendar.month_name)[1:]  # English, whatever the locale: the demo is written in English

_DATED = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>0[1-9]|1[0-2])-(?P<id>\d{2}))"
    r"|(?P<ym>(?P<yy>\d{4})-(?P<ymm>0[1-9]|1[0-2]))"
    r"|(?P<named>(?P<mname>" + "|".join(MONTH_NAMES) + r") (?P<ny>\d{4}))"
    r"|FY(?P<fy>\d{4})"
    r"|(?P<span>(?P<from>\d{4})-(?P<to>\d{4}))"
    r")(?![\w-])"
)


def month_index(day: date) -> int:
    """Months since year 0: ``month_index(b) - month_index(a)`` is how many months apart they are."""
    return day.year * 12 + day.month - 1


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` later (earlier when negative); a month end stays a month end."""
    index = month_index(day) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month + 1, last if at_end else min(day.day, last))


class Shift:
    """Moves dates, moments and text by ``months``; ``today`` caps what is dated this month."""

    def __init__(self, months: int, today: date) -> None:
        self.months = months
        self.today = today

    def date(self, day: date) -> date:
        moved = add_months(day, self.months)
        if month_index(moved) == month_index(self.today):
            return min(moved, self.today)
        return moved

    def moment(self, at: datetime) -> datetime:
        days = (add_months(at.date(), self.months) - at.date()).days
        return at + timedelta(weeks=days // 7)  # never later than the dates: the off-site stays before the year

    def year(self, year: int) -> int:
        """A plan year moves with its last month, December, so FY and spans stay in step."""
        return add_months(date(year, 12, 1), self.months).year

    def text(self, text: str) -> str:
        return _DATED.sub(self._replace, text) if any(ch.isdigit() for ch in text) else text

    def _replace(self, found: re.Match[str]) -> str:
        if found["iso"]:
            try:
                return self.date(date.fromisoformat(found["iso"])).isoformat()
            except ValueError:  # "2026-02-31" is no date: leave it as written
                return found[0]
        if found["ym"]:
            moved = add_months(date(int(found["yy"]), int(found["ymm"]), 1), self.months)
            return f"{moved.year:04d}-{moved.month:02d}"
        if found["named"]:
            moved = add_months(date(int(found["ny"]), MONTH_NAMES.index(found["mname"]) + 1, 1), self.months)
            return f"{MONTH_NAMES[moved.month - 1]} {moved.year}"
        if found["fy"]:
            return f"FY{self.year(int(found['fy']))}"
        return f"{self.year(int(found['from']))}-{self.year(int(found['to']))}"

    def value(self, value: Any) -> Any:
        """Any value of a dumped plan, moved: dicts and lists are walked, other values kept."""
        if isinstance(value, datetime):
            return self.moment(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value


def shift_plan(plan: Plan, months: int, today: date) -> Plan:
    """``plan`` moved ``months`` later (earlier when negative), validated again."""
    moved = Shift(months, today).value(plan.model_dump())
    moved["fiscal_start_month"] = (plan.fiscal_start_month - 1 + months) % 12 + 1  # the plan year moves whole
    return Plan.model_validate(moved)
