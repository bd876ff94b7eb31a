"""Reading a spreadsheet file into plain rows, with Excel's own row and column numbers.

`.xlsx`, `.xls` and `.ods` go through python-calamine; `.csv` is read in reading_csv, and a
`.xls` that is really a web page's table (reading_html) or tab-separated text (reading_csv) is
read as what it is. Every sheet comes back as a list of rows whose index + 1 is the row number
Excel shows and whose cell index 0 is column A: calamine's habit of dropping leading empty rows
and columns is turned off. Its merged ranges come with it (merged_cells fills the data rows).

Hidden sheets and chart sheets are not among `sheet_names` (the sheets an import looks through):
an old hidden sheet must not be imported instead of the visible one. They are still there for
`rows()` when named, and `skipped_sheets` says which were left out and why. WPS `.et` files and
`.xlsb` workbooks are refused with what to do instead.

Nothing is handed to a reader before its size is known to be within the limits (limits.py):
calamine builds a sheet's whole used range at once and a file that asks for too much kills the
process outright, so zipped workbooks are bounded from their zip directory and sheet XML first
(reading_zip, reading_xlsx, reading_ods). Anything that is not a readable spreadsheet, or is too
big to read, raises BadFileError naming the file.

An .xlsx sheet of more than limits.STREAM_CELLS cells is not given to calamine at all: `streamed()`
returns it as a stream of rows (reading_stream.py) for the import to convert a chunk at a time,
`header_rows()` its first rows for the header search, and `rows()` — for a preview — reads it
whole through the same stream.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import python_calamine

from app.errors import BadFileError
from app.imports import limits
from app.imports.cells import Uncalculated
from app.imports.limits import MAX_CELLS, check_regular_file, count_text, file_digest
from app.imports.merged_cells import MergedRange
from app.imports.reading_csv import read_csv, sniff_encoding
from app.imports.reading_ods import check_ods
from app.imports.reading_stream import SheetStream, open_stream
from app.imports.reading_text import SAVE_AS_XLSX, read_text_export
from app.imports.reading_xlsx import SheetScan, scan_sheet, sheet_parts
from app.imports.reading_zip import open_zip, verify_support_parts

Cell = object  # str | float | int | bool | date | datetime | time | timedelta | Uncalculated
Rows = list[list[Cell]]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
WPS_SUFFIXES = {".et", ".ett"}
PROTECTED = "文件 {name} 受密码保护（已加密），无法读取。请在 Excel 或 WPS 中输入密码打开，取消密码后另存为 .xlsx 文件，再导入。"
HIDDEN = "隐藏的工作表"
CHART = "图表工作表"


SheetData = tuple[Rows, list[MergedRange]]


@dataclass
class Workbook:
    """An opened file: its name, bytes' SHA-256, the sheets to look through (visible worksheets,
    in order), the ones left out with the reason, and a way to read any of them."""

    path: Path
    sha256: str
    sheet_names: list[str]
    _read: Callable[[str], SheetData]
    _close: Callable[[], None] = lambda: None
    skipped_sheets: dict[str, str] = field(default_factory=dict)  # name → 隐藏的工作表 / 图表工作表
    _stream: Callable[[str], SheetStream | None] = lambda _name: None
    _cache: dict[str, SheetData] = field(default_factory=dict)
    _heads: dict[str, Rows] = field(default_factory=dict)
    _failed: dict[str, BaseException] = field(default_factory=dict)  # a sheet that could not be read

    @property
    def name(self) -> str:
        return self.path.name

    def has_sheet(self, sheet: str) -> bool:
        """Whether the file has a sheet of that name, shown or not."""
        return sheet in self.sheet_names or sheet in self.skipped_sheets

    def _data(self, sheet: str) -> SheetData:
        if sheet not in self._cache:
            if sheet in self._failed:  # read before (perhaps ahead, on another thread) and failed
                raise self._failed[sheet]
            try:
                self._cache[sheet] = self._read(sheet)
            except BadFileError as exc:
                self._failed[sheet] = exc.locate(file=self.name, sheet=sheet)
                raise exc from None
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: BLE001 - kept to be raised again, then raised
                self._failed[sheet] = exc
                raise
        return self._cache[sheet]

    def rows(self, sheet: str) -> Rows:
        """All rows of `sheet`, row index + 1 = Excel row number, cell index 0 = column A."""
        return self._data(sheet)[0]

    def streamed(self, sheet: str) -> SheetStream | None:
        """The sheet as a stream of rows when it is too big to read whole (reading_stream.py),
        else None. An import converts such a sheet a chunk of rows at a time."""
        if sheet in self._cache:
            return None
        try:
            return self._stream(sheet)
        except BadFileError as exc:
            raise exc.locate(file=self.name, sheet=sheet) from None

    def header_rows(self, sheet: str, at_least: int) -> Rows:
        """The rows to look for the header in: all of them, or for a streamed sheet the first
        `at_least` (more when those are empty, up to the first with content)."""
        stream = self.streamed(sheet)
        if stream is None:
            return self.rows(sheet)
        if sheet not in self._heads:
            self._heads[sheet] = stream.head(at_least)
        return self._heads[sheet]

    def merged(self, sheet: str) -> list[MergedRange]:
        """The merged ranges `sheet` declares (0-based, clipped by nobody: see merged_cells)."""
        return self._data(sheet)[1]

    def close(self) -> None:
        """Release the file (Windows keeps an open file locked against saving in Excel)."""
        self._close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, _type: object, exc: object, _tb: object) -> None:
        self.close()
        if isinstance(exc, BadFileError):
            exc.locate(file=self.name)  # errors about the file raised while it was open name it


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# Workbooks being opened ahead on another thread (reading_ahead.py), by the file's identity: the
# next open_workbook of the same unchanged file takes the one already being read.
READ_AHEAD: dict[tuple[str, int, int], Callable[[], Workbook]] = {}


def file_identity(path: Path) -> tuple[str, int, int] | None:
    """(real path, size, modification time): the same file, unchanged since."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return os.path.realpath(path), st.st_size, st.st_mtime_ns


