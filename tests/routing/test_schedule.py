"""Working-day arithmetic: weekends, holidays and lead time."""

from __future__ import annotations

from datetime import date

from routing.network import Calendar
from routing.schedule import add_working_days, next_working

CAL = Calendar(weekdays=["mon", "tue", "wed", "thu", "fri"], holidays=[date(2026, 12, 25)])


def test_weekends_and_holidays_are_skipped() -> None:
    assert next_working(CAL, date(2026, 11, 28)) == date(2026, 11, 30)  # Saturday -> Monday
    assert add_working_days(CAL, date(2026, 12, 24), 1) == date(
        2026, 12, 28
    )  # over Christmas and a weekend
    assert add_working_days(CAL, date(2026, 11, 25), 0) == date(2026, 11, 25)


def test_six_day_week() -> None:
    six = Calendar(weekdays=["mon", "tue", "wed", "thu", "fri", "sat"])
    assert add_working_days(six, date(2026, 11, 27), 1) == date(2026, 11, 28)
