"""The extent of every sheet of an .ods file, read off content.xml before the reader opens it.

OpenDocument compresses runs: one `<table:table-row table:number-rows-repeated="1048576">`
holding one value stands for a million rows, and the reader expands it. LibreOffice writes such
runs for the empty space after the data, so only runs that hold a value count. The reader loads
every sheet when the file is opened, so all of them are bounded here first.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from app.errors import BadFileError
from app.imports.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MB, count_text
from app.imports.reading_zip import DAMAGED

BLOCK = 4 * MB
_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_HINT = "如果那里只是误填的孤立单元格，请删除它所在的行或列后另存，再导入。"


def check_ods(zf: zipfile.ZipFile, file: str) -> None:
    """BadFileError when a sheet of the file reaches past the row, column or cell limits."""
    try:
        info = zf.getinfo("content.xml")
    except KeyError:
        return  # not an OpenDocument spreadsheet after all: the reader will say so
    try:
        _scan(zf, info, file)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise BadFileError(DAMAGED.format(name=file, why=exc)) from exc


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> None:
    sheet = ""
    row = rows = cols = 0  # next row's index, extent of values (1-based)
    row_repeat = col = 0
    row_has_value = False
    carry = b""
    with zf.open(info) as f:
        while block := f.read(BLOCK):
            data = carry + block
            cut = data.rfind(b">") + 1
            data, carry = data[:cut], data[cut:]
            for m in _TAG.finditer(data):
                closing, tag, attrs, empty = m.groups()
                if tag == b"table":
                    if not closing:
                        name = _NAME.search(attrs)
                        sheet = name.group(1).decode("utf-8", "replace") if name else ""
                        row = rows = cols = 0
                elif tag == b"table-row":
                    if not closing:
                        rep = _ROWS_REPEATED.search(attrs)
                        row_repeat = int(rep.group(1)) if rep else 1
                        col, row_has_value = 0, False
                    if closing or empty:
                        if row_has_value:
                            rows = row + row_repeat
                        row += row_repeat
                elif not closing:
                    rep = _COLS_REPEATED.search(attrs)
                    width = int(rep.group(1)) if rep else 1
                    if not empty or b"office:value-type" in attrs:
                        row_has_value = True
                        cols = max(cols, col + width)
                    col += width
                _check(file, sheet, rows if not row_has_value else max(rows, row + row_repeat), cols)


def _check(file: str, sheet: str, rows: int, cols: int) -> None:
    if cols <= MAX_COLUMNS and rows <= MAX_ROWS and rows * cols <= MAX_CELLS:
        return
    where = f"文件 {file} 的工作表「{sheet}」"
    if cols > MAX_COLUMNS:
        raise BadFileError(f"{where}有 {cols} 列，超过上限 {MAX_COLUMNS} 列。{_HINT}")
    if rows > MAX_ROWS:
        raise BadFileError(f"{where}有 {rows} 行，超过上限 {MAX_ROWS} 行。{_HINT}")
    raise BadFileError(f"{where}的数据范围是 {rows} 行 × {cols} 列（{count_text(rows * cols)}个单元格），"
                       f"超过上限 {count_text(MAX_CELLS)}个单元格。{_HINT}")
