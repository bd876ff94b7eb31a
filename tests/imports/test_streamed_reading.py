"""The streaming reader (reading_stream.py) reads a sheet exactly as calamine does.

Each workbook below is read twice through open_file: once as every normal sheet is (calamine),
once with the streaming threshold lowered to nothing, and the rows must be equal cell for cell
and type for type — numbers, texts, dates, times, durations, booleans, errors, formulas with
and without a value, shared and inline strings, rich text, gaps — so a sheet reads the same
whether it is small or large.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from app.errors import BadFileError
from app.imports import limits
from app.imports.reading import open_file
from app.imports.reading_xlsx_parts import NumberKind, format_kind
from tests.imports.hostile import write_xlsx


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch, sheet: str | None = None) -> tuple[list, list]:
    """(calamine's rows, the streaming reader's rows) of one sheet."""
    with open_file(path) as book:
        name = sheet or book.sheet_names[0]
        assert book.streamed(name) is None
        normal = book.rows(name)
    with monkeypatch.context() as m:
        m.setattr(limits, "STREAM_CELLS", 0)
        with open_file(path) as book:
            stream = book.streamed(name)
            assert stream is not None
            streamed = list(stream.iter_rows())
    return normal, streamed


def typed(rows: list) -> list:
    """Each cell as (type, text), trailing empty cells left out: the streamed rows are as wide as
    the scan's extent, which also counts a formula cell stored without a value (calamine's range
    leaves such a cell out when it is the rightmost)."""
    out = []
    for row in rows:
        cells = [(type(c).__name__, str(c)) for c in row]
        while cells and cells[-1] == ("str", ""):
            cells.pop()
        out.append(cells)
    return out


def test_openpyxl_values_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["标题", None, None, "  空格  "])
    ws.append([])
    ws.append([1, 2.5, -0.0, 1e-5, 12345678901234567890, True, False, "文本 & <符号>", "=1+1"])
    ws.append([date(2020, 1, 2), datetime(2020, 1, 2, 3, 4, 5), time(3, 4), datetime(1900, 1, 1),
               datetime(1900, 3, 1), date(9999, 12, 31), timedelta(days=1, hours=2), "#N/A"])
    ws["B6"] = "第二列\r\n换行"
    ws["F9"] = 42
    ws["A7"].number_format = "yyyy-mm-dd"
    ws["A7"] = 43831.5
    ws["B7"] = 0.25
    ws["B7"].number_format = "h:mm"
    ws["C7"] = 3.75
    ws["C7"].number_format = "[h]:mm:ss"
    ws["D7"] = 43831
    ws["D7"].number_format = 'yyyy"年"m"月"d"日"'
    ws["E7"] = 1234.5
    ws["E7"].number_format = '#,##0.00"元"'
    ws["A8"] = "#DIV/0!"
    ws["A8"].data_type = "e"
    path = tmp_path / "values.xlsx"
    wb.save(path)
    normal, streamed = read_both(path, monkeypatch)
    assert typed(streamed) == typed(normal)
    assert str(streamed[2][8]) == "=1+1"


def _sheet_with_strings(tmp_path: Path, cells: str, shared: list[str], extra_styles: str = "") -> Path:
    sst = "".join(shared)
    styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/>'
              '</numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
              f'<xf numFmtId="46"/>{extra_styles}</cellXfs></styleSheet>')
    return write_xlsx(tmp_path / "strings.xlsx", cells, extra={
        "xl/sharedStrings.xml": ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.'
                                 f'org/spreadsheetml/2006/main" count="{len(shared)}">{sst}</sst>').encode(),
        "xl/styles.xml": styles.encode(),
    })


def test_excel_layout_reads_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared strings (plain, rich text, phonetic hints, entities), styles by index, formulas
    with a cached value and without, booleans and errors, cells written as Excel writes them."""
    shared = ["<si><t>案号</t></si>",
              "<si><r><t>当事</t></r><r><rPr><b/></rPr><t>人</t></r></si>",
              "<si><t>张三</t><rPh sb=\"0\" eb=\"1\"><t>チョウ</t></rPh><phoneticPr fontId=\"1\"/></si>",
              "<si><t xml:space=\"preserve\"> A&amp;B &lt;x&gt; </t></si>",
              "<si><t/></si>"]
    cells = ('<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
             '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
             '<row r="3"><c r="A3" s="1"><v>43831</v></c><c r="B3" s="2"><v>43831.25</v></c>'
             '<c r="C3" s="3"><v>1.5</v></c><c r="D3" s="1"><v>0.5</v></c><c r="E3" s="1"><v>59</v></c>'
             '<c r="F3" s="1"><v>61</v></c></row>'
             '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c><c r="C4" t="e"><v>#N/A</v></c>'
             '<c r="D4"><f>SUM(A1:A2)</f><v>3</v></c><c r="E4" t="str"><f>A1&amp;"x"</f><v>案号x</v></c>'
             '<c r="F4"><f>SUM(F1:F2)</f><v></v></c></row>'
             '<row r="5"><c r="A5" s="1"/><c r="B5" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c>'
             '<c r="C5"><v>1.0000000000000001E-3</v></c><c r="D5" t="n"><v>-12.5</v></c></row>'
             '<row r="8"><c r="C8" s="0"><v>7</v></c></row>')
    path = _sheet_with_strings(tmp_path, cells, shared)
    normal, streamed = read_both(path, monkeypatch)
    assert typed(streamed) == typed(normal)


