"""Vertically merged cells in the data: "same as above", filled from the range's first cell.

Registers written by hand merge 执法单位, 案号 or 当事人 over the rows of one case; the file keeps
the value in the top cell only and the others read as empty, so without this every row but the
first would lose its unit or be rejected for a missing case number. The fill is done on the data
rows only (below the header: merged header cells are the header's business) and the import says
so once per range, naming it ("A5:A9 为合并单元格，已按首格「…」填充").

A range is only filled on rows that hold something else (a merge dragged over the empty rows of
a pre-formatted template must not turn them into rows of data), and only within the rows and
columns the sheet has: a range is what the file says, so it is clipped and the total work bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import BadFileError
from app.imports.issues import ColumnInfo, RowIssue, value_text
from app.imports.limits import MAX_CELLS, count_text


@dataclass(frozen=True)
class MergedRange:
    """A merged range, 0-based and inclusive, as the file declares it."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def ref(self) -> str:
        """The range as Excel writes it: "A5:A9"."""
        return f"{_letter(self.first_col)}{self.first_row + 1}:{_letter(self.last_col)}{self.last_row + 1}"


def _letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _blank(cell: object) -> bool:
    return cell is None or (cell.__class__ is str and not cell.strip())


def _has_other_content(row: list[object], col: int) -> bool:
    return any(not _blank(c) for i, c in enumerate(row) if i != col)


def fill_merged_data(rows: list[list[object]], ranges: list[MergedRange], header_index: int,
                     columns: list[ColumnInfo], file: str = "", sheet: str = "") -> list[RowIssue]:
    """Fill each range that starts below the header and spans rows, down its first column, from
    its top cell; one warning per filled range whose column is imported. Changes `rows`."""
    by_index = {c.index: c for c in columns if c.field}
    warnings: list[RowIssue] = []
    work = 0
    for rng in sorted(ranges, key=lambda m: (m.first_row, m.first_col)):
        top, col = rng.first_row, rng.first_col
        if top <= header_index or rng.last_row <= top or top >= len(rows) or col >= len(rows[top]):
            continue
        value = rows[top][col]
        if _blank(value):
            continue
        last = min(rng.last_row, len(rows) - 1)
        work += last - top
        if work > MAX_CELLS:
            raise BadFileError(f"文件 {file} 的工作表「{sheet}」中合并单元格覆盖的范围超过 "
                               f"{count_text(MAX_CELLS)}个单元格，不是正常的表格。", file=file or None,
                               sheet=sheet or None)
        filled = False
        for r in range(top + 1, last + 1):
            row = rows[r]
            if col < len(row) and _blank(row[col]) and _has_other_content(row, col):
                row[col] = value
                filled = True
        info = by_index.get(col)
        if filled and info is not None:
            shown = value_text(value)
            warnings.append(RowIssue(top + 1, info.header, info.letter, shown,
                                     f"{rng.ref} 为合并单元格，已按首格「{shown}」填充"))
    return warnings
