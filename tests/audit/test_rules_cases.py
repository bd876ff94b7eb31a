"""Case-file rules: publication in working days, payment, date order. (The decision period and
the legal review follow the law by date: tests/audit/test_rules_law.py.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.audit import rules_cases as rc
from app.domain.calendar import Calendar
from tests.audit.factories import case, codes, data, ledger, receipt

AS_OF = date(2025, 6, 30)


@pytest.fixture
def cal() -> Calendar:
    return Calendar.bundled()


@pytest.mark.parametrize(("decided", "on_time"), [
    (date(2019, 1, 31), date(2019, 2, 14)), (date(2019, 4, 26), date(2019, 5, 8)),
    (date(2019, 6, 4), date(2019, 6, 14)), (date(2019, 9, 27), date(2019, 10, 12)),
])
def test_publication_on_the_7th_working_day_is_on_time_the_next_is_late(cal: Calendar, decided: date,
                                                                       on_time: date) -> None:
    late = on_time + timedelta(days=1)
    while not cal.is_workday(late):
        late += timedelta(days=1)
    d = data(cases=[case("C〔2019〕1号", decided_on=decided, published_on=on_time),
                    case("C〔2019〕2号", decided_on=decided, published_on=late)])
    [f] = rc.publication_late(d, cal, AS_OF)
    assert f.refs == {"case_no": "C〔2019〕第2号"}
    assert f.expected == {"deadline": on_time.isoformat()} and not f.calendar_fallback


def test_unpublished_only_once_the_deadline_has_passed(cal: Calendar) -> None:
    d = data(cases=[case("C〔2024〕1号", decided_on=date(2024, 9, 27))])
    assert list(rc.publication_late(d, cal, date(2024, 10, 12))) == []  # deadline day itself
    [f] = rc.publication_late(d, cal, date(2024, 10, 13))
    assert f.found == {"published_on": None} and "未见公示" in f.message
    # a sheet with no 公示日期 column cannot show publication: nothing is said
    d = data(cases=[case("C〔2024〕1号", decided_on=date(2024, 9, 27), unknown_fields=frozenset({"published_on"}))])
    assert list(rc.publication_late(d, cal, AS_OF)) == []


def test_publication_in_a_year_without_data_is_marked_fallback(cal: Calendar) -> None:
    d = data(cases=[case("C〔2030〕1号", decided_on=date(2030, 1, 4), published_on=date(2030, 1, 16))])
    [f] = rc.publication_late(d, cal, date(2030, 12, 31))
    assert f.calendar_fallback and f.expected == {"deadline": "2030-01-15"}
    assert cal.years_missing == {2030}


def test_fine_unpaid_overdue_counts_15_calendar_days_from_service() -> None:
    served = date(2024, 3, 1)
    cases = [case(f"C〔2024〕{i}号", fine_fen=1000, served_on=served) for i in range(1, 8)]
    d = data(cases=cases,
             receipts=[receipt("R2", case_no="C〔2024〕2号")],  # paid by receipt
             ledger=[ledger("C〔2024〕3号", paid_on=date(2024, 3, 5)),  # paid by ledger date
                     ledger("C〔2024〕4号", enforcement="申请法院强制执行"),
                     ledger("C〔2024〕5号", receipt_no="R5")],
             )
    d2 = data(cases=cases, receipts=[*d.receipts, receipt("R5"), receipt("R6", case_no="C〔2024〕6号", voided=True)],
              ledger=d.ledger)
    assert list(rc.fine_unpaid_overdue(d2, served + timedelta(days=15))) == []
    assert codes(rc.fine_unpaid_overdue(d2, served + timedelta(days=16))) == [
        ("FINE_UNPAID_OVERDUE", "C〔2024〕第1号"), ("FINE_UNPAID_OVERDUE", "C〔2024〕第6号"),
        ("FINE_UNPAID_OVERDUE", "C〔2024〕第7号")]


def test_no_service_date_or_no_fine_means_no_payment_check() -> None:
    d = data(cases=[case("C〔2024〕1号", fine_fen=1000), case("C〔2024〕2号", served_on=date(2024, 1, 1)),
                    case("C〔2024〕3号", fine_fen=1000, served_on=date(2024, 1, 1), paid_on=date(2024, 1, 3))])
    assert list(rc.fine_unpaid_overdue(d, AS_OF)) == []


def test_date_order_names_the_first_pair_out_of_order_over_the_dates_present() -> None:
    d = data(cases=[
        case("C〔2019〕1号", filed_on=date(2019, 1, 1), notified_on=date(2019, 1, 5), decided_on=date(2019, 1, 10),
             served_on=date(2019, 1, 10), paid_on=date(2019, 1, 20), closed_on=date(2019, 2, 1)),
        case("C〔2019〕2号", filed_on=date(2019, 1, 1), decided_on=date(2019, 1, 10), notified_on=date(2019, 1, 12),
             closed_on=date(2019, 1, 5)),
        case("C〔2019〕3号", filed_on=date(2019, 1, 1), served_on=date(2019, 1, 3), closed_on=date(2019, 1, 2)),
    ])
    found = list(rc.date_order(d))
    assert codes(found) == [("DATE_ORDER", "C〔2019〕第2号"), ("DATE_ORDER", "C〔2019〕第3号")]
    assert found[0].expected == {"order": "告知≤决定"}
    assert found[0].found == {"notified_on": "2019-01-12", "decided_on": "2019-01-10"}
    assert found[1].expected == {"order": "送达≤结案"}
