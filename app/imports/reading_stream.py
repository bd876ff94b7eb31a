"""Reading a large .xlsx sheet one row at a time, for sheets too big to hold twice in memory.

calamine builds the sheet's whole range in native memory and to_python() then copies it into
Python rows: on Excel's largest sheet (a million rows of a dozen columns) that is ~1 GB plus
~0.7 GB at once, before one record is made. A sheet whose scan (reading_xlsx.py) finds more
than limits.STREAM_CELLS cells is therefore read here instead: the sheet XML is inflated in blocks and
its cells are read off with one regular expression, so only the row being converted is held.
The rows are what calamine's to_python(skip_empty_area=False) gives for the same sheet — row
index + 1 is the Excel row, column A is index 0, every row padded with "" to the sheet's width,
numbers as float, dates, times and durations by their style's number format
(reading_xlsx_parts.py), booleans, "" for errors and empty cells — and formulas stored without
a result are marked Uncalculated from the scan, as for calamine's rows.

Only sheets the scan read on its fast path are streamed (every cell starts with `<c r="…"`, no
namespace prefixes): anything else goes to calamine, as before. A file whose rows are not in
ascending order, as no program writes them, is refused rather than read wrongly. Text in many
rows repeats (a unit, a cause, 罚款): each distinct text is decoded once and the same string
object is shared by the rows, which is where most of the memory of calamine's copy went.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice

from app.errors import BadFileError
from app.imports.cells import Uncalculated
from app.imports.merged_cells import MergedRange
from app.imports.reading_xlsx import SheetScan, _blocks, column_number
from app.imports.reading_xlsx_parts import NumberKind, shared_strings, string_text, style_kinds, uses_1904, xml_text
from app.imports.reading_zip import DAMAGED

Cell = object
TEXT_CACHE = 50_000  # distinct texts kept for sharing; the cache starts over when full

_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_T = re.compile(rb'\bt="(\w+)"')
_S = re.compile(rb'\bs="(\d+)"')
_V = re.compile(rb"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_MERGE = re.compile(r"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?")

# what a cell's `t` says it holds
_NUMBER, _SHARED, _INLINE, _TEXT_FORMULA, _BOOL, _ERROR, _UNKNOWN = range(7)
_TYPES = {b"n": _NUMBER, b"s": _SHARED, b"inlineStr": _INLINE, b"str": _TEXT_FORMULA, b"b": _BOOL,
          b"e": _ERROR}
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)


def open_stream(zf: zipfile.ZipFile, part: str, scan: SheetScan, file: str, sheet: str) -> SheetStream:
    """The stream of a scanned sheet, with the workbook's styles, shared strings and date system."""
    return SheetStream(zf, part, scan, style_kinds(zf, file), shared_strings(zf, file), uses_1904(zf, file),
                       file, sheet)


def parse_merged(refs: list[str]) -> list[MergedRange]:
    """`A5:A9` → MergedRange(4, 0, 8, 0); a reference that is not one is passed over."""
    out: list[MergedRange] = []
    for ref in refs:
        m = _MERGE.fullmatch(ref)
        if m is None:
            continue
        a, r1, b, r2 = m.groups()
        first_col, first_row = column_number(a) - 1, int(r1) - 1
        last_col, last_row = (column_number(b) - 1, int(r2) - 1) if b else (first_col, first_row)
        out.append(MergedRange(first_row, first_col, last_row, last_col))
    return out