def open_workbook(path: Path | str) -> Workbook:
    """Open `path` as a spreadsheet or CSV (or take it from READ_AHEAD). Raises BadFileError with
    a Chinese message."""
    path = Path(path)
    if READ_AHEAD:
        ident = file_identity(path)
        take = READ_AHEAD.pop(ident, None) if ident is not None else None
        if take is not None:
            return take()
    return open_file(path)


def open_file(path: Path, before_load: Callable[[], None] | None = None) -> Workbook:
    """Open `path` itself. `before_load` is called when a sheet's bounds are checked and the
    reader starts building it (the long part, which runs without the interpreter lock)."""
    try:
        return _open(path, before_load)
    except BadFileError as exc:
        raise exc.locate(file=path.name) from None


def _open(path: Path, before_load: Callable[[], None] | None) -> Workbook:
    size = check_regular_file(path)
    sha, head = file_digest(path)
    if size <= len(head) and not head.strip():
        raise BadFileError(f"文件 {path.name} 是空文件，没有可导入的内容。")
    suffix = path.suffix.lower()
    if suffix in WPS_SUFFIXES:
        raise BadFileError(f"文件 {path.name} 是 WPS 表格专用格式（{suffix}），本程序无法直接读取。{SAVE_AS_XLSX}")
    if head.startswith(ZIP_MAGIC) or head[:8] == OLE_MAGIC:
        return _open_calamine(path, head, sha, before_load)
    if suffix in SPREADSHEET_SUFFIXES:  # a spreadsheet's name over text: a web system's export
        rows, merged = read_text_export(path, head)
        return _single_sheet(path, sha, rows, merged)
    if suffix in CSV_SUFFIXES or not suffix:
        return _single_sheet(path, sha, read_csv(path, sniff_encoding(path, head)), [])
    raise BadFileError(
        f"文件 {path.name} 不是可识别的表格文件（应为 .xlsx、.xls、.ods 或 .csv）。"
    )


def _single_sheet(path: Path, sha: str, rows: Rows, merged: list[MergedRange]) -> Workbook:
    """A file that is one sheet (text tables, web pages), named after the file."""
    return Workbook(path=path, sha256=sha, sheet_names=[path.stem], _read=lambda _name: (rows, merged))


def _open_calamine(path: Path, head: bytes, sha: str, before_load: Callable[[], None] | None) -> Workbook:
    name = path.name
    magic = head[:8]
    if magic == OLE_MAGIC and _contains(path, ENCRYPTED_MARK):
        raise BadFileError(PROTECTED.format(name=name))
    zf = _checked_zip(path) if magic.startswith(ZIP_MAGIC) else None
    try:
        parts = sheet_parts(zf, name) if zf is not None else {}
        wb = _calamine(path, magic)
    except BaseException:
        if zf is not None:
            zf.close()
        raise
    if not list(wb.sheet_names):
        raise BadFileError(f"文件 {name} 中没有工作表。")
    names, skipped = _shown_sheets(wb)
    scans: dict[str, SheetScan] = {}
    streams: dict[str, SheetStream] = {}

    def scan_of(sheet: str) -> SheetScan | None:
        if zf is None or sheet not in parts:
            return None
        if sheet not in scans:
            scans[sheet] = scan_sheet(zf, parts[sheet], name, sheet)
        return scans[sheet]

    def stream(sheet: str) -> SheetStream | None:
        scan = scan_of(sheet)
        if scan is None or not scan.fast or scan.rows * scan.columns <= limits.STREAM_CELLS:
            return None
        if sheet not in streams:
            assert zf is not None
            streams[sheet] = open_stream(zf, parts[sheet], scan, name, sheet)
        return streams[sheet]

    def read(sheet: str) -> SheetData:
        big = stream(sheet)
        if big is not None:  # read whole all the same (a preview), but row by row
            return list(big.iter_rows()), big.merged
        scan = scan_of(sheet)
        if before_load is not None:
            before_load()
        try:
            data = wb.get_sheet_by_name(sheet)
            if scan is None:
                _check_range(data, name, sheet)
            rows = cast(Rows, data.to_python(skip_empty_area=False))
            merged = [MergedRange(a[0], a[1], b[0], b[1]) for a, b in data.merged_cell_ranges or ()]
        except BaseException as exc:  # noqa: BLE001 - calamine raises its own errors and pyo3 panics
            raise _bad_file(name, exc, sheet) from exc
        if scan is not None and scan.uncalculated:
            _mark_uncalculated(rows, scan)
        return rows, merged

    def close() -> None:
        with contextlib.suppress(python_calamine.WorkbookClosed):
            wb.close()
        if zf is not None:
            zf.close()

    return Workbook(path=path, sha256=sha, sheet_names=names, _read=read, _close=close, skipped_sheets=skipped,
                    _stream=stream)


