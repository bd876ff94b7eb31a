"""What an .xlsx sheet really holds, learnt from its XML in one streamed pass.

The reader underneath (calamine) builds the sheet's whole used range in memory, from A1 to the
farthest cell that has a value: one stray value at XFD1048576 asks for 17 billion cells and the
process dies without a word. So before the reader is given a sheet, its XML is inflated here in
blocks and the cell references are read off it: the farthest row and column with a value. A
sheet past MAX_ROWS, MAX_COLUMNS or MAX_CELLS is refused naming the cell that makes it so.

The same pass finds formulas without a cached value. Programs that write workbooks (openpyxl,
web systems' exports) store `<f>SUM(F4:F9)</f><v></v>`: the reader shows such a cell as empty,
which would turn an amount into a blank. The scan returns them so the import can name them.

Real sheets put `r="B7"` first on every cell; the fast path counts on that and checks it per
block. Anything else (cells without references, namespace prefixes) goes through a slower
tag-by-tag walk that follows the same rules as the reader: a cell without `r` is the next column,
a row without `r` the next row.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import ElementTree

from app.errors import BadFileError
from app.imports import limits
from app.imports.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MB, count_text
from app.imports.reading_zip import DAMAGED

BLOCK = 4 * MB
MAX_CARRY = 64 * MB  # one row's XML; a longer row is not a register
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_COL = re.compile(rb'<c r="([A-Z]{1,3})\d{1,7}"[^>]*(?<!/)>')
_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"[^>]*(?<!/)>')
_NO_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*)>(<f\b[^>]*/>|<f\b[^>]*>([^<]*)</f>)(<v\s*/>|<v>\s*</v>)?</c>')
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:worksheet|sheetData)\b")
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|f|v|is)(?=[\s/>])([^>]*?)(/?)>")
_ATTR_R = re.compile(rb'\br="([A-Z]{0,3})(\d*)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_MERGE_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]*)"')


@dataclass
class SheetScan:
    """The extent of a sheet's values (1-based, 0 = empty), its formulas without values, keyed
    by 0-based (row, column) with the formula's text, and its merged ranges."""

    rows: int = 0
    columns: int = 0
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)  # the merged ranges' references ("A5:A9")
    fast: bool = False  # every cell starts with its reference: the sheet can be streamed


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def sheet_parts(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}  # not laid out as usual: the reader will say what is wrong
    except Exception as exc:  # noqa: BLE001 - defusedxml raises several unrelated types
        raise BadFileError(DAMAGED.format(name=name, why=exc)) from exc
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts: dict[str, str] = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(_REL_NS), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts[sheet.get("name", "")] = part
    return parts


def scan_sheet(zf: zipfile.ZipFile, part: str, file: str, sheet: str) -> SheetScan:
    """The extent and uncalculated formulas of `part`; BadFileError when over a limit."""
    try:
        info = zf.getinfo(part)
    except KeyError:
        return SheetScan()  # a chart sheet or an odd layout: nothing for us to bound
    try:
        scan = _fast_scan(zf, info, file, sheet)
        return scan if scan is not None else _slow_scan(zf, info, file, sheet)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise BadFileError(DAMAGED.format(name=file, why=exc)) from exc


def _blocks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, sheet: str) -> Iterator[bytes]:
    """The part in blocks cut after a row or a cell, so no cell is split between two blocks."""
    with zf.open(info) as f:
        carry = b""
        while block := f.read(BLOCK):
            data = carry + block if carry else block
            cut = data.rfind(b"row>")
            if cut < 0:
                cut = data.rfind(b"c>")
            if cut < 0:
                if len(data) > MAX_CARRY:
                    raise BadFileError(f"文件 {file} 的工作表「{sheet}」中有一行的内容超过 "
                                       f"{MAX_CARRY // MB} MB，不是正常的表格。")
                carry = data
                continue
            end = data.index(b">", cut) + 1
            yield data[:end]
            carry = data[end:]
        if carry:
            yield carry


