"""Receipt rules: each one fires on its case and stays quiet beside it. (On-site collection is
law-versioned: tests/audit/test_rules_law.py.)"""

from __future__ import annotations

from datetime import date

from app.audit import rules_receipts as rr
from tests.audit.factories import case, codes, data, ledger, receipt

A = "辽财罚A"


def test_receipt_not_in_ledger_fires_only_for_an_unbooked_live_receipt() -> None:
    d = data(receipts=[receipt(f"{A}001", amount_fen=500), receipt(f"{A}002", amount_fen=500),
                       receipt(f"{A}003", voided=True)],
             ledger=[ledger("沈水罚字〔2019〕第1号", receipt_no=f"{A}001")])
    found = list(rr.receipt_not_in_ledger(d))
    assert codes(found) == [("RECEIPT_NOT_IN_LEDGER", f"{A}002")]
    assert found[0].found == {"amount_fen": 500, "issued_on": None}


def test_receipt_number_matches_after_normalisation() -> None:
    d = data(receipts=[receipt("辽财罚Ａ００１")], ledger=[ledger("X〔2019〕1号", receipt_no=" 辽财罚a001 ")])
    assert list(rr.receipt_not_in_ledger(d)) == []


def test_receipt_matches_a_ledger_row_of_its_case_that_names_no_receipt() -> None:
    d = data(receipts=[receipt(f"{A}001", case_no="沈水罚字[2019]第012号")],
             ledger=[ledger("沈水罚字〔2019〕第12号")])
    assert list(rr.receipt_not_in_ledger(d)) == []
    # …but not a row of its case that names another receipt
    d = data(receipts=[receipt(f"{A}001", case_no="沈水罚字〔2019〕第12号")],
             ledger=[ledger("沈水罚字〔2019〕第12号", receipt_no=f"{A}009")])
    assert codes(rr.receipt_not_in_ledger(d)) == [("RECEIPT_NOT_IN_LEDGER", f"{A}001")]


def test_amount_mismatch_names_both_amounts_and_the_ledger_row() -> None:
    d = data(receipts=[receipt(f"{A}00000012", amount_fen=400_000), receipt(f"{A}00000013", amount_fen=100)],
             ledger=[ledger("C〔2019〕1号", receipt_no=f"{A}00000012", fine_fen=500_000, source_row=7),
                     ledger("C〔2019〕2号", receipt_no=f"{A}00000013", fine_fen=100)])
    [f] = rr.receipt_amount_mismatch(d)
    assert f.refs["ledger_row"] == 7 and f.refs["receipt_no"] == f"{A}00000012"
    assert (f.expected, f.found) == ({"amount_fen": 500_000}, {"amount_fen": 400_000})
    assert f.message == "收据 辽财罚A00000012 金额 4,000.00 元，台账记载 5,000.00 元"


def test_instalment_row_amount_is_not_compared() -> None:
    d = data(receipts=[receipt(f"{A}1", amount_fen=100)],
             ledger=[ledger("C〔2019〕1号", receipt_no=f"{A}1", fine_fen=500, enforcement="分期缴纳")])
    assert list(rr.receipt_amount_mismatch(d)) == []


def test_gap_per_contiguous_run_and_voided_stub_counts_as_present() -> None:
    nums = [1, 2, 3, 5, 9, 10]  # 4 missing; 6–8 missing
    rs = [receipt(f"{A}{n:04d}") for n in nums] + [receipt(f"{A}0011", voided=True), receipt(f"{A}0012")]
    gaps = list(rr.receipt_number_gaps(data(receipts=rs)))
    assert [g.refs for g in gaps] == [
        {"series": A, "first_missing": f"{A}0004", "last_missing": f"{A}0004", "count": 1},
        {"series": A, "first_missing": f"{A}0006", "last_missing": f"{A}0008", "count": 3},
    ]


def test_gaps_are_sought_within_each_series_only() -> None:
    rs = [receipt("A001"), receipt("A002"), receipt("B005"), receipt("B006"), receipt("NOT-A-NUMBER-X")]
    assert list(rr.receipt_number_gaps(data(receipts=rs))) == []


def test_duplicate_receipt_number() -> None:
    rs = [receipt(f"{A}1", source_row=3), receipt(f"{A}１", source_row=9), receipt(f"{A}2")]
    [f] = rr.receipt_number_duplicates(data(receipts=rs))
    assert f.refs == {"receipt_no": f"{A}1"} and f.found == {"count": 2, "rows": [3, 9]}


def test_payer_mismatch_ignores_spaces_and_full_width() -> None:
    c1 = case("C〔2019〕1号", party="沈阳ABC有限公司")
    c2 = case("C〔2019〕2号", party="张三")
    rs = [receipt(f"{A}1", case_no="C〔2019〕1号", payer="沈阳 ＡＢＣ 有限公司"),
          receipt(f"{A}2", case_no="C〔2019〕2号", payer="李四"),
          receipt(f"{A}3", case_no="C〔2019〕2号", payer="", voided=True),
          receipt(f"{A}4", case_no="C〔2019〕2号", payer="王五", voided=True)]
    found = list(rr.receipt_payer_mismatch(data(receipts=rs, cases=[c1, c2])))
    assert codes(found) == [("RECEIPT_PAYER_MISMATCH", f"{A}2")]
    assert found[0].expected == {"party": "张三"} and found[0].found == {"payer": "李四"}


def test_receipt_before_decision_but_not_on_the_day_nor_onsite() -> None:
    c = case("C〔2019〕1号", decided_on=date(2019, 5, 10))
    rs = [receipt(f"{A}1", case_no="C〔2019〕1号", issued_on=date(2019, 5, 9)),
          receipt(f"{A}2", case_no="C〔2019〕1号", issued_on=date(2019, 5, 10)),
          receipt(f"{A}3", case_no="C〔2019〕1号", issued_on=date(2019, 5, 1), onsite=True),
          receipt(f"{A}4", case_no="C〔2019〕1号")]  # no date: skipped
    assert codes(rr.receipt_before_decision(data(receipts=rs, cases=[c]))) == [("RECEIPT_BEFORE_DECISION", f"{A}1")]
