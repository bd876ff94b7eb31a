"""What a sheet holds, read honestly (issue 10, point 2): nothing the user typed or did not type
is turned silently into something else."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.domain.text import clean_text, normalise_name, unsafe_characters
from app.errors import BadFileError, ImportRejectedError
from app.imports.service import import_file, preview_import
from db.models import LedgerEntry, Receipt

HEADER = ["案号", "当事人", "罚款金额", "决定日期"]


def _formula_book(path: Path) -> Path:
    """What a script or a web system writes: formulas with no cached value (openpyxl does)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(HEADER)
    ws.append(["沈水罚字〔2019〕第1号", "张三", "=100*2", "2019-03-05"])
    ws.append(["沈水罚字〔2019〕第2号", "李四", 300, "2019-03-06"])
    wb.save(path)
    return path


def test_formula_without_cached_value_rejects_the_row_naming_the_cell(store, db, tmp_path) -> None:
    path = _formula_book(tmp_path / "台账.xlsx")
    before = db.counts()
    with pytest.raises(ImportRejectedError) as info:
        import_file(store, "ledger", path)
    assert db.counts() == before
    msg = info.value.message
    assert "台账.xlsx 工作表「台账」第 2 行 C 列「罚款金额」" in msg and "公式" in msg and "计算结果" in msg


def test_formula_without_cached_value_is_never_an_empty_amount(store, db, tmp_path) -> None:
    path = _formula_book(tmp_path / "台账.xlsx")
    report = import_file(store, "ledger", path, skip_invalid=True)
    assert report.imported == 1
    (issue,) = report.rejected
    assert (issue.row, issue.column_letter, issue.value) == (2, "C", "=100*2")
    assert [e.fine_fen for e in db.all(LedgerEntry)] == [30000]


def test_formula_alone_on_a_row_is_not_a_blank_row(tmp_path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["沈水罚字〔2019〕第1号", "张三", 100, "2019-03-05"])
    ws.append(["=A2", None, None, None])
    wb.save(tmp_path / "台账.xlsx")
    pv = preview_import(None, "ledger", tmp_path / "台账.xlsx")
    assert pv.skipped_blank == 0
    assert [(i.row, i.column_letter) for i in pv.rejected] == [(3, "A")]


def test_text_formula_with_an_empty_cached_result_is_an_empty_cell(tmp_path) -> None:
    """Excel stores `<f>…</f><v></v>` with t="str" for a formula that gave "": that is a value."""
    from tests.imports.hostile import text_cell, write_xlsx

    header = "".join(text_cell(f"{c}1", t) for c, t in zip("ABC", ("案号", "当事人", "备注"), strict=True))
    row = text_cell("A2", "沈水罚字〔2019〕第1号") + text_cell("B2", "张三") + '<c r="C2" t="str"><f>""</f><v></v></c>'
    path = write_xlsx(tmp_path / "台账.xlsx", f'<row r="1">{header}</row><row r="2">{row}</row>')
    pv = preview_import(None, "ledger", path)
    assert pv.rejected == [] and pv.valid == 1


