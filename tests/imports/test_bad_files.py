"""Files that cannot be imported: each refusal names the file (and sheet/row/column where they
apply), and the store is left exactly as it was."""

from __future__ import annotations

import os

import pytest

from app.errors import BadFileError, ImportRejectedError
from app.imports.reading import column_letter, open_workbook
from app.imports.service import import_file, preview_import

LEDGER = [["案号", "当事人", "罚款金额", "决定日期"], ["沈水罚字〔2019〕第1号", "张三", 100, "2019-03-05"]]


def _refused(store, db, path, kind="ledger", **kw) -> str:
    before = db.counts()
    with pytest.raises(BadFileError) as info:
        import_file(store, kind, path, **kw)
    assert db.counts() == before
    return info.value.message


def test_random_bytes_named_xlsx(store, db, tmp_path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(os.urandom(4096))
    msg = _refused(store, db, path)
    assert "台账.xlsx" in msg and "不是 Excel 表格" in msg


def test_truncated_xlsx(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": LEDGER})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    msg = _refused(store, db, path)
    assert "台账.xlsx" in msg and "损坏" in msg


def test_empty_file(store, db, tmp_path) -> None:
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    assert "空.csv" in _refused(store, db, path)


def test_html_saved_as_xls(store, db, tmp_path) -> None:
    # A web page with a table is read as a sheet now (tests/imports/test_web_exports.py); one
    # without any table is still refused as a web page.
    path = tmp_path / "导出.xls"
    path.write_text("<html><body><p>案号</p></body></html>", encoding="utf-8")
    msg = _refused(store, db, path)
    assert "导出.xls" in msg and "网页" in msg


def test_binary_named_csv(store, db, tmp_path) -> None:
    path = tmp_path / "台账.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert "台账.csv" in _refused(store, db, path)


def test_password_protected_xlsx_is_named_as_such(store, db, tmp_path) -> None:
    # An encrypted OOXML file is an OLE2 container holding an "EncryptedPackage" stream.
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "加密.xlsx"
    path.write_bytes(body + b"\x00" * 1024)
    msg = _refused(store, db, path)
    assert "加密.xlsx" in msg and "密码" in msg


def test_no_recognisable_header_names_file_sheets_and_missing_columns(store, db, xlsx) -> None:
    path = xlsx("杂表.xlsx", {"封面": [["某某局"], ["2019年"]], "数据": [["姓名", "金额"], ["张三", 1]],
                             "空白": []})
    msg = _refused(store, db, path)
    assert "杂表.xlsx" in msg
    assert "工作表「封面」缺少「案号」列" in msg and "工作表「数据」缺少「案号」列" in msg
    assert "工作表「空白」是空的" in msg
    assert "处罚决定书文号" in msg  # the synonyms the user may use are listed


def test_unknown_sheet_is_named(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": LEDGER})
    msg = _refused(store, db, path, sheet="2020年")
    assert "「2020年」" in msg and "「台账」" in msg


def test_impossible_date_names_file_sheet_row_column(store, db, xlsx) -> None:
    rows = [["标题"], ["序号", "案号", "决定日期"], [1, "沈水罚字〔2019〕第1号", "2019-02-29"]]
    path = xlsx("台账.xlsx", {"2019年": rows})
    before = db.counts()
    with pytest.raises(ImportRejectedError) as info:
        import_file(store, "ledger", path)
    assert db.counts() == before
    assert "台账.xlsx 工作表「2019年」第 3 行 C 列「决定日期」：" in info.value.message
    assert "2019-02-29" in info.value.message
    assert "\n" not in info.value.message  # the CLI prints one line


def test_leading_empty_rows_and_columns_keep_excel_numbers(xlsx) -> None:
    rows = [[], [], [], [], [None, None, "案号", "罚款金额"], [None, None, "沈水罚字〔2019〕第1号", "五千块"]]
    path = xlsx("台账.xlsx", {"台账": rows})
    book = open_workbook(path)
    assert book.rows("台账")[4][2] == "案号"  # row 5, column C
    pv = preview_import(None, "ledger", path)
    assert pv.header_row == 5
    (issue,) = pv.rejected
    assert (issue.row, issue.column_letter, issue.column) == (6, "D", "罚款金额")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 5, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "F", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
