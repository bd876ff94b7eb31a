"""Decision period by the text in force, sector rules, extensions, backlog, basis and notice."""

from __future__ import annotations

from datetime import date, timedelta

from app.audit.law import CaseFacts, OfficeRules, SectorRule
from app.audit.law import provisions as pv
from app.audit.rules_law_cases import case_pending_too_long, decision_overdue, no_legal_basis, notice_missing
from app.domain.calendar import Calendar

CAL = Calendar.bundled()
LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"
LAW_2021 = "2021年修订的《中华人民共和国行政处罚法》"
WATER_RULE = SectorRule(pv.DECISION_PERIOD, "水利", 90, "calendar", date(2018, 1, 1),
                        "《水行政处罚实施办法》第三十条（本单位录入）")
OFFICE = OfficeRules(sector_rules=(WATER_RULE,))


def case(filed: date, days: int, **kw: object) -> CaseFacts:
    return CaseFacts("某罚〔2019〕7号", filed_on=filed, decided_on=filed + timedelta(days=days), **kw)  # type: ignore[arg-type]


def test_120_days_in_2019_without_a_sector_rule_is_no_finding() -> None:
    assert decision_overdue(case(date(2019, 3, 1), 120), CAL) is None
    assert decision_overdue(case(date(2019, 3, 1), 120, field="城管"), CAL, office=OFFICE) is None


def test_120_days_in_2019_with_the_offices_90_day_rule_in_force_cites_that_rule() -> None:
    f = decision_overdue(case(date(2019, 3, 1), 120, field="水利"), CAL, office=OFFICE)
    assert f is not None and f.code == "DECISION_OVERDUE"
    assert f.citation == "《水行政处罚实施办法》第三十条（本单位录入）" and f.law_text == "2017"
    assert f.expected == {"max_days": 90, "decided_by": "2019-05-30"}
    assert f.found == {"decided_on": "2019-06-29", "days": 120}
    assert f.message == "案卷 某罚〔2019〕7号 于 2019-03-01 立案，2019-06-29 作出决定，历时 120 日，超过90日办案期限"


def test_97_days_in_2022_is_overdue_under_article_60() -> None:
    f = decision_overdue(case(date(2022, 2, 1), 97), CAL)
    assert f is not None and f.citation == LAW_2021 + "第六十条" and f.law_text == "2021"
    assert f.expected == {"max_days": 90, "decided_by": "2022-05-02"}
    assert f.found == {"decided_on": "2022-05-09", "days": 97}


def test_day_90_is_in_time_day_91_is_not() -> None:
    assert decision_overdue(case(date(2022, 2, 1), 90), CAL) is None
    assert decision_overdue(case(date(2022, 2, 1), 91), CAL) is not None


def test_97_days_in_2022_with_a_recorded_extension_is_in_time() -> None:
    ext = {"extension_on": date(2022, 4, 25), "extended_to": date(2022, 6, 1)}
    assert decision_overdue(case(date(2022, 2, 1), 97, **ext), CAL) is None
    f = decision_overdue(case(date(2022, 2, 1), 130, **ext), CAL)  # past the new last day too
    assert f is not None and f.expected == {"max_days": 90, "decided_by": "2022-06-01", "extended": True}
    assert "延期至 2022-06-01 后仍超期" in f.message


def test_an_extension_approved_after_the_period_ran_out_does_not_count() -> None:
    f = decision_overdue(case(date(2022, 2, 1), 97, extension_on=date(2022, 5, 5), extended_to=date(2022, 6, 1)), CAL)
    assert f is not None and f.expected["decided_by"] == "2022-05-02"


def test_cases_filed_before_the_revision() -> None:
    # 90th day 2021-07-14: the 2017 text governed that day, no general period.
    assert decision_overdue(case(date(2021, 4, 15), 200), CAL) is None
    # 90th day 2021-07-15: the decision had to be made under the 2021 text.
    f = decision_overdue(case(date(2021, 4, 16), 91), CAL)
    assert f is not None and f.citation == LAW_2021 + "第六十条" and f.expected["decided_by"] == "2021-07-15"