def test_unbalanced_quote_in_csv_is_refused_naming_the_line(store, db, tmp_path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text('案号,当事人,罚款金额\n沈水罚字〔2019〕第1号,张三,100\n沈水罚字〔2019〕第2号,"李四,200\n'
                    "沈水罚字〔2019〕第3号,王五,300\n", encoding="utf-8")
    before = db.counts()
    with pytest.raises(BadFileError) as info:
        import_file(store, "ledger", path)
    assert db.counts() == before
    assert "台账.csv 第 3 行" in info.value.message and "引号" in info.value.message


def test_second_column_for_the_same_field_is_a_warning(xlsx) -> None:
    rows = [["案号", "当事人", "罚款金额", "罚款金额（元）"], ["沈水罚字〔2019〕第1号", "张三", 100, 200]]
    pv = preview_import(None, "ledger", xlsx("台账.xlsx", {"台账": rows}))
    assert pv.valid == 1
    (warning,) = pv.warnings
    assert (warning.row, warning.column_letter) == (1, "D")
    assert "C 列" in warning.reason and "没有导入" in warning.reason


def test_receipt_number_with_a_fraction_is_refused(store, db, xlsx) -> None:
    rows = [["票据号", "开票日期", "缴款人", "金额"], [1234.5, "2019-03-05", "张三", 100],
            [1235, "2019-03-05", "李四", 100]]
    report = import_file(store, "receipts", xlsx("收据.xlsx", {"收据": rows}), skip_invalid=True)
    assert report.imported == 1
    (issue,) = report.rejected
    assert (issue.row, issue.column_letter) == (2, "A") and "1234.5" in issue.reason
    assert [r.receipt_no for r in db.all(Receipt)] == ["1235"]


HIDDEN = ["\x00", "\x1b[2J", "\u202e", "\u202a", "\u2066", "\u2069", "\u00ad", "\U000e0041", "\x7f", "\x85"]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_clean_text_removes_control_bidi_soft_hyphen_and_tag_characters(hidden: str) -> None:
    expected = "张[2J三" if hidden == "\x1b[2J" else "张三"
    assert clean_text(f"张{hidden}三") == expected
    assert unsafe_characters(f"张{hidden}三") == [f"U+{ord(hidden[0]):04X}"]
    assert normalise_name(f"张{hidden}三") == normalise_name(expected)


def test_clean_text_keeps_ordinary_text_and_line_breaks() -> None:
    assert clean_text("  沈水罚字〔2019〕第1号 ") == "沈水罚字〔2019〕第1号"
    assert clean_text("第一行\n第二行") == "第一行\n第二行"
    assert unsafe_characters("第一行\n第二行\t") == []


def test_hidden_characters_in_a_name_are_removed_with_a_warning(store, db, tmp_path) -> None:
    """An .xlsx carries control characters as _x001B_ escapes; the reader turns them back."""
    from tests.imports.hostile import text_cell, write_xlsx

    header = "".join(text_cell(f"{c}1", t) for c, t in zip("ABC", ("案号", "当事人", "罚款金额"), strict=True))
    row = (text_cell("A2", "沈水罚字〔2019〕第1号") + text_cell("B2", "张\u202e三_x001B_]0;x_x0007_")
           + '<c r="C2"><v>100</v></c>')
    path = write_xlsx(tmp_path / "台账.xlsx", f'<row r="1">{header}</row><row r="2">{row}</row>')
    report = import_file(store, "ledger", path)
    assert report.imported == 1
    (entry,) = db.all(LedgerEntry)
    assert entry.party == "张三]0;x"
    (warning,) = report.warnings
    assert (warning.row, warning.column_letter) == (2, "B")
    assert "U+202E" in warning.reason and "U+001B" in warning.reason
    assert "\x1b" not in warning.value and "\u202e" not in warning.value


def test_nul_in_a_csv_cell_is_removed_with_a_warning(store, db, tmp_path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text("案号,当事人,罚款金额\n沈水罚字〔2019〕第1号,张\x00三,100\n", encoding="utf-8")
    report = import_file(store, "ledger", path)
    assert [e.party for e in db.all(LedgerEntry)] == ["张三"]
    assert [w.column_letter for w in report.warnings] == ["B"]


def test_utf16_unicode_text_from_excel_is_read(store, db, tmp_path) -> None:
    """Excel's "Unicode 文本" save type: UTF-16LE with a BOM, tab-separated, CRLF."""
    path = tmp_path / "台账.txt"
    text = "案号\t当事人\t罚款金额\r\n沈水罚字〔2019〕第1号\t张三\t100\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    report = import_file(store, "ledger", path)
    assert report.imported == 1
    assert [(e.party, e.fine_fen) for e in db.all(LedgerEntry)] == [("张三", 10000)]


def test_header_below_the_first_thirty_rows_is_found(xlsx) -> None:
    rows: list[list[object]] = [[f"说明第 {i} 行"] for i in range(1, 41)]
    rows += [HEADER, ["沈水罚字〔2019〕第1号", "张三", 100, "2019-03-05"]]
    pv = preview_import(None, "ledger", xlsx("台账.xlsx", {"台账": rows}))
    assert pv.header_row == 41 and pv.valid == 1


def test_header_far_below_says_where_it_looked(xlsx) -> None:
    rows: list[list[object]] = [[] for _ in range(400)] + [HEADER, ["沈水罚字〔2019〕第1号", "张三", 100]]
    with pytest.raises(BadFileError) as info:
        preview_import(None, "ledger", xlsx("台账.xlsx", {"台账": rows}))
    msg = info.value.message
    assert "前 300 行" in msg and "第 401 行" in msg and "是空的，" not in msg


def test_message_about_a_thousand_sheets_is_short(tmp_path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    for i in range(1000):
        wb.create_sheet(f"表{i}").append(["姓名"])
    wb.save(tmp_path / "多表.xlsx")
    with pytest.raises(BadFileError) as info:
        preview_import(None, "ledger", tmp_path / "多表.xlsx")
    msg = info.value.message
    assert "工作表「表0」" in msg and "另有 995 个工作表" in msg and "表999" not in msg
    assert len(msg) < 600
    with pytest.raises(BadFileError) as info:
        preview_import(None, "ledger", tmp_path / "多表.xlsx", sheet="2020年")
    assert "共 1000 个" in info.value.message and len(info.value.message) < 300
