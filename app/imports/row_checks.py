"""Checks on cells and header columns that the row loop (rows.py) calls, each naming the cell.

A formula stored without its result, text that carried invisible control characters, and a
second column for a field already imported are things the user must hear about: the reader
would show the first as empty, the second differs from what is stored, the third is not read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.text import clean_text, normalise_header, unsafe_characters
from app.imports.headers import header_index as header_keys
from app.imports.headers import header_text
from app.imports.issues import RowIssue
from app.imports.reading import Rows, column_letter
from app.records.fields import FieldType


@dataclass
class ColumnPlan:
    index: int
    field: str
    type: FieldType
    header: str
    letter: str


UNCALCULATED = ("单元格是公式，但文件中没有保存它的计算结果（文件可能由程序生成、未经 Excel 计算）。"
                "请用 Excel 打开该文件并保存后再导入")


def warn_unsafe(warnings: list[RowIssue], issue: Callable[[ColumnPlan | None, int, object, str], RowIssue],
                 p: ColumnPlan, row_no: int, raw: str) -> None:
    """A warning when the text carried characters clean_text removed (they break matching and
    can rewrite a terminal): the user should know the stored text differs from the cell."""
    found = unsafe_characters(raw)
    if found:
        shown = "、".join(found[:3]) + ("等" if len(found) > 3 else "")
        warnings.append(issue(p, row_no, clean_text(raw),
                              f"已删除不可见的控制字符（{shown}），保存的是删除后的文字"))


def duplicate_columns(kind: str, rows: Rows, header_index: int, plan: list[ColumnPlan]) -> list[RowIssue]:
    """A warning for each header column that names a field another column is already imported
    for (two 罚款金额 columns): only one is read, and the user must know which."""
    if header_index >= len(rows):
        return []
    keys = header_keys(kind)
    mapped = {p.index for p in plan}
    by_field = {p.field: p for p in plan}
    found: list[RowIssue] = []
    for col, cell in enumerate(rows[header_index]):
        if col in mapped or not isinstance(cell, str) or not cell.strip():
            continue
        hit = keys.get(normalise_header(cell))
        if hit is None or hit[0] not in by_field:
            continue
        p = by_field[hit[0]]
        text = header_text(cell)
        found.append(RowIssue(header_index + 1, text, column_letter(col), text,
                              f"与 {p.letter} 列「{p.header}」是同一项，只导入了 {p.letter} 列，本列的内容没有导入"))
    return found
