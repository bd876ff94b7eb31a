"""Checks on cells and header columns that the row loop (rows.py) calls, each naming the cell.

A formula stored without its result, text that carried invisible control characters, a second
column for a field already imported, and an amount column whose values do not fit the unit its
header states are things the user must hear about: the reader would show the first as empty,
the second differs from what is stored, the third is not read, the fourth is 10,000 times off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain.amount_units import FEN_PER_UNIT, WAN_YUAN, YUAN
from app.domain.text import clean_text, unsafe_characters
from app.imports.issues import RowIssue
from app.records.fields import FieldType


@dataclass
class ColumnPlan:
    index: int
    field: str
    type: FieldType
    header: str
    letter: str
    scale: str | None = None  # the unit the header states for an amount column
    # other columns naming the same field, not imported: (letter, header as written)
    duplicates: tuple[tuple[str, str], ...] = ()


UNCALCULATED = ("单元格是公式，但文件中没有保存它的计算结果（文件可能由程序生成、未经 Excel 计算）。"
                "请用 Excel 打开该文件并保存后再导入")
# 1 万万元 = 1 亿元: no administrative fine comes near it, a 元 amount under a 万元 header does.
WAN_YUAN_DOUBT = 10_000 * FEN_PER_UNIT[WAN_YUAN]


def warn_unsafe(warnings: list[RowIssue], issue: Callable[[ColumnPlan | None, int, object, str], RowIssue],
                 p: ColumnPlan, row_no: int, raw: str) -> None:
    """A warning when the text carried characters clean_text removed (they break matching and
    can rewrite a terminal): the user should know the stored text differs from the cell."""
    found = unsafe_characters(raw)
    if found:
        shown = "、".join(found[:3]) + ("等" if len(found) > 3 else "")
        warnings.append(issue(p, row_no, clean_text(raw),
                              f"已删除不可见的控制字符（{shown}），保存的是删除后的文字"))


def duplicate_columns(plan: list[ColumnPlan], header_row: int) -> list[RowIssue]:
    """A warning for each header column that names a field another column is already imported
    for (two 罚款金额 columns): only one is read, and the user must know which."""
    found: list[RowIssue] = []
    for p in plan:
        for letter, text in p.duplicates:
            found.append(RowIssue(header_row, text, letter, text,
                                  f"与 {p.letter} 列「{p.header}」是同一项，只导入了 {p.letter} 列，本列的内容没有导入"))
    return found


def unit_doubts(plan: list[ColumnPlan], records: list[dict[str, Any]]) -> list[RowIssue]:
    """One warning per amount column whose values do not fit its unit: a 万元 column holding
    10,000 or more (1 亿元), or a 元 column whose every amount is under 1 元 (万元 typed under a
    元 header). The amounts are still imported as the header says; the user decides."""
    doubts = UnitDoubts(plan)
    doubts.feed(records)
    return doubts.found()


class UnitDoubts:
    """unit_doubts over records given a run at a time (a streamed import never holds them all):
    per amount column the first and the count of 万元 amounts of 1 亿元 or more, and the first
    amount of a 元 column while every amount seen is under 1 元."""

    def __init__(self, plan: list[ColumnPlan]) -> None:
        self.columns = [p for p in plan if p.type is FieldType.FEN and p.scale in (WAN_YUAN, YUAN, None)]
        self.big: dict[str, tuple[int, int, int]] = {}  # 万元 field → (first row, its fen, how many)
        self.small: dict[str, tuple[int, int]] = {}  # 元 field → (first row, fen) of the first amount
        self.whole: set[str] = set()  # 元 fields with an amount of 1 元 or more: no doubt

    def feed(self, records: list[dict[str, Any]], start: int = 0) -> None:
        """Take records[start:] into account."""
        for p in self.columns:
            name = p.field
            if p.scale == WAN_YUAN:
                for i in range(start, len(records)):
                    fen = records[i][name] or 0
                    if fen >= WAN_YUAN_DOUBT:
                        first = self.big.get(name)
                        self.big[name] = ((records[i]["source_row"], fen, 1) if first is None
                                          else (first[0], first[1], first[2] + 1))
                continue
            for i in range(start, len(records)):  # stops at the first whole-yuan amount
                if name in self.whole:
                    break
                fen = records[i][name]
                if fen:
                    if fen >= FEN_PER_UNIT[YUAN]:
                        self.whole.add(name)
                    elif name not in self.small:
                        self.small[name] = (records[i]["source_row"], fen)

    def found(self) -> list[RowIssue]:
        """The warnings, in the columns' order."""
        found: list[RowIssue] = []
        for p in self.columns:
            name = p.field
            if p.scale == WAN_YUAN and name in self.big:
                row, fen, count = self.big[name]
                more = f"等 {count} 行" if count > 1 else ""
                found.append(RowIssue(row, p.header, p.letter, _in_unit(fen, WAN_YUAN),
                                      f"「{p.header}」列按万元计，但本行{more}的值达到 1 万以上（即 1 亿元以上），单位可能有误，"
                                      "请核对表头的单位"))
            elif p.scale != WAN_YUAN and name in self.small and name not in self.whole:
                row, fen = self.small[name]
                found.append(RowIssue(row, p.header, p.letter, _in_unit(fen, YUAN),
                                      f"「{p.header}」列按元计，但所有金额都不足 1 元且带小数，单位可能有误"
                                      "（是否应为万元？），请核对表头的单位"))
        return found


def _in_unit(fen: int, unit: str) -> str:
    """fen as the number written in `unit`: 500000 in 万元 → "0.5"."""
    text = format(Decimal(fen) / FEN_PER_UNIT[unit], "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
