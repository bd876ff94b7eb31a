"""Golden tests: web systems' "导出Excel" files read as sheets — an HTML table in GBK named .xls
(meta charset, <th>, rowspan/colspan, &nbsp;, <br>), tab-separated GBK text named .xls — and the
files refused with what to do: a WPS .et, an encrypted workbook, an .xlsb. Every field of every
row is compared; nothing is written on a refusal."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest

from app.errors import BadFileError
from app.imports.reading import open_workbook
from app.imports.service import import_file
from app.records.service import page

HTML = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=GB2312">
<style>td {{ mso-number-format:'\\@'; }}</style><script>var t = "<table><tr><td>x</td></tr></table>";</script>
</head><body>
<table border="1">
<tr><td colspan="7" align="center">某市执法平台 行政处罚案件导出</td></tr>
<tr><th>执法单位</th><th>案号</th><th>当事人</th><th>处罚种类</th><th>罚款金额（元）</th><th>决定日期</th><th>缴款日期</th></tr>
<tr><td rowspan="2">第一&nbsp;大队</td><td>沈水罚字〔2019〕第1号</td><td>张&nbsp;三</td><td>警告<br>罚款</td>
    <td>5,000.00</td><td>2019-03-05</td><td>2019年3月8日</td></tr>
<tr><td>沈水罚字〔2019〕第2号</td><td>李四</td><td>罚款</td><td>200</td><td>2019/3/6</td><td>/</td></tr>
<tr><td>第二大队</td><td rowspan="3">沈水罚字〔2019〕第3号</td><td>王五</td><td>罚款</td><td>0.5万元</td>
    <td>2019-04-01</td><td>2019-04-02</td></tr>
<tr><td>第二大队</td><td>王五</td><td>罚款</td><td>100</td><td>2019-04-01</td><td>2019-04-03</td></tr>
</table>
</body></html>
"""


def _ledger(store) -> list[tuple[object, ...]]:
    return [(r["row"], r["seq"], r["case_no"], r["party"], r["violation"], r["penalty"], r["fine_fen"],
             r["decided_on"], r["paid_on"], r["receipt_no"], r["enforcement"], r["unit"])
            for r in page(store, "ledger", offset=0, limit=100)]


def test_html_table_in_gbk_named_xls_is_read_as_its_table_shows(store, tmp_path) -> None:
    path = tmp_path / "案件导出.xls"
    path.write_bytes(HTML.encode("gbk"))

    report = import_file(store, "ledger", path)

    assert (report.sheet, report.header_row, report.imported, report.rejected) == ("案件导出", 2, 4, [])
    assert _ledger(store) == [
        (3, "", "沈水罚字〔2019〕第1号", "张 三", "", "警告\n罚款", 500_000, date(2019, 3, 5), date(2019, 3, 8), "",
         "", "第一 大队"),
        (4, "", "沈水罚字〔2019〕第2号", "李四", "", "罚款", 20_000, date(2019, 3, 6), None, "", "", "第一 大队"),
        (5, "", "沈水罚字〔2019〕第3号", "王五", "", "罚款", 500_000, date(2019, 4, 1), date(2019, 4, 2), "", "",
         "第二大队"),
        (6, "", "沈水罚字〔2019〕第3号", "王五", "", "罚款", 10_000, date(2019, 4, 1), date(2019, 4, 3), "", "",
         "第二大队"),
    ]
    # the rowspans are filled like merged cells; the one reaching past the table ends with it
    assert [w.reason for w in report.warnings if "合并" in w.reason] == [
        "A3:A4 为合并单元格，已按首格「第一 大队」填充", "B5:B6 为合并单元格，已按首格「沈水罚字〔2019〕第3号」填充"]


def test_html_grid_places_spans_as_a_browser_draws_them(tmp_path) -> None:
    path = tmp_path / "表.xls"
    path.write_text("<table><tr><td rowspan=2>a</td><td colspan=2>b</td></tr><tr><td>c</td><td>d</td></tr>"
                    "<tr><td>e</td></tr></table><table><tr><th>f<table><tr><td>g</td></tr></table></th></tr></table>",
                    encoding="utf-8")
    with open_workbook(path) as book:
        assert book.rows("表") == [["a", "b", ""], ["", "c", "d"], ["e", "", ""], ["fg", "", ""]]
        assert [m.ref for m in book.merged("表")] == ["A1:A2", "B1:C1"]


def test_html_with_a_utf8_meta_charset(store, tmp_path) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(('<meta charset="utf-8"><table><tr><td>案号</td><td>罚款金额</td></tr>'
                      "<tr><td>沈水罚字〔2019〕第9号</td><td>300</td></tr></table>").encode())
    import_file(store, "ledger", path)
    assert [(r[2], r[6]) for r in _ledger(store)] == [("沈水罚字〔2019〕第9号", 30_000)]


def test_tab_separated_text_in_gbk_named_xls(store, tmp_path) -> None:
    path = tmp_path / "非税导出.xls"
    lines = ["缴款书号\t执收单位\t案号\t当事人\t罚款金额\t决定日期\t缴款日期",
             "N001\t第一大队\t沈水罚字〔2019〕第1号\t张三\t5,000.00\t2019-03-05\t2019-03-08",
             "N002\t第一大队\t沈水罚字〔2019〕第2号\t李四\t200\t2019-03-06\t—"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))

    report = import_file(store, "ledger", path)

    assert (report.sheet, report.header_row, report.imported) == ("非税导出", 1, 2)
    assert _ledger(store) == [
        (2, "", "沈水罚字〔2019〕第1号", "张三", "", "", 500_000, date(2019, 3, 5), date(2019, 3, 8), "", "", ""),
        (3, "", "沈水罚字〔2019〕第2号", "李四", "", "", 20_000, date(2019, 3, 6), None, "", "", ""),
    ]


def _refused(store, db, path) -> BadFileError:
    before = db.counts()
    with pytest.raises(BadFileError) as info:
        import_file(store, "ledger", path)
    assert db.counts() == before
    assert info.value.file == path.name and path.name in info.value.message
    return info.value


def test_wps_et_file_is_refused_saying_what_to_do(store, db, tmp_path) -> None:
    path = tmp_path / "台账.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    msg = _refused(store, db, path).message
    assert "WPS" in msg and "另存为" in msg and ".xlsx" in msg


def test_encrypted_workbook_is_refused_saying_what_to_do(store, db, tmp_path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"))
    msg = _refused(store, db, path).message
    assert "密码" in msg and "另存为" in msg and ".xlsx" in msg


def test_xlsb_is_refused_saying_what_to_do(store, db, tmp_path) -> None:
    path = tmp_path / "台账.xlsb"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
    msg = _refused(store, db, path).message
    assert ".xlsb" in msg and "另存为" in msg and ".xlsx" in msg


def test_other_markup_named_xls_is_still_refused(store, db, tmp_path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
                    encoding="utf-8")
    assert "网页" in _refused(store, db, path).message
