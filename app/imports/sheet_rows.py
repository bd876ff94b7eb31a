"""The rows an import converts, as the sheet means them, and what the user must hear about it.

Between choosing the sheet and converting its rows: vertically merged cells in the data are
filled from their first cell (merged_cells), and when the sheet was not named, the hidden and
chart sheets that were passed over are named in a warning (a hidden sheet of old data must not be
imported silently, nor dropped silently). The warnings about the sheet as a whole carry row 0.
"""

from __future__ import annotations

from app.imports.issues import ColumnInfo, RowIssue
from app.imports.merged_cells import fill_merged_data
from app.imports.reading import Rows, Workbook

SHEET_ROW = 0  # a warning about the sheet or the file, not about one row


def sheet_rows(book: Workbook, sheet: str, header_index: int, columns: list[ColumnInfo], *,
               named: bool) -> tuple[Rows, list[RowIssue]]:
    """The rows of `sheet` with its merged data cells filled, and the warnings to report first."""
    notes = [] if named else skipped_sheet_notes(book)
    rows = book.rows(sheet)
    notes += fill_merged_data(rows, book.merged(sheet), header_index, columns, book.name, sheet)
    return rows, notes


def skipped_sheet_notes(book: Workbook) -> list[RowIssue]:
    """One warning per hidden or chart sheet that was not looked at."""
    return [RowIssue(SHEET_ROW, "", "", name, f"{why}「{name}」未导入（如需导入，请指定该工作表）")
            for name, why in book.skipped_sheets.items()]
