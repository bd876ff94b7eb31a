"""The law checks as registered rules: over the audit's records, with the office's rules from the
run, each finding's `rule` the article of the text in force on its date (moved here: the old
2021-only DECISION_OVERDUE, ONSITE and legal-review tests)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.audit import rules_law as rl
from app.audit.law import OfficeRules, ReviewCatalogue, SectorRule
from app.audit.model import Draft
from app.audit.registry import RULES
from app.audit.rule import Rule
from app.audit.rules_discretion import inconsistent_penalty
from tests.audit.factories import benchmark, case, codes, data, onsite, run_inputs

LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"
LAW_2021 = "2021年修订的《中华人民共和国行政处罚法》"
SAND = "《辽宁省河道采砂管理办法》第二十条"


def _run(rule: Rule, office: OfficeRules | None = None, **records: Any) -> list[Draft]:
    return list(rule.check(run_inputs(data(**records), office=office)))


def _case_rule(code: str) -> Rule:
    """The registered rule that produces `code` (found by running each over one matching case)."""
    return {"DECISION_OVERDUE": rl.CASE_RULES[1], "NOTICE_MISSING": rl.CASE_RULES[3],
            "MAJOR_DECISION_WITHOUT_LEGAL_REVIEW": rl.CASE_RULES[6]}[code]


def test_every_law_rule_is_in_the_registry() -> None:
    assert all(r in RULES for r in (*rl.RECEIPT_RULES, *rl.CASE_RULES))


def test_decision_period_in_2022_is_90_days_day_91_cites_article_60() -> None:
    filed = date(2022, 1, 10)
    found = _run(_case_rule("DECISION_OVERDUE"), cases=[
        case("C〔2022〕90号", filed_on=filed, decided_on=filed + timedelta(days=90)),
        case("C〔2022〕91号", filed_on=filed, decided_on=filed + timedelta(days=91), unit_id=7),
        case("C〔2022〕0号", decided_on=filed + timedelta(days=200))])  # no 立案 date: skipped
    [f] = found
    assert codes(found) == [("DECISION_OVERDUE", "C〔2022〕第91号")]
    assert f.rule == LAW_2021 + "第六十条" and f.unit_id == 7 and f.case_key == "C〔2022〕第91号"
    assert f.expected == {"max_days": 90, "decided_by": "2022-04-10"} and f.found["days"] == 91


def test_decision_period_in_2019_only_where_the_office_entered_a_sector_rule() -> None:
    filed = date(2019, 1, 10)
    c = case("C〔2019〕1号", filed_on=filed, decided_on=filed + timedelta(days=120), field="水利")
    assert _run(_case_rule("DECISION_OVERDUE"), cases=[c]) == []
    office = OfficeRules(sector_rules=(SectorRule("decision_period", "水利", 90, "calendar", date(2018, 1, 1),
                                                  SAND),))
    [f] = _run(_case_rule("DECISION_OVERDUE"), office, cases=[c])
    assert f.rule == SAND and f.expected["max_days"] == 90


def test_a_recorded_extension_moves_the_last_day() -> None:
    filed = date(2022, 1, 10)
    c = case("C〔2022〕1号", filed_on=filed, decided_on=filed + timedelta(days=97),
             extension_on=date(2022, 4, 1), extended_to=date(2022, 5, 10))
    assert _run(_case_rule("DECISION_OVERDUE"), cases=[c]) == []


def test_a_field_the_sheet_had_no_column_for_keeps_the_check_silent() -> None:
    day = date(2022, 5, 10)
    blank = case("C〔2022〕1号", decided_on=day, fine_fen=100_000)  # entered by hand: a blank 告知
    unseen = case("C〔2022〕2号", decided_on=day, fine_fen=100_000, unknown_fields=frozenset({"notified_on"}))
    found = _run(_case_rule("NOTICE_MISSING"), cases=[blank, unseen])
    assert codes(found) == [("NOTICE_MISSING", "C〔2022〕第1号")]
    assert found[0].rule == LAW_2021 + "第四十四条、第六十二条"


def test_major_decision_needs_review_on_or_before_the_decision() -> None:
    day = date(2019, 5, 10)
    rule = _case_rule("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW")
    found = _run(rule, cases=[
        case("C〔2019〕1号", major=True, decided_on=day, legal_review_on=day),
        case("C〔2019〕2号", major=True, decided_on=day, legal_review_on=day + timedelta(days=1)),
        case("C〔2019〕3号", major=True, decided_on=day),
        case("C〔2019〕4号", major=False, decided_on=day),
        case("C〔2019〕5号", major=True, decided_on=day, unknown_fields=frozenset({"legal_review_on"}))])
    assert codes(found) == [("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", "C〔2019〕第2号"),
                            ("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", "C〔2019〕第3号")]
    assert found[0].rule == LAW_2017 + "第三十八条第三款"


def test_the_catalogue_makes_an_unflagged_decision_major() -> None:
    cat = ReviewCatalogue(date(2020, 1, 1), penalty_kinds=("吊销许可证件",), citation="《某局重大执法决定法制审核目录清单》")
    c = case("C〔2022〕1号", major=False, decided_on=date(2022, 3, 1), penalty="吊销取水许可证")
    assert _run(_case_rule("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW"), cases=[c]) == []
    [f] = _run(_case_rule("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW"), OfficeRules(review_catalogues=(cat,)), cases=[c])
    assert f.rule == LAW_2021 + "第五十八条；《某局重大执法决定法制审核目录清单》"
    assert f.expected["major_because"] == ["目录清单所列处罚：吊销许可证件"]


def test_onsite_limit_is_20_yuan_in_2019_and_100_yuan_in_2022_inclusive() -> None:
    old, new = date(2019, 6, 3), date(2022, 6, 3)
    found = _run(rl.RECEIPT_RULES[0], onsite_receipts=[
        onsite("A1", amount_fen=2_000, issued_on=old), onsite("A2", amount_fen=5_000, issued_on=old, unit_id=3),
        onsite("A3", amount_fen=10_000, issued_on=new), onsite("A4", amount_fen=10_001, issued_on=new),
        onsite("A5", amount_fen=5_000, issued_on=old, onsite_reason="边远地区，当事人提出")])
    assert codes(found) == [("ONSITE_COLLECTION_OVER_LIMIT", "A2"), ("ONSITE_COLLECTION_OVER_LIMIT", "A4")]
    assert found[0].rule == LAW_2017 + "第四十七条" and found[0].expected == {"max_fen": 2_000}
    assert found[0].unit_id == 3 and found[0].receipt_key == "A2"
    assert found[1].rule == LAW_2021 + "第六十八条" and found[1].expected == {"max_fen": 10_000}


def test_cash_handed_over_late_only_where_the_receipts_carry_the_date() -> None:
    day = date(2022, 6, 8)  # a Wednesday: 2 working days end on Friday 6-10
    found = _run(rl.RECEIPT_RULES[1], onsite_receipts=[
        onsite("A1", amount_fen=5_000, issued_on=day, handed_over_on=date(2022, 6, 10)),
        onsite("A2", amount_fen=5_000, issued_on=day, handed_over_on=date(2022, 6, 13)),
        onsite("A3", amount_fen=5_000, issued_on=day, known=frozenset({"receipt_no", "issued_on"}))])
    assert codes(found) == [("CASH_HANDOVER_LATE", "A2")]
    assert found[0].rule == LAW_2021 + "第七十一条"


def _fines(cause: str, fines: list[int], start: int, **kw: Any) -> list:  # type: ignore[type-arg]
    return [case(f"C〔2022〕{start + i}号", cause=cause, legal_basis="《水法》第六十九条", fine_fen=f,
                 party=f"当事人{start + i}", decided_on=date(2022, 3, 1) + timedelta(days=i), **kw)
            for i, f in enumerate(fines)]


def test_inconsistent_penalty_never_compares_a_warning_and_fine_with_a_fine_alone() -> None:
    d = data(cases=_fines("非法采砂", [1_000, 2_000], 1) + _fines("非法采砂", [50_000], 5, penalty="警告并处罚款"))
    assert list(inconsistent_penalty(d)) == []


def test_inconsistent_penalty_compares_persons_and_organisations_apart() -> None:
    people = _fines("非法采砂", [1_000, 2_000], 1, party_kind="person")
    firms = _fines("非法采砂", [50_000], 5, party_kind="organisation")
    assert list(inconsistent_penalty(data(cases=people + firms))) == []
    [f] = inconsistent_penalty(data(cases=people + _fines("非法采砂", [50_000], 5, party_kind="person"),
                                    benchmarks=[benchmark("非法采砂", lo=1_000, hi=100_000)]))
    assert f.expected["group"] == {"violation": "非法采砂", "legal_basis": "《水法》第六十九条", "party_kind": "person",
                                   "penalty_kinds": ["罚款"],
                                   "benchmark": {"min_fen": 1_000, "max_fen": 100_000,
                                                 "benchmark_id": f.expected["group"]["benchmark"]["benchmark_id"]}}
    assert "当事人类别：公民" in f.message and "裁量基准 10.00–1,000.00 元" in f.message
    assert f.rule == LAW_2021 + "第五条、第三十四条（过罚相当、裁量基准）"


def test_one_decision_entered_twice_or_in_instalments_counts_once() -> None:
    day = date(2022, 3, 1)
    same = dict(cause="非法采砂", legal_basis="《水法》第六十九条", party="张三", decided_on=day)
    twice = [case("C〔2022〕1号", fine_fen=1_000, **same), case("C(2022)1号", fine_fen=1_000, **same)]
    others = _fines("非法采砂", [6_000], 5)
    assert list(inconsistent_penalty(data(cases=twice + others))) == []  # two decisions, not three
    parts = [case("C〔2022〕1号", fine_fen=1_000, enforcement="分期缴纳", **same),
             case("C〔2022〕1-2号", fine_fen=1_000, enforcement="分期缴纳", **same)]
    [f] = inconsistent_penalty(data(cases=parts + _fines("非法采砂", [3_000, 20_000], 5)))
    assert f.found["min_fen"] == 2_000 and f.found["cases"] == 3  # the instalments add up to 2,000


def test_double_penalty_never_fires_on_one_decision_entered_twice() -> None:
    day = date(2022, 3, 1)
    same = dict(cause="非法采砂", party="张三", party_id="", act_on=date(2022, 1, 5), fine_fen=1_000)
    twice = [case("C〔2022〕1号", decided_on=day, **same), case("C(2022)1号", decided_on=day, **same)]
    assert _run(rl.CASE_RULES[-1], cases=twice) == []
    again = [*twice, case("C〔2022〕9号", decided_on=day + timedelta(days=30), **same)]
    found = _run(rl.CASE_RULES[-1], cases=again)
    assert codes(found) == [("DOUBLE_PENALTY", "C〔2022〕第9号")] and found[0].rule == LAW_2021 + "第二十九条"


def test_a_fine_open_to_a_hearing_by_the_office_threshold_cites_it() -> None:
    from app.audit.law import HearingThreshold

    office = OfficeRules(hearing_thresholds=(HearingThreshold(500_000, 5_000_000, date(2017, 1, 1),
                                                              "《某省行政处罚听证程序规定》第五条"),))
    c = case("C〔2022〕1号", fine_fen=600_000, party_kind="person", notified_on=date(2022, 5, 10),
             decided_on=date(2022, 5, 11))
    [f] = _run(rl.CASE_RULES[4], office, cases=[c])
    assert f.rule == LAW_2021 + "第六十三条、第六十四条；《某省行政处罚听证程序规定》第五条"
    assert _run(rl.CASE_RULES[4], cases=[c]) == []  # no 较大数额 entered: a fine alone is not open
