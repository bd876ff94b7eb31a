"""The header row a clerk names, and the sheet as read under a header.

The wizard's mapping page lets the user say "表头在第 N 行" when the row found is not the one
meant (a sub-header read as the header, a title row that names fields). `choose_sheet_at` then
re-detects the columns' fields from that row — as the bottom row of a header block of up to
three rows when the rows above it make a better header, the same rule detect_header follows —
or applies the user's own mapping to it. `data_grid` gives the first data rows under a header,
every column as text, so the page can show the values of columns no header label names.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import BadFileError
from app.imports.header_blocks import MAX_DEPTH
from app.imports.headers import HeaderMatch, apply_mapping, choose_sheet, header_from
from app.imports.issues import value_text
from app.imports.reading import Rows, Workbook
from app.imports.rows import last_data_row

GRID_ROWS = 8  # the data rows the mapping page shows


@dataclass
class GridRow:
    """One data row as read: the row number Excel shows and each column's text ("" if empty)."""

    row: int
    cells: list[str]


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def header_at(rows: Rows, kind: str, excel_row: int, mapping: dict[int, str] | None, file: str,
              sheet: str) -> HeaderMatch:
    """The header whose last row is `excel_row` (1-based, as Excel shows it). Without a mapping
    its fields are detected; a block of two or three rows is taken only where it names more
    fields than fewer rows do. Raises BadFileError when the row is empty or lacks required fields."""
    r = excel_row - 1
    if r < 0 or r >= len(rows) or not any(_filled(c) for c in rows[r]):
        raise BadFileError(f"文件 {file} 工作表「{sheet}」的第 {excel_row} 行是空的，不能作表头。请选择表头所在的行。")
    best: tuple[tuple[bool, int, int], HeaderMatch] | None = None
    for top in range(r, max(r - MAX_DEPTH, -1), -1):
        match = header_from(rows, kind, top, r)
        # complete first, then more fields, then fewer header rows; on a tie the single row wins
        score = (match.ok, len(match.mapping), top - r)
        if best is None or score > best[0]:
            best = (score, match)
    assert best is not None  # the loop runs at least once (top = r)
    match = best[1]
    if mapping:  # the user's own fields, over the labels of the block found
        apply_mapping(rows, kind, mapping, file, sheet)  # the checks every caller's mapping gets
        return header_from(rows, kind, match.top_index if match.top_index is not None else r, r, mapping)
    if not match.ok:
        wanted = "、".join(f"「{m}」" for m in match.missing)
        raise BadFileError(f"以第 {excel_row} 行作表头时，找不到必填的{wanted}列"
                           f"（文件 {file}，工作表「{sheet}」）。请选择表头所在的行。")
    return match


def choose_sheet_at(book: Workbook, kind: str, sheet: str | None, excel_row: int,
                    mapping: dict[int, str] | None) -> tuple[str, HeaderMatch]:
    """The sheet (the named one, else the one choose_sheet picks) with its header at `excel_row`."""
    if sheet is None:
        sheet, _found = choose_sheet(book, kind, None, mapping)
    elif not book.has_sheet(sheet):
        sheet, _found = choose_sheet(book, kind, sheet, mapping)  # raises, naming the sheets there are
    return sheet, header_at(book.rows(sheet), kind, excel_row, mapping, book.name, sheet)


def data_grid(rows: Rows, header_index: int, width: int, limit: int = GRID_ROWS) -> list[GridRow]:
    """The first `limit` non-empty rows below the header (0-based `header_index`), `width`
    columns each, every cell as the user would recognise it (no `5000.0`)."""
    out: list[GridRow] = []
    end = last_data_row(rows, header_index + 1)
    for r in range(header_index + 1, end):
        row = rows[r]
        if not any(_filled(c) for c in row):
            continue
        cells = [value_text(row[c]).strip() if c < len(row) else "" for c in range(width)]
        out.append(GridRow(r + 1, cells))
        if len(out) == limit:
            break
    return out
