"""Header blocks (issue 11 point 4): two and three header rows with merged parents are one header,
parent and child labels joined, and the sub-header is never read as data."""

from __future__ import annotations

from datetime import date

from app.imports.header_blocks import block_labels
from app.imports.headers import detect_header
from app.imports.service import import_file, preview_import
from db.models import LedgerEntry

TWO_ROWS = [
    ["沈阳市水务局2019年行政处罚台账"],  # row 1, merged A1:H1
    ["序号", "案号", "当事人", "处罚决定", None, "缴款情况", None, "执法单位"],  # row 2
    [None, None, None, "罚款金额（元）", "决定日期", "缴款日期", "票据号码", None],  # row 3
    [1, "沈水罚字[2019]第012号", "张三", 5000, "2019-03-05", "2019-03-10", "A0001", "第一大队"],
    [2, "沈水罚字〔2019〕第13号", "某某公司", "2,000.50", "2019/3/6", None, None, "第二大队"],
]
# merged as a real register merges them: the title across, the parents across their children,
# the single labels down over the sub-header row
TWO_ROW_MERGES = ["A1:H1", "D2:E2", "F2:G2", "A2:A3", "B2:B3", "C2:C3", "H2:H3"]


def test_a_two_row_header_with_merged_parents(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": TWO_ROWS}, merges={"台账": TWO_ROW_MERGES})

    report = import_file(store, "ledger", path)

    assert (report.header_row, report.rows_read, report.imported, report.rejected, report.warnings) == (
        3, 2, 2, [], [])
    units = db.units()
    got = [(e.seq, e.case_no, e.case_key, e.party, e.violation, e.penalty, e.fine_fen, e.decided_on, e.paid_on,
            e.receipt_no, e.receipt_key, e.enforcement, units[e.unit_id], e.source_row)
           for e in db.all(LedgerEntry)]
    assert got == [
        ("1", "沈水罚字[2019]第012号", "沈水罚字〔2019〕第12号", "张三", "", "", 500_000, date(2019, 3, 5),
         date(2019, 3, 10), "A0001", "A0001", "", "第一大队", 4),
        ("2", "沈水罚字〔2019〕第13号", "沈水罚字〔2019〕第13号", "某某公司", "", "", 200_050, date(2019, 3, 6), None,
         "", "", "", "第二大队", 5),
    ]


def test_the_block_columns_show_parent_and_child(xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": TWO_ROWS}, merges={"台账": TWO_ROW_MERGES})

    preview = preview_import(None, "ledger", path)

    assert [(c.letter, c.header, c.field, c.scale) for c in preview.columns] == [
        ("A", "序号", "seq", None),
        ("B", "案号", "case_no", None),
        ("C", "当事人", "party", None),
        ("D", "处罚决定/罚款金额（元）", "fine_fen", "元"),
        ("E", "处罚决定/决定日期", "decided_on", None),
        ("F", "缴款情况/缴款日期", "paid_on", None),
        ("G", "缴款情况/票据号码", "receipt_no", None),
        ("H", "执法单位", "unit", None),
    ]


def test_a_three_row_header_with_a_unit_on_the_parent(xlsx) -> None:
    rows = [
        ["序号", "案号", "当事人", "处罚决定", None, None],
        [None, None, None, "罚款（万元）", None, "决定日期"],
        [None, None, None, "金额", "缴纳日期", None],
        [1, "沈水罚字〔2019〕第1号", "张三", 0.5, "2019-04-01", "2019-03-05"],
    ]
    merges = ["D1:F1", "D2:E2", "F2:F3", "A1:A3", "B1:B3", "C1:C3"]
    path = xlsx("三行表头.xlsx", {"台账": rows}, merges={"台账": merges})

    preview = preview_import(None, "ledger", path)

    assert preview.header_row == 3 and preview.rows_read == 1
    assert [(c.header, c.field, c.scale) for c in preview.columns[3:]] == [
        ("处罚决定/罚款（万元）/金额", "fine_fen", "万元"),
        ("处罚决定/罚款（万元）/缴纳日期", "paid_on", None),
        ("处罚决定/决定日期", "decided_on", None),
    ]
    [rec] = preview.sample
    assert (rec["fine_fen"], rec["paid_on"], rec["decided_on"]) == (500_000, date(2019, 4, 1), date(2019, 3, 5))


def test_a_title_row_above_a_one_row_header_stays_out_of_the_header() -> None:
    rows: list[list[object]] = [
        ["2019年度行政处罚案卷目录", None, None],
        ["案号", "当事人", "罚款金额（元）"],
        ["沈水罚字〔2019〕第1号", "张三", 100],
    ]
    match = detect_header(rows, "ledger")
    assert match is not None and (match.row_index, match.top_index) == (1, 1)
    assert [c.header for c in match.columns] == ["案号", "当事人", "罚款金额（元）"]


def test_a_label_merged_down_spans_no_column_to_its_right() -> None:
    rows: list[list[object]] = [
        ["案号", None, "处罚决定", None],
        [None, "当事人", "罚款金额", "决定日期"],
    ]
    labels = block_labels(rows, 0, 1, 4)
    assert [label.text for label in labels] == ["案号", "当事人", "处罚决定/罚款金额", "处罚决定/决定日期"]
