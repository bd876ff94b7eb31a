"""Any list as a formatted .xlsx: a title row, a line saying what is in it, a bold header with
Excel's filter arrows, frozen below the header, amounts as numbers (元, two decimals) and dates as
dates, A4 with the header repeated on every printed page.

Written in openpyxl's write-only mode, row by row, so a 100,000-row register costs memory for one
row at a time. User text never becomes a formula: text starting with = + - @ or tab/CR/LF is
stored as text (ARCHITECTURE.md §3, as app/reports/forms_base.py does for the forms).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from app.reports.forms_base import FORMULA_STARTS, text_width
from app.reports.output import atomic_file
from app.reports.table_data import DATE, FEN, NUMBER, TableColumn, TableData, cell_text
from app.reports.text import clean

FONT_NAME = "宋体"
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
LINE_FONT = Font(name=FONT_NAME, size=10, color="555555")
HEAD_FONT = Font(name=FONT_NAME, size=11, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=11)
HEAD_FILL = PatternFill("solid", start_color="DDE6F0")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ROW = 3
SAMPLE = 200  # rows looked at for the column widths
MAX_WIDTH = 60


def write_table_xlsx(out: Path | str, table: TableData, *, sheet: str = "",
                     progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write `table` to `out` (atomically); returns the number of data rows written."""
    rows = iter(table.rows)
    head: list[Sequence[Any]] = []
    for row in rows:  # the first rows decide the widths; they are written like the rest
        head.append(row)
        if len(head) >= SAMPLE:
            break
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_name(sheet or table.title))
    n = len(table.columns)
    for c, col in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width(col, [r[c - 1] for r in head if c - 1 < len(r)])
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _page_setup(ws, landscape=sum(_width(c, []) for c in table.columns) > 90 or n > 7)
    ws.append([_cell(ws, table.title, TITLE_FONT)])
    ws.append([_cell(ws, table.subtitle or f"共 {table.count if table.count is not None else ''} 条".strip(),
                     LINE_FONT)])
    ws.append([_head(ws, col.header) for col in table.columns])
    written = 0
    total = table.count or 0
    for row in _chain(head, rows):
        ws.append([_body(ws, col, value) for col, value in zip(table.columns, row, strict=False)])
        written += 1
        if progress is not None and written % 5000 == 0:
            progress(written, max(total, written), "写入 Excel")
    if n:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(n)}{HEADER_ROW + max(written, 1)}"
    out = Path(out)
    with atomic_file(out) as temp:
        wb.save(temp)
    return written


def _chain(head: list[Sequence[Any]], rest: Any) -> Any:
    yield from head
    yield from rest


def _sheet_name(title: str) -> str:
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "Sheet1"
    return name[:31]


def _width(col: TableColumn, values: list[Any]) -> float:
    widest = max([text_width(col.header)] + [text_width(cell_text(col.kind, v)) for v in values])
    return float(min(MAX_WIDTH, max(6, widest + 2)))


def _page_setup(ws: Any, landscape: bool) -> None:
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _text_cell(ws: Any, value: Any) -> WriteOnlyCell:
    text = clean(value)
    cell = WriteOnlyCell(ws, value=text)
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # never a formula
    return cell


def _cell(ws: Any, value: Any, font: Font) -> WriteOnlyCell:
    cell = _text_cell(ws, value)
    cell.font = font
    return cell


def _head(ws: Any, header: str) -> WriteOnlyCell:
    cell = _text_cell(ws, header)
    cell.font, cell.fill, cell.border = HEAD_FONT, HEAD_FILL, BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def _body(ws: Any, col: TableColumn, value: Any) -> WriteOnlyCell:
    if col.kind == FEN and isinstance(value, int) and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=Decimal(value) / 100)
        cell.number_format = "#,##0.00"
    elif col.kind == DATE and isinstance(value, date | datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
    elif col.kind == NUMBER and isinstance(value, int) and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
    else:
        cell = _text_cell(ws, cell_text(col.kind, value))
    cell.font, cell.border = BODY_FONT, BORDER
    return cell
