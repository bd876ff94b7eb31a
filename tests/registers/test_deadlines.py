"""A complaint's deadlines as the office's settings say: 7 calendar days (or working days when the
setting says so) for the procedural reply, one month — same day next month, clamped — for the result."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import UserError
from app.registers import deadlines
from app.registers.deadlines import DeadlineRules, add_months, read_rules, write_rules


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2023, 9, 28), 1, date(2023, 10, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # clamped, leap year
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2023, 12, 15), 1, date(2024, 1, 15)),  # over the year's end
    (date(2023, 8, 31), 3, date(2023, 11, 30)),
])
def test_one_month_is_the_same_day_next_month_clamped(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_the_defaults_are_seven_calendar_days_and_one_month(store) -> None:  # type: ignore[no-untyped-def]
    rules = read_rules(store)
    assert rules == DeadlineRules(7, "calendar", 1)
    received = date(2023, 9, 28)
    assert deadlines.reply_due(received, rules, store) == date(2023, 10, 5)
    assert deadlines.result_due(received, rules) == date(2023, 10, 28)


def test_working_days_follow_the_holiday_calendar(store) -> None:  # type: ignore[no-untyped-def]
    # 2023: 9-29 … 10-6 off (中秋、国庆), 10-7 and 10-8 worked (调休): the 7th working day is 10-13
    rules = write_rules(store, reply_count="working", operator="测试")
    assert rules.reply_count == "working"
    assert deadlines.reply_due(date(2023, 9, 28), rules, store) == date(2023, 10, 13)
    assert write_rules(store, reply_days=5, result_months=2).describe() == "程序性回复：收到后 5 个工作日内；实体性办理：2 个月内"


@pytest.mark.parametrize("kwargs", [{"reply_days": 0}, {"reply_count": "weekdays"}, {"result_months": -1}])
def test_bad_settings_are_refused_and_nothing_changes(store, kwargs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError):
        write_rules(store, **kwargs)
    assert read_rules(store) == DeadlineRules()