def test_a_working_day_sector_rule_counts_working_days(cal) -> None:
    rule = SectorRule(pv.DECISION_PERIOD, "", 30, "working", date(2022, 1, 1), "某规章第十条")
    office = OfficeRules(sector_rules=(rule,))
    # 30 working days after 2022-09-01 skip 中秋 (09-12) and National Day, count the 调休 weekend
    # 10-08/10-09: the last day is 2022-10-19.
    assert decision_overdue(case(date(2022, 9, 1), 48), cal, office) is None  # 2022-10-19
    f = decision_overdue(case(date(2022, 9, 1), 49), cal, office)  # 2022-10-20
    assert f is not None and f.expected == {"max_working_days": 30, "decided_by": "2022-10-19"}
    assert f.found == {"decided_on": "2022-10-20", "working_days": 31}
    assert f.citation == "某规章第十条" and not f.calendar_fallback


def test_pending_case_past_the_backlog_threshold() -> None:
    pending = CaseFacts("某罚〔2019〕9号", filed_on=date(2019, 3, 1))
    assert case_pending_too_long(pending, date(2020, 2, 29), CAL) is None  # day 365
    f = case_pending_too_long(pending, date(2020, 3, 1), CAL)
    assert f is not None and f.code == "CASE_PENDING_TOO_LONG" and f.law_text == "2017"
    assert f.expected == {"decided_or_closed_by": "2020-02-29", "backlog_days": 365}
    assert f.found == {"decided_on": None, "closed_on": None, "pending_days": 366}
    assert f.citation == LAW_2017 + "；历史积案标准：立案后 365 日内作出决定或结案"
    assert case_pending_too_long(CaseFacts("x", filed_on=date(2019, 3, 1), closed_on=date(2019, 9, 1)),
                                 date(2024, 1, 1), CAL) is None
    no_decision_column = CaseFacts("x", filed_on=date(2019, 3, 1), known=frozenset({"case_no", "filed_on"}))
    assert case_pending_too_long(no_decision_column, date(2024, 1, 1), CAL) is None


def test_pending_threshold_is_an_office_setting_and_never_shorter_than_the_period() -> None:
    office = OfficeRules(backlog_days=30)
    f = case_pending_too_long(CaseFacts("x", filed_on=date(2022, 1, 1)), date(2022, 4, 2), CAL, office=office)
    assert f is not None and f.expected["decided_or_closed_by"] == "2022-04-01"  # 90 days, not 30
    assert f.citation.startswith(LAW_2021 + "第六十条")
    assert case_pending_too_long(CaseFacts("x", filed_on=date(2022, 1, 1)), date(2022, 4, 1), CAL, office=office) is None


def test_no_legal_basis() -> None:
    base = {"decided_on": date(2019, 5, 1), "fine_fen": 50_000}
    f = no_legal_basis(CaseFacts("A1", legal_basis=" 无 ", **base))  # type: ignore[arg-type]
    assert f is not None and f.code == "NO_LEGAL_BASIS" and f.citation == LAW_2017 + "第三条、第三十九条"
    assert f.expected == "载明处罚依据" and f.found == {"legal_basis": "无"}
    f = no_legal_basis(CaseFacts("A1", decided_on=date(2022, 5, 1), penalty=("警告",)))
    assert f is not None and f.citation == LAW_2021 + "第三十八条、第五十九条" and f.found == {"legal_basis": None}
    assert no_legal_basis(CaseFacts("A1", legal_basis="《水法》第六十五条", **base)) is None  # type: ignore[arg-type]
    assert no_legal_basis(CaseFacts("A1", decided_on=date(2022, 5, 1), penalty=("不予行政处罚",))) is None
    assert no_legal_basis(CaseFacts("A1", known=frozenset({"case_no", "decided_on", "fine_fen"}), **base)) is None  # type: ignore[arg-type]


def test_notice_missing_only_where_the_register_has_the_column() -> None:
    f = notice_missing(CaseFacts("A2", decided_on=date(2021, 7, 14), fine_fen=10_000))
    assert f is not None and f.code == "NOTICE_MISSING" and f.citation == LAW_2017 + "第三十一条、第四十一条"
    assert f.found == {"notified_on": None}
    f = notice_missing(CaseFacts("A2", decided_on=date(2021, 7, 15), fine_fen=10_000))
    assert f is not None and f.citation == LAW_2021 + "第四十四条、第六十二条"
    assert notice_missing(CaseFacts("A2", decided_on=date(2022, 1, 5), notified_on=date(2022, 1, 1),
                                    fine_fen=10_000)) is None
    no_column = CaseFacts("A2", decided_on=date(2022, 1, 5), fine_fen=10_000,
                          known=frozenset({"case_no", "decided_on", "fine_fen"}))
    assert notice_missing(no_column) is None
    assert notice_missing(CaseFacts("A2", decided_on=date(2022, 1, 5))) is None  # no penalty imposed
