"""The small records an import talks in: a column as found, a problem with one cell."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RowIssue:
    """A rejected or doubtful cell. `row` is the row number Excel shows, `column` the header as
    written in the file (e.g. "罚款金额（元）"), `column_letter` its letter ("F")."""

    row: int
    column: str
    column_letter: str
    value: str
    reason: str

    def describe(self, file: str, sheet: str) -> str:
        """One Chinese line naming file, sheet, row and column."""
        return format_issue(file, sheet, self)


@dataclass
class ColumnInfo:
    """A column of the chosen sheet: 0-based index, letter, header as written (the labels of a
    header block joined by "/"), mapped field, the unit its header states for an amount field
    (万元/千元/元, None when it states none), and for a column naming a field another column is
    imported for, that column's index. `scale_chosen`: the scale is the one the user chose for
    a header that states none (chosen_scales.py), not the header's."""

    index: int
    letter: str
    header: str
    field: str | None
    scale: str | None = None
    same_as: int | None = None
    scale_chosen: bool = False


def format_issue(file: str, sheet: str, issue: RowIssue) -> str:
    """`台账.xlsx 工作表「2019年」第 7 行 F 列「罚款金额（元）」：无法识别的金额「五千块」`"""
    where = f"{file} 工作表「{sheet}」第 {issue.row} 行"
    if issue.column_letter:
        where += f" {issue.column_letter} 列"
    if issue.column:
        where += f"「{issue.column}」"
    return f"{where}：{issue.reason}"


def value_text(raw: object) -> str:
    """A cell's value as the user would recognise it in the message (no `5000.0`)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e21:
        return str(int(raw))
    if hasattr(raw, "isoformat") and not isinstance(raw, str):
        return raw.isoformat()
    return str(raw)
