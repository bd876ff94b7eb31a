"""Deadlines in calendar and working days, and the rule for steps that straddle 2021-07-15."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.audit.law import TEXT_2017, TEXT_2021, OfficeRules, SectorRule, applicable_period, deadline
from app.audit.law import provisions as pv
from app.audit.law.periods import elapsed
from app.audit.law.transition import statutory_period
from app.domain.calendar import Calendar, YearData


def test_calendar_days_need_no_calendar_and_the_last_day_is_in_time() -> None:
    d = deadline(date(2019, 1, 1), 90, "calendar")
    assert d.due == date(2019, 4, 1) and not d.fallback
    assert not d.missed_by(date(2019, 4, 1)) and d.missed_by(date(2019, 4, 2))


def test_working_days_follow_the_holiday_notice(cal: Calendar) -> None:
    assert deadline(date(2024, 9, 27), 7, "working", cal).due == date(2024, 10, 12)  # DOMAIN §3.2
    # 2022 National Day: 10-01..07 off, Sat 10-08 and Sun 10-09 are 调休 working days.
    assert deadline(date(2022, 9, 30), 4, "working", cal).due == date(2022, 10, 11)
    assert elapsed(date(2022, 9, 30), date(2022, 10, 11), "working", cal) == 4
    assert elapsed(date(2022, 9, 30), date(2022, 10, 11), "calendar") == 11


def test_a_year_without_holiday_data_falls_back_to_weekends_and_says_so() -> None:
    cal = Calendar({2022: YearData(2022, frozenset(), frozenset())})
    d = deadline(date(2031, 3, 6), 2, "working", cal)  # Thursday → Monday
    assert d.due == date(2031, 3, 10) and d.fallback
    assert not deadline(date(2022, 3, 3), 2, "working", cal).fallback


def test_working_days_without_a_calendar_and_empty_periods_are_refused() -> None:
    with pytest.raises(ValueError):
        deadline(date(2022, 1, 4), 5, "working")
    with pytest.raises(ValueError):
        deadline(date(2022, 1, 4), 0, "calendar")


def test_service_of_a_decision_just_before_the_revision(cal: Calendar) -> None:
    # 2017 period (7 days) ends 2021-07-13, while the 2017 text still governed.
    early = statutory_period(pv.SERVICE, date(2021, 7, 6), cal)
    assert early.text is TEXT_2017 and early.deadline is not None and early.deadline.due == date(2021, 7, 13)
    # Its 7 days would end 2021-07-17, under the 2021 text: 7 working days apply.
    late = statutory_period(pv.SERVICE, date(2021, 7, 10), cal)
    assert late.text is TEXT_2021 and late.length == "7个工作日"
    assert late.deadline is not None and late.deadline.due == date(2021, 7, 20)


def test_the_2021_decision_period_reaches_earlier_cases_only_when_its_90th_day_is_in_force() -> None:
    old = statutory_period(pv.DECISION_PERIOD, date(2021, 4, 15))  # 90th day 2021-07-14
    assert old.text is TEXT_2017 and old.deadline is None and old.citation.endswith("行政处罚法》")
    new = statutory_period(pv.DECISION_PERIOD, date(2021, 4, 16))  # 90th day 2021-07-15
    assert new.text is TEXT_2021 and new.deadline is not None and new.deadline.due == date(2021, 7, 15)
    assert new.citation.endswith("第六十条")


def test_a_sector_rule_in_force_on_its_last_day_replaces_the_statute() -> None:
    rule = SectorRule(pv.DECISION_PERIOD, "水利", 60, "calendar", date(2018, 1, 1), "《某水行政处罚办法》第二十条",
                      date(2020, 12, 31))
    office = OfficeRules(sector_rules=(rule,))
    hit = applicable_period(pv.DECISION_PERIOD, date(2017, 12, 1), None, "水利", office)  # due 2018-01-30
    assert hit.sector_rule is rule and hit.citation == rule.citation and hit.deadline is not None
    assert hit.deadline.due == date(2018, 1, 30)
    other_field = applicable_period(pv.DECISION_PERIOD, date(2019, 1, 1), None, "城管", office)
    assert other_field.sector_rule is None and other_field.deadline is None
    expired = applicable_period(pv.DECISION_PERIOD, date(2020, 12, 1), None, "水利", office)  # due 2021-01-30
    assert expired.sector_rule is None


@given(st.dates(min_value=date(2017, 1, 1), max_value=date(2025, 12, 1)),
       st.sampled_from([pv.SERVICE, pv.HEARING_REQUEST, pv.CASH_HANDOVER, pv.PAYMENT]))
def test_the_governing_text_is_in_force_on_the_last_day(start: date, topic: str) -> None:
    cal = Calendar.bundled()
    applied = statutory_period(topic, start, cal)
    assert applied.deadline is not None
    assert applied.text.in_force(applied.deadline.due)
    assert applied.deadline.due > start
    if start + timedelta(days=30) < date(2021, 7, 15):
        assert applied.text is TEXT_2017
    if start >= date(2021, 7, 15):
        assert applied.text is TEXT_2021
