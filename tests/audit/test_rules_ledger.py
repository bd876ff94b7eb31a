"""Ledger rules: ledger ↔ case files and ledger ↔ receipts, as SQL over a real store (`run_on`)."""

from __future__ import annotations

from datetime import date

from app.audit import rules_ledger as rl
from app.store import Store
from tests.audit.factories import case, codes, ledger, receipt
from tests.audit.in_store import records_in, run_on

K12 = "沈水罚字〔2019〕第12号"


def test_bracket_and_zero_padding_variants_are_one_case(store: Store) -> None:
    with records_in(store, ledger=[ledger("沈水罚字[2019]第012号", fine_fen=500_000)],
                    cases=[case("沈水罚字〔2019〕第12号", fine_fen=500_000)]) as db:
        assert list(rl.ledger_without_case(db)) == []
        assert list(rl.case_not_in_ledger(db)) == []
        assert list(rl.ledger_amount_mismatch(db)) == []


def test_ledger_without_case_and_case_not_in_ledger(store: Store) -> None:
    rows = [ledger("沈水罚字〔2019〕第1号", source_row=4)]
    cases = [case("沈水罚字〔2019〕第2号", fine_fen=100), case("沈水罚字〔2019〕第3号", fine_fen=0),
             case("沈水罚字〔2019〕第4号")]
    with records_in(store, ledger=rows, cases=cases) as db:
        [a] = rl.ledger_without_case(db)
        assert a.refs == {"case_no": "沈水罚字〔2019〕第1号", "ledger_row": 4, "ledger_id": rows[0].id}
        assert a.message == "台账第 4 行 案号 沈水罚字〔2019〕第1号 找不到对应的处罚案卷"
        assert codes(rl.case_not_in_ledger(db)) == [("CASE_NOT_IN_LEDGER", "沈水罚字〔2019〕第2号")]


def test_ledger_amount_mismatch(store: Store) -> None:
    [f] = run_on(store, rl.ledger_amount_mismatch, ledger=[ledger(K12, fine_fen=550_000, source_row=9)],
                 cases=[case(K12, fine_fen=500_000)])
    assert (f.expected, f.found) == ({"fine_fen": 500_000}, {"fine_fen": 550_000})
    assert "5,500.00" in f.message and "5,000.00" in f.message


def test_paid_without_receipt_by_number_or_case(store: Store) -> None:
    found = run_on(
        store, rl.ledger_paid_without_receipt,
        ledger=[ledger("C〔2019〕1号", paid_on=date(2019, 3, 1), receipt_no="R001"),  # receipt by number
                ledger("C〔2019〕2号", enforcement="已缴纳"),  # receipt by case
                ledger("C〔2019〕3号", paid_on=date(2019, 3, 1), receipt_no="R003"),  # only a voided stub
                ledger("C〔2019〕4号", enforcement="未缴纳"),  # not said to be paid
                ledger("C〔2019〕5号", enforcement="已缴纳")],  # nothing
        receipts=[receipt("R001"), receipt("R002", case_no="C〔2019〕2号"), receipt("R003", voided=True)])
    assert codes(found) == [("LEDGER_PAID_WITHOUT_RECEIPT", "R003"), ("LEDGER_PAID_WITHOUT_RECEIPT", "C〔2019〕第5号")]
    assert found[0].found == {"paid_on": "2019-03-01", "receipt_no": "R003"}


def test_duplicate_case_unless_every_row_is_an_instalment(store: Store) -> None:
    found = run_on(store, rl.ledger_duplicate_case,
                   ledger=[ledger(K12, source_row=3), ledger("沈水罚字[2019]第012号", source_row=8),
                           ledger("C〔2019〕7号", enforcement="分期缴纳"), ledger("C〔2019〕7号", enforcement="分期缴纳"),
                           ledger("C〔2019〕8号", enforcement="分期缴纳"), ledger("C〔2019〕8号"),
                           ledger("C〔2019〕9号")])
    assert codes(found) == [("LEDGER_DUPLICATE_CASE", K12), ("LEDGER_DUPLICATE_CASE", "C〔2019〕第8号")]
    assert found[0].refs["ledger_rows"] == [3, 8]
