"""`/`, `—`, `-`, `无`, `空` written in a value cell: "none", not a value and not an error.

Clerks fill every cell of a register, and where there is nothing to say (no fine, not paid yet)
they write a dash or 无. Read as a value, `-` is no amount at all or worse a sign, and `无` in a
date column is an unreadable date that would reject the row. So in the columns of optional
fields whose values are parsed (amounts, dates, numbers, yes/no …) such a mark is taken as a
blank cell, with a warning naming the cell (a mark with more than two spaces around it is not
recognised: the check must cost next to nothing on the columns that hold none). Required fields
and free-text fields (a 当事人 or a 备注) are left as written: there a mark is the text the clerk
typed, and blanking a required field would turn a doubtful row into a rejected one.
"""

from __future__ import annotations

from itertools import islice
from operator import itemgetter

from app.imports.issues import RowIssue
from app.imports.reading import Rows
from app.imports.row_checks import ColumnPlan
from app.records.fields import FIELDS, FieldType

NONE_MARKS = frozenset({
    "/", "／", "\\", "-", "－", "--", "---", "—", "——", "―", "–", "─", "无", "空", "暂无", "（无）", "(无)",
})
_SPACES = ("", " ", "  ", "\u3000")
# the marks as they are found in cells, with a space or two (or an ideographic space) around
_AS_WRITTEN = frozenset(f"{a}{m}{b}" for m in NONE_MARKS for a in _SPACES for b in _SPACES)
FREE_TEXT = (FieldType.TEXT, FieldType.RECEIPT_REMARK)


def is_none_mark(cell: object) -> bool:
    """Whether a cell holds only a "none" mark (spaces around it allowed)."""
    return isinstance(cell, str) and cell in _AS_WRITTEN


def blank_none_marks(kind: str, rows: Rows, first: int, end: int, plan: list[ColumnPlan],
                     offset: int = 0) -> list[RowIssue]:
    """Blank the none marks in the parsed optional columns of rows[first:end]; a warning each.
    rows[i] is the sheet's row index offset + i (a streamed import gives a chunk at a time)."""
    required = {f.name for f in FIELDS[kind] if f.required}
    columns = [p for p in plan if p.field not in required and p.type not in FREE_TEXT]
    warnings: list[RowIssue] = []
    for p in columns:
        i = p.index
        try:  # a column without any mark (the usual case) is passed over at C speed
            if _AS_WRITTEN.isdisjoint(map(itemgetter(i), islice(rows, first, end))):
                continue
        except IndexError:
            pass  # a short row: look cell by cell
        for r in range(first, end):
            row = rows[r]
            if i < len(row) and row[i] in _AS_WRITTEN:
                shown = str(row[i]).strip()
                row[i] = ""
                warnings.append(RowIssue(offset + r + 1, p.header, p.letter, shown, f"「{shown}」表示没有内容，按空白处理"))
    warnings.sort(key=lambda w: w.row)
    return warnings