class SheetStream:
    """One sheet's rows, read from its XML as they are asked for (see the module doc)."""

    def __init__(self, zf: zipfile.ZipFile, part: str, scan: SheetScan, styles: list[NumberKind],
                 shared: list[str], date1904: bool, file: str, sheet: str) -> None:
        self.zf, self.part, self.scan = zf, part, scan
        self.styles, self.shared, self.date1904 = styles, shared, date1904
        self.file, self.sheet = file, sheet
        self.width = scan.columns
        self.merged = parse_merged(scan.merged)
        self._texts: dict[bytes, str] = {}
        self._dates: dict[tuple[float, NumberKind], Cell] = {}

    @property
    def rows_bound(self) -> int:
        """At most this many rows (the scan's extent: exact, or a bound when it could not tell)."""
        return max(self.scan.rows, max((r + 1 for r, _c in self.scan.uncalculated), default=0))

    def head(self, at_least: int) -> list[list[Cell]]:
        """The first `at_least` rows, or more: up to the first row with content when those are
        all empty (the header search names where the content starts)."""
        rows: list[list[Cell]] = []
        for row in self.iter_rows():
            rows.append(row)
            if len(rows) >= at_least and any(_filled(c) for r in rows for c in r):
                break
        return rows

    def chunks(self, start: int, size: int) -> Iterator[tuple[int, list[list[Cell]]]]:
        """(index of the first row, rows) for the rows from `start` on, `size` at a time."""
        it = self.iter_rows()
        for _ in islice(it, start):
            pass
        at = start
        while chunk := list(islice(it, size)):
            yield at, chunk
            at += len(chunk)

    def iter_rows(self) -> Iterator[list[Cell]]:
        """Every row from row 1 to the last with a cell, in order; row i is Excel row i + 1."""
        try:
            yield from self._rows()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise BadFileError(DAMAGED.format(name=self.file, why=exc)) from exc

    def _rows(self) -> Iterator[list[Cell]]:
        width = self.width
        late: dict[int, list[tuple[int, str]]] = {}  # row → formulas without a value in it
        for (r, c), formula in sorted(self.scan.uncalculated.items()):
            late.setdefault(r, []).append((c, formula))
        at = 0  # rows yielded so far: the index of the next one
        row: list[Cell] = []
        cur = -1  # the index of `row` (-1: no row begun)
        last_digits = b""
        columns: dict[bytes, int] = {}
        kinds: dict[bytes, tuple[int, NumberKind]] = {}
        value_of = self._value
        info = self.zf.getinfo(self.part)
        for data in _blocks(self.zf, info, self.file, self.sheet):
            for letters, digits, attrs, inner in _CELL.findall(data):
                if not inner:
                    continue  # `<c r="B2" s="1"/>`: a formatted empty cell
                kind = kinds.get(attrs)
                if kind is None:
                    kind = kinds[attrs] = self._kind(attrs)
                value = value_of(kind, inner)
                if value == "":
                    continue
                if digits != last_digits:
                    last_digits = digits
                    r = int(digits) - 1
                    if r != cur:
                        if r < cur:
                            raise BadFileError(f"文件 {self.file} 的工作表「{self.sheet}」中第 {r + 1} 行排在第 {cur + 1} "
                                               "行之后，行的顺序不对。请用 Excel 打开该文件另存后再导入。")
                        if cur >= 0:
                            yield _finished(row, late.get(cur))
                            at = cur + 1
                        while at < r:
                            yield _finished([""] * width, late.get(at))
                            at += 1
                        row, cur = [""] * width, r
                col = columns.get(letters)
                if col is None:
                    col = columns[letters] = column_number(letters) - 1
                if col >= len(row):
                    row.extend([""] * (col + 1 - len(row)))
                row[col] = value
        if cur >= 0:
            yield _finished(row, late.get(cur))
            at = cur + 1
        for r in range(at, max(late, default=-1) + 1):  # formulas without a value below the last value
            yield _finished([""] * width, late.get(r))

    def _kind(self, attrs: bytes) -> tuple[int, NumberKind]:
        t = _T.search(attrs)
        typ = _TYPES.get(t.group(1), _UNKNOWN) if t else _NUMBER
        if typ == _UNKNOWN:
            raise BadFileError(f"文件 {self.file} 的工作表「{self.sheet}」中有无法识别的单元格类型"
                               f"（t=\"{t.group(1).decode('ascii', 'replace') if t else ''}\"），请用 Excel 打开另存后再导入。")
        s = _S.search(attrs)
        style = int(s.group(1)) if s else 0
        return typ, self.styles[style] if style < len(self.styles) else NumberKind.NUMBER

    def _value(self, kind: tuple[int, NumberKind], inner: bytes) -> Cell:
        typ, number = kind
        if typ == _INLINE:
            return self._inline(inner)
        v = inner[3:-4] if inner[:3] == b"<v>" and inner[-4:] == b"</v>" and b"<" not in inner[3:-4] else _v(inner)
        if v is None or v == b"":
            return ""
        if typ == _NUMBER:
            try:
                x = float(v)
            except ValueError:
                raise BadFileError(f"文件 {self.file} 的工作表「{self.sheet}」中有无法读取的数值"
                                   f"（{v[:40].decode('utf-8', 'replace')}），文件可能已损坏。") from None
            return x if number is NumberKind.NUMBER else self._date(x, number)
        if typ == _SHARED:
            try:
                return self.shared[int(v)]
            except (ValueError, IndexError):
                return ""
        if typ == _TEXT_FORMULA:
            return xml_text(v, trim=False)
        if typ == _BOOL:
            return v.strip() not in (b"0", b"false", b"")
        return ""  # an error value (#N/A, #DIV/0!) reads as an empty cell

    def _inline(self, inner: bytes) -> str:
        """An inline string's text, each distinct one decoded once (see the module doc)."""
        cache = self._texts
        text = cache.get(inner)
        if text is None:
            text = string_text(inner)
            if len(cache) >= TEXT_CACHE:
                cache.clear()
            cache[inner] = text
        return text

    def _date(self, x: float, number: NumberKind) -> Cell:
        cache = self._dates
        key = (x, number)
        found = cache.get(key)
        if found is None:
            found = cache[key] = excel_date(x, number, self.date1904)
        return found


def excel_date(x: float, number: NumberKind, date1904: bool) -> Cell:
    """A serial number shown with a date or duration format, as calamine gives it: a duration as
    timedelta; under 1 a time of day, a whole number a date, else a datetime (to the
    millisecond); a number no date can hold stays a float."""
    try:
        if number is NumberKind.DURATION:
            return timedelta(milliseconds=round(x * 86_400_000))
        if date1904:
            moment = _EPOCH_1904 + timedelta(milliseconds=round(x * 86_400_000))
        elif x < 60:  # Excel's phantom 1900-02-29: serials before it count from 1899-12-31
            moment = _EXCEL_EPOCH + timedelta(days=1, milliseconds=round(x * 86_400_000))
        else:
            moment = _EXCEL_EPOCH + timedelta(milliseconds=round(x * 86_400_000))
    except OverflowError:
        return x
    if x < 1.0:
        return time(moment.hour, moment.minute, moment.second, moment.microsecond)
    if x == int(x):
        return date(moment.year, moment.month, moment.day)
    return moment


def _finished(row: list[Cell], late: list[tuple[int, str]] | None) -> list[Cell]:
    """The row with its formulas stored without a value marked, where it reads as empty."""
    if late:
        for c, formula in late:
            if c >= len(row):
                row.extend([""] * (c + 1 - len(row)))
            if row[c] == "" or row[c] is None:
                row[c] = Uncalculated(formula)
    return row


def _v(inner: bytes) -> bytes | None:
    m = _V.search(inner)
    return m.group(1) if m else None


def _filled(c: object) -> bool:
    return c is not None and not (isinstance(c, str) and not c.strip())
