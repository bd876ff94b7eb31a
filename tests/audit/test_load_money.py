"""The money side read by SQL for the case stage gives what the Python passes over every loaded
receipt and ledger row give (checked on many small random stores)."""

from __future__ import annotations

import random
from datetime import date

from app.audit import rules_cases
from app.audit.load_money import onsite_receipts, settled_case_keys, settled_cases
from app.store import Store
from tests.audit.factories import case, data, ledger, receipt
from tests.audit.in_store import records_in

CASES = ["", "C〔2019〕1号", "C〔2019〕2号", "C〔2019〕3号"]
RECEIPTS = ["", "A001", "A002", "A003"]
ENFORCEMENT = ["", "已缴纳", "未缴纳", "申请法院强制执行", "申请人民法院强制执行", "强制执行中", "分期缴纳"]


def test_settled_case_keys_match_the_python_pass(store: Store) -> None:
    g = random.Random(12)
    for _ in range(60):
        receipts = [receipt(g.choice(RECEIPTS), case_no=g.choice(CASES), voided=g.random() < .3)
                    for _ in range(g.randrange(4))]
        rows = [ledger(g.choice(CASES), receipt_no=g.choice(RECEIPTS), enforcement=g.choice(ENFORCEMENT),
                       paid_on=g.choice([None, None, date(2019, 3, 1)])) for _ in range(g.randrange(4))]
        expected = rules_cases._paid_or_enforced(data(receipts=receipts, ledger=rows))
        with records_in(store, receipts=receipts, ledger=rows) as db:
            assert settled_case_keys(db) == expected


def test_settled_cases_answer_as_the_settled_keys_for_every_case(store: Store) -> None:
    """The turned-round query (the few unsettled cases) says "settled" of a case's key exactly when
    the keys of the Python pass hold it."""
    g = random.Random(13)
    for n in range(60):
        receipts = [receipt(g.choice(RECEIPTS), case_no=g.choice(CASES), voided=g.random() < .3)
                    for _ in range(g.randrange(4))]
        rows = [ledger(g.choice(CASES), receipt_no=g.choice(RECEIPTS), enforcement=g.choice(ENFORCEMENT),
                       paid_on=g.choice([None, None, date(2019, 3, 1)])) for _ in range(g.randrange(4))]
        cases = [case(no) for no in g.sample(CASES, g.randrange(1, 5))]
        expected = rules_cases._paid_or_enforced(data(receipts=receipts, ledger=rows))
        with records_in(store, receipts=receipts, ledger=rows, cases=cases) as db:
            settled = settled_cases(db)
            for c in cases:
                assert (c.case_key in settled) == (c.case_key in expected), (n, c.case_key)


def test_onsite_receipts_are_the_onsite_ones_in_id_order(store: Store) -> None:
    rs = [receipt("A001", onsite=True, amount_fen=20_000, issued_on=date(2019, 5, 9)), receipt("A002"),
          receipt("A003", onsite=True, voided=True)]
    with records_in(store, receipts=rs) as db:
        assert onsite_receipts(db) == [rs[0], rs[2]]