def _fast_scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, sheet: str) -> SheetScan | None:
    """The scan when every cell starts `<c r="…"`; None when one does not.

    Most blocks hold nothing new: no cell past the farthest column seen, no row number with more
    digits. One regex search per block says so; only a block where it finds something is read
    reference by reference. Rows are then known as a bound (9999 for four digits); when the
    bound is over a limit, one more pass finds the exact last row before refusing."""
    scan = SheetScan()
    top_col, digits, exact_rows = b"", 0, True
    attention, anything = _attention(top_col, digits)
    for n, data in enumerate(_blocks(zf, info, file, sheet)):
        if n == 0 and _PREFIXED.search(data, 0, 8192):
            return None
        if b"mergeCell" in data:
            _collect_merged(scan, data)
        first = anything.search(data)  # one pass over a block that holds nothing new
        if first is None:
            if digits and exact_rows and b'<c r="' in data:
                exact_rows, scan.rows = False, 10 ** digits - 1  # rows of as many digits may follow
            continue
        if attention.search(data, first.start()):
            if data.count(b'<c r="') != data.count(b"<c ") + data.count(b"<c>"):
                return None  # some cell lacks a leading reference: walk the tags instead
            cols = set(_COL.findall(data))
            if cols:
                top_col = max(cols | {top_col}, key=_by_length)
            rows = set(_ROW.findall(data))
            if rows:
                row = max(rows, key=_by_length)
                if len(row) > digits:
                    digits, scan.rows, exact_rows = len(row), int(row), True
                elif exact_rows:
                    scan.rows = max(scan.rows, int(row))
            attention, anything = _attention(top_col, digits)
        elif digits and exact_rows and b'<c r="' in data:
            exact_rows, scan.rows = False, 10 ** digits - 1  # rows of as many digits may follow
        scan.columns = column_number(top_col)
        if exact_rows:
            _check_extent(scan, file, sheet, data)
        if b"<f" in data:
            _collect_uncalculated(scan, data)
    if not exact_rows and (not _within(scan.rows, scan.columns) or scan.rows * scan.columns > limits.STREAM_CELLS):
        # the exact last row decides whether the sheet is refused, or streamed (reading_stream.py)
        scan.rows = _last_row(zf, info, file, sheet, digits)
        _check_extent(scan, file, sheet, b"")
    scan.fast = True
    return scan


def _collect_merged(scan: SheetScan, data: bytes) -> None:
    scan.merged += (ref.decode("ascii", "replace") for ref in _MERGE_REF.findall(data))


def _attention(top_col: bytes, digits: int) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """A pattern matching a cell this scan has not accounted for (no leading reference, a
    column past `top_col` when that is one letter — wider sheets are read in full — or more row
    digits), and the same pattern that also matches a formula."""
    past = rb"[A-Z]{2}" if len(top_col) != 1 or top_col == b"Z" else rb"[A-Z]{2}|[" + bytes(
        [top_col[0] + 1]) + rb"-Z]\d"
    if not top_col:
        past = rb"[A-Z]"
    cell = rb'c(?:>| (?!r="[A-Z])| r="(?:' + past + rb'|[A-Z]{1,3}\d{' + str(digits + 1).encode() + rb'}))'
    return re.compile(b"<" + cell), re.compile(b"<(?:" + cell + rb"|f[\s>/])")


def _last_row(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, sheet: str, digits: int) -> int:
    pattern = re.compile(rb'<c r="[A-Z]{1,3}(\d{' + str(digits).encode() + rb'})"[^>]*(?<!/)>')
    top = 0
    for data in _blocks(zf, info, file, sheet):
        rows = set(pattern.findall(data))
        if rows:
            top = max(top, int(max(rows)))
    return top


def _within(rows: int, cols: int) -> bool:
    return cols <= MAX_COLUMNS and rows <= MAX_ROWS and rows * cols <= MAX_CELLS


def _by_length(b: bytes) -> tuple[int, bytes]:
    return len(b), b  # equal-length references compare as their letters or digits do


