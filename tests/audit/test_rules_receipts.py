"""Receipt rules: each one fires on its case and stays quiet beside it. The reconciliation checks
are SQL over the store, so the records are written into a real one (`run_on`). (On-site
collection is law-versioned: tests/audit/test_rules_law.py.)"""

from __future__ import annotations

import random
from datetime import date

from app.audit import rules_receipts as rr
from app.audit.load_money import query
from app.store import Store
from tests.audit.factories import case, codes, ledger, receipt
from tests.audit.in_store import records_in, run_on

A = "辽财罚A"


def test_receipt_not_in_ledger_fires_only_for_an_unbooked_live_receipt(store: Store) -> None:
    found = run_on(store, rr.receipt_not_in_ledger,
                   receipts=[receipt(f"{A}001", amount_fen=500), receipt(f"{A}002", amount_fen=500),
                             receipt(f"{A}003", voided=True)],
                   ledger=[ledger("沈水罚字〔2019〕第1号", receipt_no=f"{A}001")])
    assert codes(found) == [("RECEIPT_NOT_IN_LEDGER", f"{A}002")]
    assert found[0].found == {"amount_fen": 500, "issued_on": None}


def test_receipt_not_in_ledger_gives_the_issue_date(store: Store) -> None:
    [f] = run_on(store, rr.receipt_not_in_ledger,
                 receipts=[receipt(f"{A}002", amount_fen=500, issued_on=date(2019, 5, 9), case_no="C〔2019〕9号")])
    assert f.found == {"amount_fen": 500, "issued_on": "2019-05-09"}
    assert f.refs == {"receipt_no": f"{A}002", "case_no": "C〔2019〕第9号"}
    assert f.message == f"收据 {A}002 金额 5.00 元，台账中没有对应登记"


def test_receipt_number_matches_after_normalisation(store: Store) -> None:
    assert run_on(store, rr.receipt_not_in_ledger, receipts=[receipt("辽财罚Ａ００１")],
                  ledger=[ledger("X〔2019〕第1号", receipt_no=" 辽财罚a001 ")]) == []


def test_receipt_matches_a_ledger_row_of_its_case_that_names_no_receipt(store: Store) -> None:
    assert run_on(store, rr.receipt_not_in_ledger, receipts=[receipt(f"{A}001", case_no="沈水罚字[2019]第012号")],
                  ledger=[ledger("沈水罚字〔2019〕第12号")]) == []
    # …but not a row of its case that names another receipt
    found = run_on(store, rr.receipt_not_in_ledger, receipts=[receipt(f"{A}001", case_no="沈水罚字〔2019〕第12号")],
                   ledger=[ledger("沈水罚字〔2019〕第12号", receipt_no=f"{A}009")])
    assert codes(found) == [("RECEIPT_NOT_IN_LEDGER", f"{A}001")]


def test_amount_mismatch_names_both_amounts_and_the_ledger_row(store: Store) -> None:
    [f] = run_on(store, rr.receipt_amount_mismatch,
                 receipts=[receipt(f"{A}00000012", amount_fen=400_000), receipt(f"{A}00000013", amount_fen=100)],
                 ledger=[ledger("C〔2019〕1号", receipt_no=f"{A}00000012", fine_fen=500_000, source_row=7),
                         ledger("C〔2019〕2号", receipt_no=f"{A}00000013", fine_fen=100)])
    assert f.refs["ledger_row"] == 7 and f.refs["receipt_no"] == f"{A}00000012"
    assert (f.expected, f.found) == ({"amount_fen": 500_000}, {"amount_fen": 400_000})
    assert f.message == "收据 辽财罚A00000012 金额 4,000.00 元，台账记载 5,000.00 元"


def test_amount_mismatch_is_against_the_first_differing_row_once_per_receipt(store: Store) -> None:
    rows = [ledger("C〔2019〕1号", receipt_no=f"{A}1", fine_fen=100, source_row=3),
            ledger("C〔2019〕1号", receipt_no=f"{A}1", fine_fen=700, source_row=4),
            ledger("C〔2019〕1号", receipt_no=f"{A}1", fine_fen=900, source_row=5),
            ledger("C〔2019〕2号", fine_fen=300, source_row=6)]  # names no receipt: matched by case
    found = run_on(store, rr.receipt_amount_mismatch, ledger=rows,
                   receipts=[receipt(f"{A}1", amount_fen=100), receipt(f"{A}2", amount_fen=200, case_no="C〔2019〕2号")])
    assert [(f.refs["receipt_no"], f.refs["ledger_row"], f.refs["ledger_id"]) for f in found] == [
        (f"{A}1", 4, rows[1].id), (f"{A}2", 6, rows[3].id)]


