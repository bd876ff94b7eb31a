"""Reading a spreadsheet file into plain rows, with Excel's own row and column numbers.

`.xlsx`, `.xls` and `.ods` go through python-calamine; `.csv` is decoded here (UTF-8 with or
without BOM, else GB18030, a superset of GBK). Every sheet comes back as a list of rows whose
index + 1 is the row number Excel shows and whose cell index 0 is column A: calamine's habit of
dropping leading empty rows and columns is turned off.

Anything that is not a readable spreadsheet raises BadFileError naming the file.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import python_calamine

from app.errors import BadFileError

Cell = object  # str | float | int | bool | date | datetime | time | timedelta
Rows = list[list[Cell]]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass
class Workbook:
    """An opened file: its name, bytes' SHA-256, sheet names and a way to read each sheet."""

    path: Path
    sha256: str
    sheet_names: list[str]
    _read: Callable[[str], Rows]
    _close: Callable[[], None] = lambda: None
    _cache: dict[str, Rows] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def rows(self, sheet: str) -> Rows:
        """All rows of `sheet`, row index + 1 = Excel row number, cell index 0 = column A."""
        if sheet not in self._cache:
            self._cache[sheet] = self._read(sheet)
        return self._cache[sheet]

    def close(self) -> None:
        """Release the file (Windows keeps an open file locked against saving in Excel)."""
        self._close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def open_workbook(path: Path | str) -> Workbook:
    """Open `path` as a spreadsheet or CSV. Raises BadFileError with a Chinese message."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise BadFileError(f"找不到文件 {path.name}（{path}）。") from exc
    except OSError as exc:
        raise BadFileError(f"无法读取文件 {path.name}：{exc.strerror or exc}。") from exc
    if not data.strip():
        raise BadFileError(f"文件 {path.name} 是空文件，没有可导入的内容。")
    sha = hashlib.sha256(data).hexdigest()
    head = data[:8]
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC) or head == OLE_MAGIC or suffix in SPREADSHEET_SUFFIXES:
        return _open_calamine(path, data, sha)
    if suffix in CSV_SUFFIXES or not suffix:
        return _open_csv(path, data, sha)
    raise BadFileError(
        f"文件 {path.name} 不是可识别的表格文件（应为 .xlsx、.xls、.ods 或 .csv）。"
    )


# --- Excel / ODS through calamine -------------------------------------------------------------

def _open_calamine(path: Path, data: bytes, sha: str) -> Workbook:
    head = data[:8]
    name = path.name
    if head == OLE_MAGIC and ENCRYPTED_MARK in data:
        raise BadFileError(f"文件 {name} 受密码保护，无法读取。请在 Excel 中取消密码后另存，再导入。")
    if not (head.startswith(ZIP_MAGIC) or head == OLE_MAGIC):
        if data.lstrip()[:1] == b"<":
            raise BadFileError(
                f"文件 {name} 实际上是网页（HTML/XML）文件而不是 Excel 表格。"
                "请用 Excel 打开后“另存为” .xlsx 文件，再导入。"
            )
        raise BadFileError(f"文件 {name} 不是 Excel 表格（文件内容无法识别），可能已损坏或只是改了扩展名。")
    suffix = path.suffix.lower()
    matches_suffix = (head.startswith(ZIP_MAGIC) and suffix in {".xlsx", ".xlsm", ".xlsb", ".ods"}) or (
        head == OLE_MAGIC and suffix == ".xls")
    try:
        # by path when the extension tells the truth (fastest); else let calamine sniff the bytes
        wb = (python_calamine.CalamineWorkbook.from_path(str(path)) if matches_suffix
              else python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)))
        names = list(wb.sheet_names)
    except BaseException as exc:  # noqa: BLE001 - calamine raises its own errors and pyo3 panics
        raise _bad_file(name, exc) from exc
    if not names:
        raise BadFileError(f"文件 {name} 中没有工作表。")

    def read(sheet: str) -> Rows:
        try:
            return cast(Rows, wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False))  # cells are Cell
        except BaseException as exc:  # noqa: BLE001 - see above
            raise _bad_file(name, exc, sheet) from exc

    def close() -> None:
        with contextlib.suppress(python_calamine.WorkbookClosed):
            wb.close()

    return Workbook(path=path, sha256=sha, sheet_names=names, _read=read, _close=close)


def _bad_file(name: str, exc: BaseException, sheet: str | None = None) -> BaseException:
    if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
        return exc
    where = f"工作表「{sheet}」" if sheet else ""
    if isinstance(exc, python_calamine.PasswordError):
        return BadFileError(f"文件 {name} 受密码保护，无法读取。请在 Excel 中取消密码后另存，再导入。")
    if isinstance(exc, python_calamine.ZipError):
        return BadFileError(f"文件 {name} 已损坏或不完整（压缩结构无法读取：{exc}），请重新复制或另存后再导入。")
    return BadFileError(f"文件 {name}{where} 无法读取，可能已损坏或不是 Excel 表格（{exc}）。")


# --- CSV ---------------------------------------------------------------------------------------

def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not) when it decodes cleanly, else GB18030 (covers GBK and GB2312)."""
    if b"\x00" in data[:4096]:
        raise BadFileError(f"文件 {name} 不是文本表格（CSV），内容像是二进制文件。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise BadFileError(
            f"文件 {name} 的文字编码无法识别（既不是 UTF-8 也不是 GBK），请在 Excel 中另存为 .xlsx 再导入。"
        ) from exc


def _open_csv(path: Path, data: bytes, sha: str) -> Workbook:
    text = decode_text(data, path.name)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows: Rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise BadFileError(f"文件 {path.name} 不是格式正确的 CSV 文件（{exc}）。") from exc
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    sheet = path.stem

    def read(name: str) -> Rows:
        return rows

    return Workbook(path=path, sha256=sha, sheet_names=[sheet], _read=read)