def test_uncalculated_formulas_are_marked_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
             '<row r="2"><c r="B2"><f>SUM(F4:F9)</f><v></v></c></row>'
             '<row r="4"><c r="D4"><f>A1*2</f></c></row>')
    path = write_xlsx(tmp_path / "formulas.xlsx", cells)
    normal, streamed = read_both(path, monkeypatch)
    assert typed(streamed) == typed(normal)
    assert str(streamed[1][1]) == "=SUM(F4:F9)"


def test_rows_out_of_order_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = '<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
    path = write_xlsx(tmp_path / "order.xlsx", cells)
    monkeypatch.setattr(limits, "STREAM_CELLS", 0)
    with open_file(path) as book:
        stream = book.streamed(book.sheet_names[0])
        assert stream is not None
        with pytest.raises(BadFileError, match="行的顺序不对"):
            list(stream.iter_rows())


def test_sheets_the_scan_walks_tag_by_tag_are_not_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cells without their reference go to calamine, whatever their size."""
    cells = '<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>'
    path = write_xlsx(tmp_path / "norefs.xlsx", cells)
    monkeypatch.setattr(limits, "STREAM_CELLS", 0)
    with open_file(path) as book:
        assert book.streamed(book.sheet_names[0]) is None
        assert book.rows(book.sheet_names[0]) == [["a", 2.0]]


@pytest.mark.parametrize(("code", "kind"), [
    ("yyyy-mm-dd", NumberKind.DATE), ("h:mm AM/PM", NumberKind.DATE), ('yyyy"年"m"月"d"日"', NumberKind.DATE),
    ("[h]:mm:ss", NumberKind.DURATION), ("[ss]", NumberKind.DURATION), ("#,##0.00", NumberKind.NUMBER),
    ('"$"#,##0_);[Red]("$"#,##0)', NumberKind.NUMBER), ("[>=100][Magenta].00", NumberKind.NUMBER),
    ("\\Y000000", NumberKind.NUMBER), ('0.00"元"', NumberKind.NUMBER), ("H:MM:SS;@", NumberKind.DATE),
    ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm", NumberKind.DURATION), ("General", NumberKind.NUMBER),
])
def test_number_formats_are_told_apart_as_calamine_does(code: str, kind: NumberKind) -> None:
    assert format_kind(code) is kind


def test_custom_formats_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   xlsx: Callable[..., Path]) -> None:
    codes = ["yyyy-mm-dd", "h:mm AM/PM", 'yyyy"年"m"月"d"日"', "[h]:mm:ss", "#,##0.00", '0.00"元"',
             "mm:ss", "General", "@", "0%", "d-mmm-yy", "[$-804]yyyy年m月d日"]
    rows = [[c, 43831.75, 0.3, 2.0] for c in codes]
    formats = {f"{col}{r}": code for r, code in enumerate(codes, start=1) for col in "BCD"}
    path = xlsx("formats.xlsx", {"格式": rows}, formats={"格式": formats})
    normal, streamed = read_both(path, monkeypatch)
    assert typed(streamed) == typed(normal)


def test_the_1904_date_system_reads_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.active.append([date(2020, 5, 6), datetime(2020, 5, 6, 7, 8, 9)])
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert b"date1904" in z.read("xl/workbook.xml")
    normal, streamed = read_both(path, monkeypatch)
    assert typed(streamed) == typed(normal)


def test_escapes_in_text_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Line ends as XML reads them, references, `<t>` trimmed unless it preserves space, and
    Office's `_x000D_` escapes: in shared strings, inline strings and text formula results."""
    texts = ["  a  ", "a\r\nb", "a\rb", "a&#13;&#10;b", "ab&#13;", "&#9;x", "a_x000D_b", "a_x005F_x000D_b",
             "_x0020_a_x0020_", "\u3000a\u3000", "a\xa0", "&#x1F;b", "_x00ZZ_", "&#x4E2D;&#25991;", "&lt;&amp;&gt;"]
    shared = [f"<si><t>{t}</t></si>" for t in texts] + [f'<si><t xml:space="preserve">{t}</t></si>' for t in texts]
    shared.append("<si><r><t> x </t></r><r><t> y</t></r></si>")
    n = len(texts)
    cells = "".join(f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c><c r="B{i + 1}" t="s"><v>{i + n}</v></c>'
                    f'<c r="C{i + 1}" t="inlineStr"><is><t>{t}</t></is></c>'
                    f'<c r="D{i + 1}" t="inlineStr"><is><t xml:space="preserve">{t}</t></is></c>'
                    f'<c r="E{i + 1}" t="str"><f>X</f><v>{t}</v></c></row>' for i, t in enumerate(texts))
    cells += f'<row r="{n + 1}"><c r="A{n + 1}" t="s"><v>{2 * n}</v></c></row>'
    path = _sheet_with_strings(tmp_path, cells, shared)
    normal, streamed = read_both(path, monkeypatch)
    assert typed(streamed) == typed(normal)
