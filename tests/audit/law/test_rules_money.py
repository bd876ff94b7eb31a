"""On-site collection by the limit in force, cash handed over, late payment without surcharge."""

from __future__ import annotations

from datetime import date

import pytest

from app.audit.law import CaseFacts, ReceiptFacts
from app.audit.rules_law_money import (
    cash_handover_late,
    late_payment_no_surcharge,
    onsite_over_limit,
    surcharge_due,
)
from app.domain.calendar import Calendar

LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"
LAW_2021 = "2021年修订的《中华人民共和国行政处罚法》"


def onsite(amount_fen: int, on: date, **kw: object) -> ReceiptFacts:
    return ReceiptFacts("NO.0001", amount_fen=amount_fen, issued_on=on, onsite=True, **kw)  # type: ignore[arg-type]


def test_twenty_yuan_on_the_spot_in_2019_is_allowed() -> None:
    assert onsite_over_limit(onsite(2_000, date(2019, 6, 3))) is None


def test_fifty_yuan_on_the_spot_in_2019_is_over_the_old_limit() -> None:
    f = onsite_over_limit(onsite(5_000, date(2019, 6, 3)))
    assert f is not None and f.code == "ONSITE_COLLECTION_OVER_LIMIT"
    assert f.citation == LAW_2017 + "第四十七条" and f.law_text == "2017"
    assert f.expected == {"max_fen": 2_000} and f.found == {"amount_fen": 5_000}
    assert f.message == "收据 NO.0001 于 2019-06-03 当场收缴 50.00 元，超过 20.00 元"
    assert f.refs == {"receipt_no": "NO.0001"}


def test_fifty_yuan_on_the_spot_in_2022_is_allowed() -> None:
    assert onsite_over_limit(onsite(5_000, date(2022, 6, 3))) is None


def test_one_hundred_fifty_yuan_on_the_spot_in_2022_is_over_the_new_limit() -> None:
    f = onsite_over_limit(onsite(15_000, date(2022, 6, 3)))
    assert f is not None and f.citation == LAW_2021 + "第六十八条" and f.law_text == "2021"
    assert f.expected == {"max_fen": 10_000} and f.found == {"amount_fen": 15_000}


@pytest.mark.parametrize(("on", "amount", "flagged"), [
    (date(2021, 7, 14), 2_000, False), (date(2021, 7, 14), 2_001, True), (date(2021, 7, 14), 10_000, True),
    (date(2021, 7, 15), 2_001, False), (date(2021, 7, 15), 10_000, False), (date(2021, 7, 15), 10_001, True),
])
def test_the_limit_changes_on_2021_07_15(on: date, amount: int, flagged: bool) -> None:
    assert (onsite_over_limit(onsite(amount, on)) is not None) is flagged


def test_voided_bank_paid_or_otherwise_grounded_collections_are_not_held_to_the_limit() -> None:
    assert onsite_over_limit(onsite(5_000, date(2019, 6, 3), voided=True)) is None
    assert onsite_over_limit(ReceiptFacts("N2", amount_fen=90_000, issued_on=date(2019, 6, 3))) is None
    assert onsite_over_limit(onsite(5_000, date(2019, 6, 3), onsite_reason="不当场收缴事后难以执行")) is None
    assert onsite_over_limit(onsite(5_000, date(2019, 6, 3), onsite_reason="边远地区，当事人提出")) is None


def test_cash_handed_over_after_two_days_2017_and_two_working_days_2021(cal: Calendar) -> None:
    # 2019-06-06 (Thu): two calendar days → 06-08; handed over 06-10 is late.
    f = cash_handover_late(onsite(1_000, date(2019, 6, 6), handed_over_on=date(2019, 6, 10)), cal)
    assert f is not None and f.code == "CASH_HANDOVER_LATE" and f.citation == LAW_2017 + "第五十条"
    assert f.expected == {"handed_over_by": "2019-06-08", "period": "2日"}
    assert f.found == {"handed_over_on": "2019-06-10", "days": 4}
    # 2022-06-02 (Thu), 06-03 Dragon Boat holiday: 2 working days → Tue 06-07; that day is in time.
    assert cash_handover_late(onsite(1_000, date(2022, 6, 2), handed_over_on=date(2022, 6, 7)), cal) is None
    f = cash_handover_late(onsite(1_000, date(2022, 6, 2), handed_over_on=date(2022, 6, 8)), cal)
    assert f is not None and f.citation == LAW_2021 + "第七十一条"
    assert f.expected == {"handed_over_by": "2022-06-07", "period": "2个工作日"}
    assert f.found == {"handed_over_on": "2022-06-08", "working_days": 3}


def test_no_handover_column_reports_nothing(cal: Calendar) -> None:
    r = onsite(1_000, date(2019, 6, 6), known=frozenset({"receipt_no", "amount_fen", "issued_on", "onsite"}))
    assert cash_handover_late(r, cal) is None


def late(**kw: object) -> CaseFacts:
    base: dict[str, object] = {"fine_fen": 100_000, "served_on": date(2022, 3, 1)}
    base.update(kw)
    return CaseFacts("某罚〔2022〕1号", **base)  # type: ignore[arg-type]


def test_paid_on_the_fifteenth_day_is_in_time_the_sixteenth_needs_a_surcharge() -> None:
    assert late_payment_no_surcharge(late(paid_on=date(2022, 3, 16))) is None
    f = late_payment_no_surcharge(late(paid_on=date(2022, 3, 18)))
    assert f is not None and f.code == "LATE_PAYMENT_NO_SURCHARGE"
    assert f.citation == LAW_2021 + "第六十七条、第七十二条"
    assert f.expected == {"paid_by": "2022-03-16", "surcharge_fen": 6_000}  # 2 days × 3 % × 1,000 元
    assert f.found == {"paid_on": "2022-03-18", "days_late": 2, "surcharge_fen": None}


def test_late_payment_under_the_2017_text_cites_its_articles_and_the_surcharge_is_capped() -> None:
    f = late_payment_no_surcharge(late(served_on=date(2019, 3, 1), paid_on=date(2019, 12, 1)))
    assert f is not None and f.citation == LAW_2017 + "第四十六条、第五十一条" and f.law_text == "2017"
    assert f.expected["surcharge_fen"] == 100_000


def test_recorded_surcharge_exemption_or_instalment_or_no_column_report_nothing() -> None:
    assert late_payment_no_surcharge(late(paid_on=date(2022, 4, 1), surcharge_fen=3_000)) is None
    assert late_payment_no_surcharge(late(paid_on=date(2022, 4, 1), surcharge_exempt=True)) is None
    assert late_payment_no_surcharge(late(paid_on=date(2022, 4, 1), instalment=True)) is None
    no_column = late(paid_on=date(2022, 4, 1), known=frozenset({"case_no", "fine_fen", "served_on", "paid_on"}))
    assert late_payment_no_surcharge(no_column) is None


def test_surcharge_arithmetic_in_fen() -> None:
    assert surcharge_due(33_333, 1, 3, True) == 999
    assert surcharge_due(10_000, 40, 3, True) == 10_000
    assert surcharge_due(10_000, 40, 3, False) == 12_000
