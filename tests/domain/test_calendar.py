"""Working days after the State Council's notices; weekends-only fallback that says so."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from app.domain.calendar import Calendar, YearData, holidays_dir, load_bundled


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.bundled()


def test_every_year_2010_to_2026_ships_with_a_source() -> None:
    years = load_bundled()
    assert sorted(years) == list(range(2010, 2027))
    for y, data in years.items():
        assert data.source.startswith(f"国务院办公厅关于{y}年部分节假日安排的通知")
        assert all(d.year == y for d in data.holidays | data.workdays)
        assert not data.holidays & data.workdays
        assert all(d.weekday() >= 5 for d in data.workdays), y  # adjusted days are weekends


def test_2019_file_matches_the_notice() -> None:
    doc = json.loads((holidays_dir() / "2019.json").read_text(encoding="utf-8"))
    assert "国办发明电〔2018〕15号" in doc["source"]
    hol = set(doc["holidays"])
    assert {f"2019-02-{d:02d}" for d in range(4, 11)} <= hol  # 春节
    assert {"2019-05-01", "2019-05-02", "2019-05-03", "2019-05-04", "2019-06-07", "2019-09-13"} <= hol
    assert {f"2019-10-{d:02d}" for d in range(1, 8)} <= hol
    assert set(doc["workdays"]) == {"2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29",
                                    "2019-10-12"}


def test_adjusted_weekend_is_a_workday_and_holiday_weekday_is_not(cal: Calendar) -> None:
    assert cal.is_workday(date(2019, 2, 2))  # Saturday worked before 春节
    assert not cal.is_workday(date(2019, 2, 4))  # Monday off
    assert not cal.is_workday(date(2019, 2, 9))  # Saturday inside the holiday
    assert cal.is_workday(date(2019, 2, 11))
    assert not cal.is_workday(date(2019, 3, 2))  # ordinary Saturday
    assert cal.years_missing == set()


@pytest.mark.parametrize(("decided", "deadline"), [
    (date(2019, 1, 31), date(2019, 2, 14)),  # 春节: 2/1, 2/2(六), 2/3(日), then 2/11–2/14
    (date(2019, 4, 26), date(2019, 5, 8)),  # 劳动节: 4/28(日), 4/29, 4/30, 5/5(日), 5/6–5/8
    (date(2019, 6, 4), date(2019, 6, 14)),  # 端午 6/7
    (date(2019, 9, 27), date(2019, 10, 12)),  # 国庆: 9/29(日), 9/30, 10/8–10/11, 10/12(六)
    (date(2024, 9, 27), date(2024, 10, 12)),  # DOMAIN §3.2's example
    (date(2019, 3, 4), date(2019, 3, 13)),  # an ordinary fortnight
])
def test_seventh_working_day_after_a_decision(cal: Calendar, decided: date, deadline: date) -> None:
    assert cal.add_workdays(decided, 7) == deadline
    assert cal.is_workday(deadline)
    # exactly seven working days lie in (decided, deadline]
    days = [decided + timedelta(days=i) for i in range(1, (deadline - decided).days + 1)]
    assert sum(cal.is_workday(d) for d in days) == 7


def test_start_day_is_not_counted(cal: Calendar) -> None:
    assert cal.add_workdays(date(2019, 3, 4), 1) == date(2019, 3, 5)
    assert cal.add_workdays(date(2019, 3, 8), 1) == date(2019, 3, 11)  # Friday → Monday
    with pytest.raises(ValueError):
        cal.add_workdays(date(2019, 3, 4), 0)


def test_year_without_data_falls_back_to_weekends_and_says_so() -> None:
    cal = Calendar.bundled()
    assert cal.add_workdays(date(2030, 1, 4), 7) == date(2030, 1, 15)
    assert cal.years_missing == {2030}
    assert cal.fallback_years(date(2026, 12, 28), date(2027, 1, 6)) == [2027]
    assert cal.fallback_years(date(2019, 1, 1), date(2019, 12, 31)) == []


def test_fallback_is_reported_again_when_the_answer_comes_from_the_cache() -> None:
    cal = Calendar.bundled()
    cal.add_workdays(date(2030, 1, 4), 7)
    cal.years_missing.clear()
    cal.add_workdays(date(2030, 1, 4), 7)
    assert cal.years_missing == {2030}


def test_a_year_added_by_hand_is_used_and_overrides() -> None:
    added = YearData(2030, frozenset({date(2030, 1, 7), date(2030, 1, 8)}), frozenset({date(2030, 1, 12)}),
                     "手工录入", "store")
    cal = Calendar.bundled([added])
    # 1/7–1/8 off, Saturday 1/12 worked: 1/9, 1/10, 1/11, 1/12, 1/14, 1/15, 1/16
    assert cal.add_workdays(date(2030, 1, 4), 7) == date(2030, 1, 16)
    assert not cal.is_workday(date(2030, 1, 7))
    assert cal.is_workday(date(2030, 1, 12))
    assert cal.years_missing == set()