def _collect_uncalculated(scan: SheetScan, data: bytes) -> None:
    for m in _NO_VALUE.finditer(data):
        letters, digits, attrs, _f, text, empty_v = m.groups()
        if empty_v is not None and b't="str"' in attrs:
            continue  # a text formula whose cached result is the empty string
        key = (int(digits) - 1, column_number(letters) - 1)
        scan.uncalculated[key] = _formula_text(text)


def _formula_text(raw: bytes | None) -> str:
    return "=" + html.unescape(raw.decode("utf-8", "replace"))[:60] if raw else "=（共享公式）"


def _slow_scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, sheet: str) -> SheetScan:
    scan = SheetScan()
    row = col = -1
    cell: dict[str, object] | None = None
    for data in _blocks(zf, info, file, sheet):
        if b"mergeCell" in data:
            _collect_merged(scan, data)
        for m in _TAG.finditer(data):
            closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
            if tag == b"row" and not closing:
                ref = _ATTR_R.search(attrs)
                row = int(ref.group(2)) - 1 if ref and ref.group(2) else row + 1
                col = -1
            elif tag == b"c" and not closing:
                ref = _ATTR_R.search(attrs)
                if ref and ref.group(1):
                    col = column_number(ref.group(1)) - 1
                    row = int(ref.group(2)) - 1 if ref.group(2) else row
                else:
                    col += 1
                if empty:
                    continue
                t = _ATTR_T.search(attrs)
                cell = {"t": t.group(1) if t else b"n", "value": False, "f": None}
            elif cell is not None and not closing:
                if tag == b"is" or (tag == b"v" and not empty and
                                    (data[m.end():m.end() + 1] != b"<" or cell["t"] == b"str")):
                    cell["value"] = True
                elif tag == b"f":
                    end = data.find(b"<", m.end())
                    cell["f"] = data[m.end():end] if not empty and end > 0 else b""
            elif tag == b"c" and closing and cell is not None:
                if cell["value"]:
                    scan.rows = max(scan.rows, row + 1)
                    scan.columns = max(scan.columns, col + 1)
                elif cell["f"] is not None:
                    scan.uncalculated[(row, col)] = _formula_text(cell["f"])  # type: ignore[arg-type]
                cell = None
        _check_extent(scan, file, sheet, data)
    return scan


def _check_extent(scan: SheetScan, file: str, sheet: str, data: bytes) -> None:
    rows, cols = scan.rows, scan.columns
    if _within(rows, cols):
        return
    where = f"文件 {file} 的工作表「{sheet}」"
    if cols > MAX_COLUMNS:
        far = _far_cell(data, cols=cols)
        raise BadFileError(f"{where}有 {cols} 列，超过上限 {MAX_COLUMNS} 列（{far}）。{_HINT}")
    if rows > MAX_ROWS:
        far = _far_cell(data, rows=rows)
        raise BadFileError(f"{where}有 {rows} 行，超过上限 {MAX_ROWS} 行（{far}）。{_HINT}")
    raise BadFileError(
        f"{where}的数据范围是 {rows} 行 × {cols} 列（{count_text(rows * cols)}个单元格），超过上限 "
        f"{count_text(MAX_CELLS)}个单元格（最远处：第 {rows} 行、{_letters(cols)} 列）。{_HINT}")


_HINT = "如果那里只是误填的孤立单元格，请在 Excel 中删除它所在的行或列后另存，再导入。"


def _letters(n: int) -> str:
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def _far_cell(data: bytes, *, rows: int = 0, cols: int = 0) -> str:
    """Names the cell that sets the extent, e.g. "第 1048576 行 XFD 列有一个单元格"."""
    if cols:
        letters = _letters(cols)
        m = re.search(rb'r="' + letters.encode() + rb'(\d{1,7})"', data)
        return f"第 {int(m.group(1))} 行 {letters} 列有一个单元格" if m else f"{letters} 列有内容"
    m = re.search(rb'r="([A-Z]{1,3})' + str(rows).encode() + rb'"', data)
    return f"第 {rows} 行 {m.group(1).decode()} 列有一个单元格" if m else f"第 {rows} 行有内容"

