"""The problem list saved as an Excel file for the unit (app/imports/problem_sheet.py): the sheet
row for row as read, the bad cells filled and commented, a 问题说明 column, a 问题清单 sheet;
read back with python-calamine (the values) and openpyxl (fills and comments)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
import python_calamine

from app.errors import Cancelled
from app.imports.problem_sheet import (
    ERROR_FILL,
    LIST_HEADER,
    LIST_SHEET,
    NOTE_HEADER,
    WARNING_FILL,
    sheet_title,
    write_problem_sheet,
)
from app.imports.service import preview_import

ROWS = [
    ["2019年处罚台账"],
    ["序号", "案号", "当事人", "罚款金额（元）", "决定日期", "票据号"],
    [1, "沈水罚字〔2019〕第1号", "张三", 5000, "2019-03-05", None],
    [2, "沈水罚字〔2019〕第2号", None, "五千块", "2019-02-30", None],  # two bad cells; C4 text "=…" below
    [3, "沈水罚字〔2019〕第3号", "李\u202e四", 300, date(2019, 3, 7), "0012345"],  # a control character: a warning
    [4, None, "王五", 100, "2019-03-08", None],  # no case number
]


def _with_text_formula(path):  # type: ignore[no-untyped-def]
    """C4 holds text that begins with "=" (a party name pasted from a web page), stored as text."""
    wb = openpyxl.load_workbook(path)
    cell = wb["二〇一九"]["C4"]
    cell.value = '=HYPERLINK("x")'
    cell.data_type = "s"
    wb.save(path)
    return path


def test_the_saved_sheet_marks_each_bad_cell(xlsx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _with_text_formula(xlsx("台账.xlsx", {"二〇一九": ROWS}))
    preview = preview_import(None, "ledger", path)
    assert sorted({i.row for i in preview.rejected}) == [4, 6] and preview.warnings

    saved = write_problem_sheet(path, preview.sheet, preview.header_row, preview.rejected, preview.warnings,
                                tmp_path / "问题清单.xlsx")

    assert (saved.rows_marked, saved.problems) == (3, len(preview.rejected) + len(preview.warnings))
    book = python_calamine.CalamineWorkbook.from_path(str(saved.path))
    assert book.sheet_names == ["二〇一九", LIST_SHEET]
    rows = book.get_sheet_by_name("二〇一九").to_python(skip_empty_area=False)
    assert rows[0][0] == "2019年处罚台账" and rows[1] == ["序号", "案号", "当事人", "罚款金额（元）", "决定日期", "票据号",
                                                      NOTE_HEADER]
    assert rows[3][:5] == [2.0, "沈水罚字〔2019〕第2号", "=HYPERLINK(\"x\")", "五千块", "2019-02-30"]  # row 4 as read
    assert "D 列「罚款金额（元）」" in rows[3][6] and "E 列「决定日期」" in rows[3][6] and rows[3][6].startswith("错误：")
    assert rows[4][4] == date(2019, 3, 7) and rows[4][5] == "0012345"  # a date stays a date, a number text
    assert rows[4][6].startswith("提醒：C 列「当事人」：已删除不可见的控制字符")
    assert rows[4][2] == "李\u202e四"  # the sheet as read
    assert rows[2][6] == ""  # a good row says nothing

    listed = book.get_sheet_by_name(LIST_SHEET).to_python()
    assert tuple(listed[0]) == LIST_HEADER
    assert sorted(r[:3] for r in listed[1:] if r[0] == "错误") == [["错误", 4.0, "D"], ["错误", 4.0, "E"], ["错误", 6.0, "B"]]

    ws = openpyxl.load_workbook(saved.path)["二〇一九"]
    assert ws["C4"].data_type == "s" and ws["C4"].value == "=HYPERLINK(\"x\")"  # text, never a formula
    for ref in ("D4", "E4", "B6"):
        assert ws[ref].fill.fgColor.rgb == "00" + ERROR_FILL.fgColor.rgb[-6:], ref
        assert ws[ref].comment is not None and ws[ref].comment.text.startswith("错误：")
    assert ws["C5"].fill.fgColor.rgb == "00" + WARNING_FILL.fgColor.rgb[-6:]
    assert ws["C4"].fill.fill_type is None and ws["D3"].comment is None  # only the cells named
    assert ws.freeze_panes == "A3"


def test_a_cancelled_save_leaves_no_file(xlsx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = xlsx("台账.xlsx", {"二〇一九": ROWS})
    preview = preview_import(None, "ledger", path)
    out = tmp_path / "问题清单.xlsx"
    seen: list[tuple[int, int]] = []

    with pytest.raises(Cancelled):
        write_problem_sheet(path, preview.sheet, preview.header_row, preview.rejected, preview.warnings, out,
                            progress=lambda done, total, _label: seen.append((done, total)), cancel=lambda: True)

    assert not out.exists() and list(tmp_path.glob("*.part")) == [] and seen == []


def test_a_sheet_name_excel_refuses_is_made_acceptable() -> None:
    assert sheet_title("台账[2019]/汇总") == "台账_2019__汇总"
    assert sheet_title(LIST_SHEET, (LIST_SHEET,)) == "问题清单（原表）"
    assert len(sheet_title("很长的工作表名称" * 6)) == 31
