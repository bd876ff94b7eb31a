"""Hearing rights by the text in force, legal review after a hearing, major decisions by the
catalogue, decisions after a failed review, and service in working days."""

from __future__ import annotations

from datetime import date, timedelta

from app.audit.law import CaseFacts, HearingThreshold, OfficeRules, ReviewCatalogue
from app.audit.law import penalties as pk
from app.audit.rules_procedure import (
    decided_after_review_rejected,
    hearing_rights_ignored,
    hearing_without_legal_review,
    major_without_legal_review,
    service_late,
)
from app.domain.calendar import Calendar

LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"
LAW_2021 = "2021年修订的《中华人民共和国行政处罚法》"
CATALOGUE = ReviewCatalogue(date(2019, 1, 1), (pk.REVOKE_LICENCE, pk.STOP_BUSINESS), 5_000_000, 20_000_000,
                            after_hearing=True, citation="某局重大执法决定法制审核目录清单")
OFFICE = OfficeRules(hearing_thresholds=(HearingThreshold(1_000_000, 10_000_000, date(2017, 1, 1), "某省标准"),),
                     review_catalogues=(CATALOGUE,))


def revoke(notified: date, days_after: int, **kw: object) -> CaseFacts:
    fields: dict[str, object] = {"penalty": ("吊销许可证",)}
    fields.update(kw)
    return CaseFacts("某罚〔2019〕3号", notified_on=notified, decided_on=notified + timedelta(days=days_after),
                     **fields)  # type: ignore[arg-type]


def test_licence_revoked_the_day_after_notice_in_2019(cal: Calendar) -> None:
    f = hearing_rights_ignored(revoke(date(2019, 4, 1), 1), cal)
    assert f is not None and f.code == "HEARING_RIGHTS_IGNORED" and f.law_text == "2017"
    assert f.citation == LAW_2017 + "第四十二条"
    assert f.expected == {"request_period_ends": "2019-04-04", "decide_after": "2019-04-04"}
    assert f.found == {"notified_on": "2019-04-01", "decided_on": "2019-04-02", "hearing_held_on": None,
                       "hearing_waived_on": None}
    assert "吊销许可证件" in f.message and "3日" in f.message


def test_licence_revoked_the_day_after_notice_in_2022(cal: Calendar) -> None:
    f = hearing_rights_ignored(revoke(date(2022, 4, 11), 1), cal)
    assert f is not None and f.law_text == "2021"
    assert f.citation == LAW_2021 + "第六十三条、第六十四条" and "第六十四条" in f.citation
    # 5 working days after Mon 2022-04-11: Mon 04-18.
    assert f.expected == {"request_period_ends": "2022-04-18", "decide_after": "2022-04-18"}


def test_two_weeks_after_notice_is_in_order(cal: Calendar) -> None:
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 14), cal) is None
    assert hearing_rights_ignored(revoke(date(2022, 4, 11), 14), cal) is None


def test_the_last_day_of_the_request_period_belongs_to_the_party(cal: Calendar) -> None:
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 3), cal) is not None  # 04-04: party could still ask
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 4), cal) is None
    assert hearing_rights_ignored(revoke(date(2022, 4, 11), 7), cal) is not None  # 04-18
    assert hearing_rights_ignored(revoke(date(2022, 4, 11), 8), cal) is None


def test_a_notice_just_before_the_revision_runs_under_the_2021_text(cal: Calendar) -> None:
    # 2017: 3 days from 2021-07-13 end 07-16, when the 2021 text governs: 5 working days → 07-20.
    f = hearing_rights_ignored(revoke(date(2021, 7, 13), 6), cal)  # decided 07-19
    assert f is not None and f.law_text == "2021" and f.expected["request_period_ends"] == "2021-07-20"
    old = hearing_rights_ignored(revoke(date(2021, 7, 9), 3), cal)  # 3 days end 07-12
    assert old is not None and old.law_text == "2017" and old.expected["request_period_ends"] == "2021-07-12"


def test_held_or_waived_hearings_and_unknown_columns_report_nothing(cal: Calendar) -> None:
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 1, hearing_waived_on=date(2019, 4, 1)), cal) is None
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 1, hearing_held_on=date(2019, 4, 2)), cal) is None
    blind = revoke(date(2019, 4, 1), 1, known=frozenset({"case_no", "penalty", "notified_on", "decided_on"}))
    assert hearing_rights_ignored(blind, cal) is None


