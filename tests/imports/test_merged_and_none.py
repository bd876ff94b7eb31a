"""Golden tests: vertically merged 执法单位 / 案号 / 当事人 cells in the data (filled from the first
cell, one warning per range), and `/`, `—`, `-`, `无`, `空` in value cells (none, with a warning;
never a negative amount, never a rejection). Every field of every row is compared."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import ImportRejectedError
from app.imports.issues import ColumnInfo
from app.imports.merged_cells import MergedRange, fill_merged_data
from app.imports.none_marks import NONE_MARKS, is_none_mark
from app.imports.service import import_file
from app.records.service import page

HEADER = ["执法单位", "序号", "案号", "当事人", "罚款金额（元）", "决定日期", "缴款日期", "票据号"]


def _ledger(store) -> list[tuple[object, ...]]:
    """Every ledger field of every stored row, in row order."""
    return [(r["row"], r["seq"], r["case_no"], r["party"], r["violation"], r["penalty"], r["fine_fen"],
             r["decided_on"], r["paid_on"], r["receipt_no"], r["enforcement"], r["unit"])
            for r in page(store, "ledger", offset=0, limit=100)]


def _register() -> list[list[object]]:
    return [
        ["某市水务局行政处罚台账"],  # row 1, merged A1:H1 (a title: not data)
        ["执法单位", "序号", "案号", "当事人", "罚款金额（元）", "决定日期", "缴款日期", "票据号"],  # row 2
        ["第一大队", 1, "沈水罚字〔2019〕第1号", "张三", 5000, "2019-03-05", "2019-03-08", "A001"],  # row 3
        [None, 2, "沈水罚字〔2019〕第2号", "李四", 200, "2019-03-06", "2019-03-09", "A002"],  # row 4
        [None, 3, "沈水罚字〔2019〕第3号", "王五", 300, "2019-03-07", "—", "/"],  # row 5
        ["第二大队", 4, "沈水罚字〔2019〕第4号", "赵六", "1,000.00", "2019-04-01", "2019-04-02", "B001"],  # row 6
        [None, 5, None, None, 500, "2019-04-01", "2019-04-03", "B002"],  # row 7: 案号 and 当事人 merged
        [None, 6, "沈水罚字〔2019〕第5号", "孙八", "-", "2019-04-05", "无", "空"],  # row 8
        [None, None, None, None, None, None, None, None],  # row 9: inside A6:A9, but empty: stays empty
    ]


def test_merged_unit_case_and_party_cells_are_filled_from_their_first_cell(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"2019年": _register()},
                merges={"2019年": ["A1:H1", "A3:A5", "A6:A9", "C6:C7", "D6:D7"]})

    report = import_file(store, "ledger", path)

    # row 9 lies inside A6:A9 but holds nothing else: not filled, so not a row of data
    assert report.rejected == [] and report.imported == 6 and report.rows_read == 6
    assert _ledger(store) == [
        (3, "1", "沈水罚字〔2019〕第1号", "张三", "", "", 500_000, date(2019, 3, 5), date(2019, 3, 8), "A001", "",
         "第一大队"),
        (4, "2", "沈水罚字〔2019〕第2号", "李四", "", "", 20_000, date(2019, 3, 6), date(2019, 3, 9), "A002", "",
         "第一大队"),
        (5, "3", "沈水罚字〔2019〕第3号", "王五", "", "", 30_000, date(2019, 3, 7), None, "", "", "第一大队"),
        (6, "4", "沈水罚字〔2019〕第4号", "赵六", "", "", 100_000, date(2019, 4, 1), date(2019, 4, 2), "B001", "",
         "第二大队"),
        (7, "5", "沈水罚字〔2019〕第4号", "赵六", "", "", 50_000, date(2019, 4, 1), date(2019, 4, 3), "B002", "",
         "第二大队"),
        (8, "6", "沈水罚字〔2019〕第5号", "孙八", "", "", None, date(2019, 4, 5), None, "", "", "第二大队"),
    ]
    merged = [(w.row, w.column_letter, w.reason) for w in report.warnings if "合并单元格" in w.reason]
    assert merged == [  # once per range, in the order of the sheet; the title merge is not data
        (3, "A", "A3:A5 为合并单元格，已按首格「第一大队」填充"),
        (6, "A", "A6:A9 为合并单元格，已按首格「第二大队」填充"),
        (6, "C", "C6:C7 为合并单元格，已按首格「沈水罚字〔2019〕第4号」填充"),
        (6, "D", "D6:D7 为合并单元格，已按首格「赵六」填充"),
    ]
    marks = [(w.row, w.column_letter, w.value, w.reason) for w in report.warnings if "按空白处理" in w.reason]
    assert marks == [
        (5, "G", "—", "「—」表示没有内容，按空白处理"),
        (5, "H", "/", "「/」表示没有内容，按空白处理"),
        (8, "E", "-", "「-」表示没有内容，按空白处理"),
        (8, "G", "无", "「无」表示没有内容，按空白处理"),
        (8, "H", "空", "「空」表示没有内容，按空白处理"),
    ]


def test_required_and_free_text_fields_keep_a_mark_as_written(store, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": [["案号", "当事人", "违法行为", "罚款金额"],
                                      ["沈水罚字〔2019〕第1号", "/", "无", "—"]]})
    report = import_file(store, "ledger", path)
    (row,) = _ledger(store)
    assert (row[3], row[4], row[6]) == ("/", "无", None)  # party and violation as typed; the amount none
    assert [(w.column_letter, w.value) for w in report.warnings] == [("D", "—")]


def test_none_marks_are_whole_cells_only() -> None:
    for mark in ("/", "—", "-", "无", "空", " / ", "——", "－"):
        assert is_none_mark(mark), mark
    for value in ("-500", "无锡", "空调", "2019/3/5", "", None, 0, "5-1"):
        assert not is_none_mark(value), value
    assert {"/", "—", "-", "无", "空"} <= NONE_MARKS


def test_a_negative_amount_is_not_taken_for_a_none_mark(store, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": [["案号", "罚款金额"], ["沈水罚字〔2019〕第1号", "-500"]]})
    with pytest.raises(ImportRejectedError):
        import_file(store, "ledger", path)  # a negative amount is still refused, not blanked


def test_fill_is_clipped_to_the_sheet_and_skips_ranges_above_the_data() -> None:
    rows: list[list[object]] = [["单位", "案号"], ["一队", "A1"], ["", "A2"], ["", ""]]
    columns = [ColumnInfo(0, "A", "单位", "unit"), ColumnInfo(1, "B", "案号", "case_no")]
    ranges = [MergedRange(0, 0, 1, 0),  # starts in the header: not data
              MergedRange(1, 0, 1_048_575, 0)]  # declared to the last row of Excel
    warnings = fill_merged_data(rows, ranges, 0, columns)
    assert rows == [["单位", "案号"], ["一队", "A1"], ["一队", "A2"], ["", ""]]
    assert [w.reason for w in warnings] == ["A2:A1048576 为合并单元格，已按首格「一队」填充"]


def test_merged_cells_and_a_hidden_sheet_in_an_old_xls(store, tmp_path) -> None:
    import xlwt

    wb = xlwt.Workbook()
    old = wb.add_sheet("旧台账")
    for c, text in enumerate(["执法单位", "案号", "罚款金额"]):
        old.write(0, c, text)
    old.write(1, 1, "沈水罚字〔2017〕第1号")
    old.visibility = 1  # hidden
    ws = wb.add_sheet("台账")
    for c, text in enumerate(["执法单位", "案号", "罚款金额"]):
        ws.write(0, c, text)
    ws.write_merge(1, 2, 0, 0, "第一大队")
    for r, (case_no, fine) in enumerate((("沈水罚字〔2019〕第1号", 100), ("沈水罚字〔2019〕第2号", "—")), start=1):
        ws.write(r, 1, case_no)
        ws.write(r, 2, fine)
    path = tmp_path / "台账.xls"
    wb.save(str(path))

    report = import_file(store, "ledger", path)

    assert report.sheet == "台账"
    assert _ledger(store) == [
        (2, "", "沈水罚字〔2019〕第1号", "", "", "", 10_000, None, None, "", "", "第一大队"),
        (3, "", "沈水罚字〔2019〕第2号", "", "", "", None, None, None, "", "", "第一大队"),
    ]
    assert [w.reason for w in report.warnings] == [
        "隐藏的工作表「旧台账」未导入（如需导入，请指定该工作表）",
        "A2:A3 为合并单元格，已按首格「第一大队」填充",
        "「—」表示没有内容，按空白处理",
    ]
