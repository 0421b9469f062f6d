"""Moving a plan in time: dates, moments and the dates named in text move together."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hoshin_tui.core.timeshift import Shift, add_months


def test_a_month_end_stays_a_month_end_and_other_days_keep_their_number() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 2, 28), 12) == date(2027, 2, 28)
    assert add_months(date(2027, 2, 28), 12) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 15), -15) == date(2024, 12, 15)


def test_text_names_the_moved_dates_months_and_years() -> None:
    shift = Shift(14, today=date(2030, 1, 1))
    text = "Red in August 2026 (2026-08); due 2026-09-30; horizon 2026-2029; FY2026; 38 to 19; st_20261234"
    assert shift.text(text) == (
        "Red in October 2027 (2027-10); due 2027-11-30; horizon 2028-2031; FY2028; 38 to 19; st_20261234"
    )


def test_a_moment_keeps_its_weekday_and_nothing_this_month_is_after_today() -> None:
    shift = Shift(3, today=date(2027, 4, 2))
    thursday = datetime(2026, 12, 17, 9, 30, tzinfo=UTC)
    moved = shift.moment(thursday)
    assert moved.strftime("%A %H:%M") == "Thursday 09:30" and moved <= datetime(2027, 3, 17, 9, 30, tzinfo=UTC)
    assert shift.date(date(2027, 1, 5)) == date(2027, 4, 2)  # the 5th would be after today
    assert shift.date(date(2026, 12, 31)) == date(2027, 3, 31)