def _shown_sheets(wb: python_calamine.CalamineWorkbook) -> tuple[list[str], dict[str, str]]:
    """The visible worksheets in order, and the hidden and chart sheets with why they are left out."""
    shown: list[str] = []
    skipped: dict[str, str] = {}
    for meta in wb.sheets_metadata:
        if meta.typ not in (python_calamine.SheetTypeEnum.WorkSheet, python_calamine.SheetTypeEnum.DialogSheet):
            skipped[meta.name] = CHART
        elif meta.visible != python_calamine.SheetVisibleEnum.Visible:
            skipped[meta.name] = HIDDEN
        else:
            shown.append(meta.name)
    return shown, skipped


def _checked_zip(path: Path) -> zipfile.ZipFile:
    """The zip directory, checked; an .ods also has every sheet bounded (the reader loads all)."""
    zf = open_zip(path)
    try:
        members = set(zf.namelist())
        if "xl/workbook.bin" in members:
            raise BadFileError(f"文件 {path.name} 是 Excel 二进制工作簿（.xlsb），无法在读取前检查它的大小。"
                               f"{SAVE_AS_XLSX}")
        verify_support_parts(zf, path.name)
        if "content.xml" in members:
            check_ods(zf, path.name)
    except BaseException:
        zf.close()
        raise
    return zf


def _calamine(path: Path, magic: bytes) -> python_calamine.CalamineWorkbook:
    suffix = path.suffix.lower()
    matches_suffix = (magic.startswith(ZIP_MAGIC) and suffix in {".xlsx", ".xlsm", ".ods"}) or (
        magic == OLE_MAGIC and suffix == ".xls")
    try:
        if matches_suffix:  # by path when the extension tells the truth (fastest)
            return python_calamine.CalamineWorkbook.from_path(str(path))
        with open(path, "rb") as f:  # else let calamine sniff the content
            return python_calamine.CalamineWorkbook.from_filelike(f)
    except BaseException as exc:  # noqa: BLE001 - calamine raises its own errors and pyo3 panics
        raise _bad_file(path.name, exc) from exc


def _check_range(sheet: python_calamine.CalamineSheet, name: str, sheet_name: str) -> None:
    """For formats read without a scan (.xls, whose format caps a sheet at 65536 × 256): refuse
    a range too big to turn into Python rows."""
    end = sheet.end
    if end is None:
        return
    cells = (end[0] + 1) * (end[1] + 1)
    if cells > MAX_CELLS:
        raise BadFileError(
            f"文件 {name} 的工作表「{sheet_name}」的数据范围是 {end[0] + 1} 行 × {end[1] + 1} 列"
            f"（{count_text(cells)}个单元格），超过上限 {count_text(MAX_CELLS)}个单元格。"
            "如果最远处只是误填的孤立单元格，请删除它所在的行或列后另存，再导入。")


def _mark_uncalculated(rows: Rows, scan: SheetScan) -> None:
    """Put an Uncalculated where the reader left a formula without a value as an empty cell."""
    for (r, c), formula in scan.uncalculated.items():
        while len(rows) <= r:
            rows.append([])
        row = rows[r]
        if len(row) <= c:
            row.extend([""] * (c + 1 - len(row)))
        if row[c] == "" or row[c] is None:
            row[c] = Uncalculated(formula)


def _contains(path: Path, mark: bytes) -> bool:
    """Whether `mark` occurs in the file, read in blocks (an encrypted workbook's stream name)."""
    tail = b""
    with open(path, "rb") as f:
        while block := f.read(1024 * 1024):
            if mark in tail + block[: len(mark)] or mark in block:
                return True
            tail = block[-len(mark):]
    return False


def _bad_file(name: str, exc: BaseException, sheet: str | None = None) -> BaseException:
    if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
        return exc
    where = f"工作表「{sheet}」" if sheet else ""
    if isinstance(exc, python_calamine.PasswordError):
        return BadFileError(PROTECTED.format(name=name))
    if isinstance(exc, python_calamine.ZipError):
        return BadFileError(f"文件 {name} 已损坏或不完整（压缩结构无法读取：{exc}），请重新复制或另存后再导入。")
    return BadFileError(f"文件 {name}{where} 无法读取，可能已损坏或不是 Excel 表格（{exc}）。")
