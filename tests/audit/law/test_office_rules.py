"""The office's own rules: typed data, JSON round trip, validation in Chinese, lookups by field."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.audit.law import HearingThreshold, OfficeRules, ReviewCatalogue, SectorRule
from app.audit.law import penalties as pk
from app.audit.law import provisions as pv
from app.errors import ValidationError

WATER = SectorRule(pv.DECISION_PERIOD, "水利", 90, "calendar", date(2018, 3, 1), "《水行政处罚实施办法》第三十条")
THRESHOLD = HearingThreshold(500_000, 5_000_000, date(2017, 1, 1), "某省较大数额罚款标准", "",
                             None, None, 10_000_000)
CATALOGUE = ReviewCatalogue(date(2019, 1, 1), (pk.REVOKE_LICENCE, pk.STOP_BUSINESS), 1_000_000, 10_000_000, True,
                            (), "某局重大执法决定法制审核目录清单")
RULES = OfficeRules((WATER,), (THRESHOLD,), (CATALOGUE,), backlog_days=400)


def test_round_trip_through_json_text() -> None:
    doc = json.loads(json.dumps(RULES.to_json(), ensure_ascii=False))
    assert doc["version"] == 1
    assert OfficeRules.from_json(doc) == RULES
    assert OfficeRules.from_json({}) == OfficeRules()


def test_catalogue_kinds_written_loosely_are_stored_by_their_legal_name() -> None:
    doc = {"review_catalogues": [{"effective_from": "2019-01-01", "penalty_kinds": ["吊销许可证", "责令停产停业"]}]}
    [cat] = OfficeRules.from_json(doc).review_catalogues
    assert cat.penalty_kinds == (pk.REVOKE_LICENCE, pk.STOP_BUSINESS)


@pytest.mark.parametrize(("doc", "words"), [
    ({"sector_rules": [{"topic": "payment_period", "period": 30, "effective_from": "2019-01-01",
                        "citation": "x"}]}, "不能由规章另行规定"),
    ({"sector_rules": [{"topic": "decision_period", "period": 0, "effective_from": "2019-01-01",
                        "citation": "x"}]}, "规章期限第1条"),
    ({"sector_rules": [{"topic": "decision_period", "period": 60, "effective_from": "2019-01-01"}]}, "citation"),
    ({"sector_rules": [{"topic": "decision_period", "period": 60.5, "effective_from": "2019-01-01",
                        "citation": "x"}]}, "应为整数"),
    ({"sector_rules": [{"topic": "decision_period", "period": 60, "effective_from": "2019-02-30",
                        "citation": "x"}]}, "不是有效日期"),
    ({"sector_rules": [{"topic": "decision_period", "period": 60, "effective_from": "2020-01-01",
                        "effective_to": "2019-01-01", "citation": "x"}]}, "失效日期早于生效日期"),
    ({"hearing_thresholds": [{"person_fen": "5000", "organisation_fen": 1, "effective_from": "2019-01-01"}]},
     "应为整数"),
    ({"review_catalogues": [{"effective_from": "2019-01-01", "penalty_kinds": ["批评一下"]}]}, "无法识别"),
    ({"review_catalogues": [{"effective_from": "2019-01-01"}]}, "未列出任何重大执法决定情形"),
    ({"version": 9}, "请升级程序"),
    ({"sector_rules": {"topic": "decision_period"}}, "应为列表"),
    ({"backlog_days": 0}, "历史积案标准"),
])
def test_bad_documents_are_expected_errors_in_chinese(doc: dict, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        OfficeRules.from_json(doc)
    assert words in err.value.message
    assert err.value.fields


def test_two_rules_for_one_field_and_topic_may_not_overlap() -> None:
    later = SectorRule(pv.DECISION_PERIOD, "水利", 60, "calendar", date(2020, 1, 1), "新办法第九条")
    with pytest.raises(ValidationError, match="重叠"):
        OfficeRules(sector_rules=(WATER, later))
    ended = SectorRule(pv.DECISION_PERIOD, "水利", 90, "calendar", date(2018, 3, 1), "旧办法", date(2019, 12, 31))
    rules = OfficeRules(sector_rules=(ended, later))
    assert rules.sector_rule(pv.DECISION_PERIOD, "水利", date(2019, 6, 1)) is ended
    assert rules.sector_rule(pv.DECISION_PERIOD, "水利", date(2020, 6, 1)) is later
    assert rules.sector_rule(pv.DECISION_PERIOD, "水利", date(2017, 6, 1)) is None
    # Other topics and other fields do not clash.
    OfficeRules(sector_rules=(WATER, SectorRule(pv.SERVICE, "水利", 5, "working", date(2018, 3, 1), "x"),
                              SectorRule(pv.DECISION_PERIOD, "城管", 60, "calendar", date(2018, 3, 1), "y")))


def test_the_fields_own_threshold_wins_over_the_general_one() -> None:
    own = HearingThreshold(300_000, 3_000_000, date(2017, 1, 1), "水利较大数额", "水利")
    rules = OfficeRules(hearing_thresholds=(THRESHOLD, own))
    assert rules.hearing_threshold("水利", date(2019, 1, 1)) is own
    assert rules.hearing_threshold("城管", date(2019, 1, 1)) is THRESHOLD
    assert THRESHOLD.confiscation_limit("person") == 500_000  # falls back to the fine amount
    assert THRESHOLD.confiscation_limit("organisation") == 10_000_000


def test_constructing_an_invalid_rule_in_code_is_refused_too() -> None:
    with pytest.raises(ValidationError, match="期限"):
        SectorRule(pv.DECISION_PERIOD, "", 0, "calendar", date(2019, 1, 1), "x")
    with pytest.raises(ValidationError, match="规范名称"):
        ReviewCatalogue(date(2019, 1, 1), ("吊销许可证",))
    with pytest.raises(ValidationError, match="金额"):
        HearingThreshold(0, 1, date(2019, 1, 1))


@given(st.lists(st.tuples(st.integers(1, 3650), st.sampled_from(["calendar", "working"]),
                          st.dates(date(2010, 1, 1), date(2030, 1, 1)), st.text(min_size=1, max_size=12)),
                max_size=4),
       st.integers(1, 3650))
def test_any_valid_rules_survive_the_round_trip(rows: list, backlog: int) -> None:
    # Each row in its own field, so none overlap.
    rules = tuple(SectorRule(pv.DECISION_PERIOD, f"领域{i}", n, kind, first, f"办法{i}{cite.strip() or 'x'}")
                  for i, (n, kind, first, cite) in enumerate(rows))
    office = OfficeRules(sector_rules=rules, backlog_days=backlog)
    assert OfficeRules.from_json(json.loads(json.dumps(office.to_json()))) == office