def test_instalment_row_amount_is_not_compared(store: Store) -> None:
    assert run_on(store, rr.receipt_amount_mismatch, receipts=[receipt(f"{A}1", amount_fen=100)],
                  ledger=[ledger("C〔2019〕第1号", receipt_no=f"{A}1", fine_fen=500, enforcement="分期缴纳")]) == []


def test_gap_per_contiguous_run_and_voided_stub_counts_as_present(store: Store) -> None:
    nums = [1, 2, 3, 5, 9, 10]  # 4 missing; 6–8 missing
    rs = [receipt(f"{A}{n:04d}") for n in nums] + [receipt(f"{A}0011", voided=True), receipt(f"{A}0012")]
    gaps = run_on(store, rr.receipt_number_gaps, receipts=rs)
    assert [g.refs for g in gaps] == [
        {"series": A, "first_missing": f"{A}0004", "last_missing": f"{A}0004", "count": 1},
        {"series": A, "first_missing": f"{A}0006", "last_missing": f"{A}0008", "count": 3},
    ]
    assert gaps[1].message == f"收据 {A} 系列缺号 {A}0006 至 {A}0008，共 3 张（前后号码 {A}0005、{A}0009）"


def test_gaps_are_sought_within_each_series_only(store: Store) -> None:
    rs = [receipt("A001"), receipt("A002"), receipt("B005"), receipt("B006"), receipt("NOT-A-NUMBER-X")]
    assert run_on(store, rr.receipt_number_gaps, receipts=rs) == []


def test_gaps_come_series_by_series_in_name_order(store: Store) -> None:
    rs = [receipt("B001"), receipt("B003"), receipt("A001"), receipt("A004"), receipt("A004")]
    assert [(g.refs["series"], g.refs["count"]) for g in run_on(store, rr.receipt_number_gaps, receipts=rs)] == [
        ("A", 2), ("B", 1)]


def test_a_gap_next_to_repeated_numbers_names_the_first_receipt_of_each(store: Store) -> None:
    # 3 is on two receipts (A03 entered first), 6 on two (A0006 first): the gap 4–5 is found once
    # and named by the first receipt of each side.
    rs = [receipt(f"{A}03"), receipt(f"{A}0003"), receipt(f"{A}0006"), receipt(f"{A}06"), receipt(f"{A}0007")]
    [gap] = run_on(store, rr.receipt_number_gaps, receipts=rs)
    assert gap.refs == {"series": A, "first_missing": f"{A}04", "last_missing": f"{A}05", "count": 2}
    assert gap.message == f"收据 {A} 系列缺号 {A}04 至 {A}05，共 2 张（前后号码 {A}03、{A}0006）"


def test_gaps_match_the_distinct_numbers_reading_on_random_books(store: Store) -> None:
    """The one-window query finds what numbering the distinct numbers first found (the query as
    it was before), repeats and all."""
    reference = """
    WITH firsts AS (
      SELECT series, number, MIN(id) AS id FROM receipts WHERE number IS NOT NULL GROUP BY series, number),
    runs AS (
      SELECT series, number, id, LEAD(number) OVER (PARTITION BY series ORDER BY number) AS next_number,
             LEAD(id) OVER (PARTITION BY series ORDER BY number) AS next_id FROM firsts)
    SELECT g.series, g.number, g.next_number, lo.receipt_key, lo.receipt_no, lo.unit_id, hi.receipt_no
      FROM runs g JOIN receipts lo ON lo.id = g.id JOIN receipts hi ON hi.id = g.next_id
     WHERE g.next_number - g.number > 1"""
    g = random.Random(5)
    for _ in range(40):
        rs = [receipt(f"{g.choice('AB')}{g.randrange(1, 15):0{g.choice((2, 4))}d}") for _ in range(g.randrange(12))]
        with records_in(store, receipts=rs) as db:
            assert sorted(query(db, rr._GAPS)) == sorted(query(db, reference))


