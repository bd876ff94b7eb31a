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
from typing import Any

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
    fill = MergedFill(ranges, header_index, columns, len(rows), file, sheet)
    fill.fill(rows, 0)
    return fill.warnings()


class MergedFill:
    """fill_merged_data over a sheet given a run of rows at a time, in order (a streamed import,
    streamed.py): a range takes its value when its top row comes by and fills the rows below it
    as they come. `row_count` bounds the ranges (the sheet's extent)."""

    def __init__(self, ranges: list[MergedRange], header_index: int, columns: list[ColumnInfo],
                 row_count: int, file: str = "", sheet: str = "") -> None:
        self.ranges = sorted(ranges, key=lambda m: (m.first_row, m.first_col))
        self.header_index, self.row_count = header_index, row_count
        self.by_index = {c.index: c for c in columns if c.field}
        self.file, self.sheet = file, sheet
        self.next = 0  # the first range whose top row has not come by
        self.active: list[list[Any]] = []  # [order, range, value, last row, filled]
        self.done: list[tuple[int, RowIssue]] = []
        self.work = 0

    def fill(self, rows: list[list[object]], offset: int) -> None:
        """Fill rows[i] (the sheet's row index offset + i) from the ranges above or at it."""
        ranges = self.ranges
        end = offset + len(rows)
        if not self.active and (self.next >= len(ranges) or ranges[self.next].first_row >= end):
            return  # nothing merged in these rows: the usual case
        for i, row in enumerate(rows):
            r = offset + i
            if self.active:
                for a in self.active:  # ranges begun above: fill this row from their top cell
                    rng, value, last = a[1], a[2], a[3]
                    col = rng.first_col
                    if r <= last and col < len(row) and _blank(row[col]) and _has_other_content(row, col):
                        row[col] = value
                        a[4] = True
                if any(a[3] <= r for a in self.active):
                    self._retire(r)
            while self.next < len(ranges) and ranges[self.next].first_row <= r:
                order, rng = self.next, ranges[self.next]
                self.next += 1
                if rng.first_row == r:
                    self._begin(order, rng, row)

    def _begin(self, order: int, rng: MergedRange, row: list[object]) -> None:
        top, col = rng.first_row, rng.first_col
        if top <= self.header_index or rng.last_row <= top or top >= self.row_count or col >= len(row):
            return
        value = row[col]
        if _blank(value):
            return
        last = min(rng.last_row, self.row_count - 1)
        self.work += last - top
        if self.work > MAX_CELLS:
            file, sheet = self.file, self.sheet
            raise BadFileError(f"文件 {file} 的工作表「{sheet}」中合并单元格覆盖的范围超过 "
                               f"{count_text(MAX_CELLS)}个单元格，不是正常的表格。", file=file or None,
                               sheet=sheet or None)
        self.active.append([order, rng, value, last, False])

    def _retire(self, r: int) -> None:
        """Ranges that end at or above row r are done: their warning, if they filled a cell."""
        keep = []
        for a in self.active:
            if a[3] <= r:
                self._note(a)
            else:
                keep.append(a)
        self.active = keep

    def _note(self, a: list[Any]) -> None:
        order, rng, value, _last, filled = a
        info = self.by_index.get(rng.first_col)
        if filled and info is not None:
            shown = value_text(value)
            self.done.append((order, RowIssue(rng.first_row + 1, info.header, info.letter, shown,
                                              f"{rng.ref} 为合并单元格，已按首格「{shown}」填充")))

    def warnings(self) -> list[RowIssue]:
        """One warning per filled range whose column is imported, in the ranges' order."""
        for a in self.active:
            self._note(a)
        self.active = []
        return [w for _order, w in sorted(self.done, key=lambda d: d[0])]