def test_a_requested_hearing_never_held(cal: Calendar) -> None:
    f = hearing_rights_ignored(revoke(date(2022, 4, 11), 20, hearing_requested_on=date(2022, 4, 12)), cal)
    assert f is not None and f.expected == "组织听证后作出决定"
    assert f.found == {"hearing_requested_on": "2022-04-12", "hearing_held_on": None, "decided_on": "2022-05-01"}


def test_penalties_open_to_a_hearing_differ_by_text(cal: Calendar) -> None:
    downgrade = {"penalty": ("降低资质等级",)}
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 1, **downgrade), cal) is None
    assert hearing_rights_ignored(revoke(date(2022, 4, 11), 1, **downgrade), cal) is not None
    fine = {"penalty": ("罚款",), "fine_fen": 1_000_000, "party_kind": "person"}
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 1, **fine), cal) is None  # no 较大数额 entered
    f = hearing_rights_ignored(revoke(date(2019, 4, 1), 1, **fine), cal, OFFICE)  # 10,000 元 ≥ 10,000 元
    assert f is not None and "较大数额罚款（10,000.00 元）" in f.message
    org = {"penalty": ("罚款",), "fine_fen": 1_000_000, "party_kind": "organisation"}
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 1, **org), cal, OFFICE) is None
    unknown_kind = {"penalty": ("罚款",), "fine_fen": 1_000_000}
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 1, **unknown_kind), cal, OFFICE) is None
    taking = {"penalty": ("没收违法所得",), "confiscated_fen": 2_000_000, "party_kind": "person"}
    assert hearing_rights_ignored(revoke(date(2019, 4, 1), 1, **taking), cal, OFFICE) is None
    assert hearing_rights_ignored(revoke(date(2022, 4, 11), 1, **taking), cal, OFFICE) is not None


def test_a_decision_after_a_hearing_needs_legal_review_under_the_2021_text() -> None:
    held = {"hearing_held_on": date(2022, 5, 5), "decided_on": date(2022, 5, 20)}
    f = hearing_without_legal_review(CaseFacts("H1", **held))  # type: ignore[arg-type]
    assert f is not None and f.code == "HEARING_WITHOUT_LEGAL_REVIEW" and f.citation == LAW_2021 + "第五十八条"
    assert f.expected == {"legal_review_on_by": "2022-05-20"}
    assert f.found == {"hearing_held_on": "2022-05-05", "legal_review_on": None}
    assert hearing_without_legal_review(CaseFacts("H1", legal_review_on=date(2022, 5, 20), **held)) is None  # type: ignore[arg-type]
    late = hearing_without_legal_review(CaseFacts("H1", legal_review_on=date(2022, 5, 21), **held))  # type: ignore[arg-type]
    assert late is not None and late.found["legal_review_on"] == "2022-05-21"
    assert hearing_without_legal_review(CaseFacts("H1", hearing_held_on=date(2021, 7, 1),
                                                  decided_on=date(2021, 7, 14))) is None
    assert hearing_without_legal_review(CaseFacts("H1", hearing_held_on=date(2021, 7, 1),
                                                  decided_on=date(2021, 7, 15))) is not None


def test_a_major_decision_by_the_catalogue_without_review() -> None:
    c = CaseFacts("M1", penalty=("责令停产停业",), decided_on=date(2022, 8, 1), major=False)
    f = major_without_legal_review(c, OFFICE)
    assert f is not None and f.code == "MAJOR_DECISION_WITHOUT_LEGAL_REVIEW" and f.law_text == "2021"
    assert f.citation == LAW_2021 + "第五十八条；某局重大执法决定法制审核目录清单"
    assert f.expected == {"legal_review_on_by": "2022-08-01", "major_because": ["目录清单所列处罚：责令停产停业"]}
    assert f.found == {"legal_review_on": None}
    assert major_without_legal_review(c) is None  # no catalogue: the register's 否 stands
    assert major_without_legal_review(CaseFacts("M1", penalty=("责令停产停业",), decided_on=date(2022, 8, 1),
                                                legal_review_on=date(2022, 7, 28)), OFFICE) is None


