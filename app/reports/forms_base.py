"""The common shape of the Excel forms (openpyxl): a title row, the 填报单位 line, the prescribed
header row, data rows; A4, one page wide, the header repeated on every printed page, thin
borders, wrapped text, 宋体.

User text never becomes a formula: any text starting with = + - @ or tab/CR/LF is written with
`data_type = 's'` explicitly (ARCHITECTURE.md §3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.text import clean

FONT_NAME = "宋体"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name=FONT_NAME, size=11)
HEAD_FONT = Font(name=FONT_NAME, size=11, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=18, bold=True)
LINE_FONT = Font(name=FONT_NAME, size=12)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="left")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
LINE_PT = 14.5  # the height of one line of 11-point 宋体, in points


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in Excel character units
    center: bool = False


def put(ws: Worksheet, row: int, col: int, value: Any) -> Cell:
    """Write one value; text that Excel would read as a formula is forced to text."""
    if isinstance(value, bool):
        value = "是" if value else "否"
    if value is None or not isinstance(value, int | float | date | datetime):
        value = clean(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def text_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def write_form(ws: Worksheet, *, title: str, info_line: str, columns: Sequence[Column],
               rows: Sequence[Sequence[Any]], landscape: bool, total_row: Sequence[Any] | None = None,
               note_row: tuple[str, str] | None = None) -> int:
    """Lay out one form on `ws`; returns the header's row number (data follows it). `note_row`
    (label, text) closes the table with one row whose text spans every column after the first
    (问题清单's 备注 row)."""
    n = len(columns)
    last = get_column_letter(n)
    put(ws, 1, 1, title).font = TITLE_FONT
    ws.cell(1, 1).alignment = CENTER
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 36
    put(ws, 2, 1, info_line).font = LINE_FONT
    ws.cell(2, 1).alignment = Alignment(vertical="center", horizontal="left")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 24
    header = 3
    for c, col in enumerate(columns, start=1):
        cell = put(ws, header, c, col.header)
        cell.font, cell.alignment, cell.border = HEAD_FONT, CENTER, BORDER
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.row_dimensions[header].height = LINE_PT * max(lines_needed(col.header, col.width) for col in columns) + 6
    body = list(rows) + ([total_row] if total_row is not None else [])
    for r, values in enumerate(body, start=header + 1):
        height = 1
        for c, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = put(ws, r, c, value)
            cell.font, cell.border = BODY_FONT, BORDER
            cell.alignment = CENTER if col.center else WRAP
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                height = max(height, lines_needed(value, col.width))
        ws.row_dimensions[r].height = LINE_PT * height + 6
    if note_row is not None:
        r = header + len(body) + 1
        for c in range(1, n + 1):
            cell = put(ws, r, c, note_row[c - 1] if c <= 2 else "")
            cell.font, cell.border = BODY_FONT, BORDER
            cell.alignment = CENTER if c == 1 else WRAP
        if n > 2:
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=n)
        ws.row_dimensions[r].height = LINE_PT + 10
    page_setup(ws, header, landscape)
    return header


def page_setup(ws: Worksheet, header_row: int, landscape: bool) -> None:
    """A4, one page wide (as many pages tall as needed), the header row on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