def test_duplicate_receipt_number(store: Store) -> None:
    rs = [receipt(f"{A}1", source_row=3), receipt(f"{A}１", source_row=9), receipt(f"{A}2")]
    [f] = run_on(store, rr.receipt_number_duplicates, receipts=rs)
    assert f.refs == {"receipt_no": f"{A}1"} and f.found == {"count": 2, "rows": [3, 9]}


def test_payer_mismatch_ignores_spaces_and_full_width(store: Store) -> None:
    c1 = case("C〔2019〕1号", party="沈阳ABC有限公司")
    c2 = case("C〔2019〕2号", party="张三")
    rs = [receipt(f"{A}1", case_no="C〔2019〕1号", payer="沈阳 ＡＢＣ 有限公司"),
          receipt(f"{A}2", case_no="C〔2019〕2号", payer="李四"),
          receipt(f"{A}3", case_no="C〔2019〕2号", payer="", voided=True),
          receipt(f"{A}4", case_no="C〔2019〕2号", payer="王五", voided=True)]
    found = run_on(store, rr.receipt_payer_mismatch, receipts=rs, cases=[c1, c2])
    assert codes(found) == [("RECEIPT_PAYER_MISMATCH", f"{A}2")]
    assert found[0].expected == {"party": "张三"} and found[0].found == {"payer": "李四"}


def test_payer_is_compared_with_the_case_of_the_receipts_ledger_row(store: Store) -> None:
    # The receipt names no case (or one with no file): its ledger row leads to the case file.
    rs = [receipt(f"{A}1", payer="李四"), receipt(f"{A}2", case_no="C〔2019〕8号", payer="王五"),
          receipt(f"{A}3", payer="　")]  # a blank (full-width space) payer is not compared
    found = run_on(store, rr.receipt_payer_mismatch, receipts=rs, cases=[case("C〔2019〕1号", party="张三")],
                   ledger=[ledger("C〔2019〕1号", receipt_no=f"{A}1"), ledger("C〔2019〕1号", receipt_no=f"{A}2"),
                           ledger("C〔2019〕1号", receipt_no=f"{A}3")])
    assert codes(found) == [("RECEIPT_PAYER_MISMATCH", f"{A}1"), ("RECEIPT_PAYER_MISMATCH", f"{A}2")]
    assert found[1].refs == {"receipt_no": f"{A}2", "case_no": "C〔2019〕第1号"}


def test_receipt_before_decision_but_not_on_the_day_nor_onsite(store: Store) -> None:
    c = case("C〔2019〕1号", decided_on=date(2019, 5, 10))
    rs = [receipt(f"{A}1", case_no="C〔2019〕1号", issued_on=date(2019, 5, 9)),
          receipt(f"{A}2", case_no="C〔2019〕1号", issued_on=date(2019, 5, 10)),
          receipt(f"{A}3", case_no="C〔2019〕1号", issued_on=date(2019, 5, 1), onsite=True),
          receipt(f"{A}4", case_no="C〔2019〕1号")]  # no date: skipped
    found = run_on(store, rr.receipt_before_decision, receipts=rs, cases=[c])
    assert codes(found) == [("RECEIPT_BEFORE_DECISION", f"{A}1")]
    assert (found[0].expected, found[0].found) == ({"decided_on": "2019-05-10"}, {"issued_on": "2019-05-09"})


def test_before_decision_falls_back_to_the_ledgers_decision_date(store: Store) -> None:
    # No case file, or one without a decision date: the ledger row's date is used.
    rs = [receipt(f"{A}1", issued_on=date(2019, 5, 9)),
          receipt(f"{A}2", case_no="C〔2019〕2号", issued_on=date(2019, 5, 9))]
    found = run_on(store, rr.receipt_before_decision, receipts=rs, cases=[case("C〔2019〕2号")],
                   ledger=[ledger("C〔2019〕1号", receipt_no=f"{A}1", decided_on=date(2019, 6, 1)),
                           ledger("C〔2019〕2号", receipt_no=f"{A}2"),
                           ledger("C〔2019〕2号", receipt_no=f"{A}2", decided_on=date(2019, 6, 2))])
    assert [(f.refs, f.expected) for f in found] == [
        ({"receipt_no": f"{A}1"}, {"decided_on": "2019-06-01"}),
        ({"receipt_no": f"{A}2", "case_no": "C〔2019〕第2号"}, {"decided_on": "2019-06-02"})]