def test_major_by_amount_party_kind_hearing_and_the_catalogues_dates() -> None:
    big = CaseFacts("M2", fine_fen=5_000_000, party_kind="person", decided_on=date(2020, 3, 1))
    f = major_without_legal_review(big, OFFICE)
    assert f is not None and f.citation == LAW_2017 + "第三十八条第三款；某局重大执法决定法制审核目录清单"
    assert f.expected["major_because"] == ["罚款 50,000.00 元达到目录清单标准"]
    org = CaseFacts("M2", fine_fen=5_000_000, party_kind="organisation", decided_on=date(2020, 3, 1))
    assert major_without_legal_review(org, OFFICE) is None
    before_catalogue = CaseFacts("M2", penalty=("吊销许可证",), decided_on=date(2018, 12, 31))
    assert major_without_legal_review(before_catalogue, OFFICE) is None
    heard = CaseFacts("M3", penalty=("警告",), hearing_held_on=date(2022, 1, 5), decided_on=date(2022, 1, 20))
    f = major_without_legal_review(heard, OFFICE)
    assert f is not None and f.expected["major_because"] == ["经过听证程序"]


def test_the_registers_own_mark_still_counts() -> None:
    f = major_without_legal_review(CaseFacts("M4", major=True, decided_on=date(2019, 6, 1)))
    assert f is not None and f.citation == LAW_2017 + "第三十八条第三款"
    assert f.expected["major_because"] == ["台账标记为重大执法决定"]
    no_column = CaseFacts("M4", major=True, decided_on=date(2019, 6, 1), known=frozenset({"case_no", "major",
                                                                                       "decided_on"}))
    assert major_without_legal_review(no_column) is None


def test_decided_after_a_failed_review() -> None:
    c = CaseFacts("R1", decided_on=date(2022, 3, 10), legal_review_on=date(2022, 3, 8), legal_review_outcome="不通过")
    f = decided_after_review_rejected(c)
    assert f is not None and f.code == "DECIDED_AFTER_REVIEW_REJECTED" and f.citation == LAW_2021 + "第五十八条"
    assert f.found == {"legal_review_outcome": "不通过", "legal_review_on": "2022-03-08", "decided_on": "2022-03-10"}
    assert decided_after_review_rejected(CaseFacts("R1", decided_on=date(2022, 3, 10), legal_review_on=date(2022, 3, 8),
                                                   legal_review_outcome="通过")) is None
    assert decided_after_review_rejected(CaseFacts("R1", decided_on=date(2022, 3, 1), legal_review_on=date(2022, 3, 8),
                                                   legal_review_outcome="不通过")) is None


def test_service_nine_working_days_after_a_2022_decision_is_late(cal: Calendar) -> None:
    # Decided Mon 2022-03-07; 7 working days → Wed 03-16; 9th working day is Fri 03-18.
    c = CaseFacts("S1", decided_on=date(2022, 3, 7), served_on=date(2022, 3, 18))
    f = service_late(c, cal)
    assert f is not None and f.code == "SERVICE_LATE" and f.citation == LAW_2021 + "第六十一条"
    assert f.expected == {"served_by": "2022-03-16", "period": "7个工作日"}
    assert f.found == {"served_on": "2022-03-18", "working_days": 9}
    assert service_late(CaseFacts("S1", decided_on=date(2022, 3, 7), served_on=date(2022, 3, 16)), cal) is None


def test_service_across_the_2022_national_day_counts_working_days(cal: Calendar) -> None:
    c = CaseFacts("S2", decided_on=date(2022, 9, 30), served_on=date(2022, 10, 11))  # 11 days, 4 working days
    assert service_late(c, cal) is None


def test_service_under_the_2017_text_counts_calendar_days(cal: Calendar) -> None:
    f = service_late(CaseFacts("S3", decided_on=date(2019, 9, 30), served_on=date(2019, 10, 8)), cal)
    assert f is not None and f.citation == LAW_2017 + "第四十条"
    assert f.expected == {"served_by": "2019-10-07", "period": "7日"} and f.found == {"served_on": "2019-10-08",
                                                                                    "days": 8}
