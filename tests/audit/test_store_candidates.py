"""Checks whose candidates the store names (SQL) before the exact check runs in Python: they must
find exactly what the check over every record finds, at the edges too."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import insert

from app.audit import rules_cases as rc
from app.process.recording_list import LIST_KEY
from app.process.recording_rule import recording_missing
from app.store import Store
from db.models_settings import Setting
from tests.audit.factories import case, codes, data, ledger, receipt
from tests.audit.in_store import records_in

SERVED = date(2024, 3, 1)


def test_the_payment_check_on_the_store_finds_what_the_check_over_the_data_finds(store: Store) -> None:
    cases = [case(f"C〔2024〕{i}号", fine_fen=1000, served_on=SERVED) for i in range(1, 8)]
    cases += [case("C〔2024〕8号", fine_fen=1000, served_on=SERVED, enforcement="已申请人民法院强制执行"),
              case("C〔2024〕9号", fine_fen=1000, served_on=SERVED, paid_on=date(2024, 3, 20)),
              case("C〔2024〕10号", fine_fen=0, served_on=SERVED), case("C〔2024〕11号", fine_fen=1000)]
    d = data(cases=cases,
             receipts=[receipt("R2", case_no="C〔2024〕2号"), receipt("R5"),
                       receipt("R6", case_no="C〔2024〕6号", voided=True)],
             ledger=[ledger("C〔2024〕3号", paid_on=date(2024, 3, 5)),  # paid by the ledger's date
                     ledger("C〔2024〕4号", enforcement="申请法院强制执行"),
                     ledger("C〔2024〕5号", receipt_no="R5")])
    with records_in(store, receipts=d.receipts, ledger=d.ledger, cases=d.cases) as db:
        for days in (14, 15, 16, 17, 400):
            as_of = SERVED + timedelta(days=days)
            on_store = codes(rc.fine_unpaid_overdue_in_store(d, as_of, db))
            assert on_store == codes(rc.fine_unpaid_overdue(d, as_of)), days
            assert bool(on_store) == (days > 15)  # the 15th day after service is still in time
        assert codes(rc.fine_unpaid_overdue_in_store(d, SERVED + timedelta(days=16), db)) == [
            ("FINE_UNPAID_OVERDUE", "C〔2024〕第1号"), ("FINE_UNPAID_OVERDUE", "C〔2024〕第6号"),
            ("FINE_UNPAID_OVERDUE", "C〔2024〕第7号")]


def test_the_recording_rule_matches_a_listed_word_within_one_column_spaces_aside(store: Store) -> None:
    cases = [case("C〔2024〕1号", penalty="查封 扣押"),  # spaces inside the word: listed
             case("C〔2024〕2号", penalty="查封", cause="扣押"),  # the word split over two columns: not
             case("C〔2024〕3号", cause="责令停产停业"),
             case("C〔2024〕4号", penalty="罚款"),
             case("C〔2024〕5号", enforcement="强制 拆 除完毕")]
    with records_in(store, cases=cases) as db:
        assert [f.case_key for f in recording_missing(db)] == ["C〔2024〕第1号", "C〔2024〕第3号", "C〔2024〕第5号"]


def test_the_recording_rule_with_a_wildcard_in_a_listed_word(store: Store) -> None:
    cases = [case("C〔2024〕1号", penalty="查封_扣押"), case("C〔2024〕2号", penalty="查封X扣押"),
             case("C〔2024〕3号", penalty="责令停业")]
    with records_in(store, cases=cases) as db:
        db.execute(insert(Setting), [{"key": LIST_KEY, "value": json.dumps(["查封_扣押", "责令停业"])}])
        found = {f.case_key: f.expected["清单事项"] for f in recording_missing(db)}
    # "_" is a LIKE wildcard: the store matches 查封X扣押 too, the word itself only 查封_扣押
    assert found == {"C〔2024〕第1号": "查封_扣押", "C〔2024〕第3号": "责令停业"}
