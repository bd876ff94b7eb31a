"""The problem list as an Excel file to send back to the unit that filled the sheet in.

The first sheet is the sheet as read, row for row, so every row keeps the number Excel shows and
the problem list names; each cell a problem is about is filled (red: the row cannot be imported,
yellow: a warning) and carries the reasons as a comment, and a 问题说明 column after the last
column spells out each row's problems in words, for the unit to fix the row where it stands and
send the file again. The second sheet, 问题清单, lists every problem one per line, including the
ones about the sheet as a whole. The file is written whole or not at all (app/reports/output.py).

Written in openpyxl's write-only mode (a 100,000-row ledger with four bad rows is still a
100,000-row file). User text never becomes a formula: text that Excel would read as one is
written as text (app/reports/forms_base.py's rule); merged cells are not merged again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.imports.issues import RowIssue, value_text
from app.imports.reading import Rows, Uncalculated, open_workbook
from app.jobs import Cancel, Progress, raise_if_cancelled
from app.reports.forms_base import FORMULA_STARTS, text_width
from app.reports.output import atomic_file
from app.reports.text import clean

NOTE_HEADER = "问题说明"
LIST_SHEET = "问题清单"
LIST_HEADER = ("类型", "行", "列", "表头", "值", "原因")
ERROR, WARNING = "错误", "提醒"
# Excel's own 差 and 适中 cell styles: a clerk knows them at a glance.
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
ERROR_FONT = Font(color="9C0006")
BOLD = Font(bold=True)
AUTHOR = "执法案卷倒查工作台"
CHUNK = 1000  # rows between progress reports and cancel checks
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class ProblemSheet:
    """What was written: the file, the rows marked and the problems listed."""

    path: Path
    rows_marked: int
    problems: int


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A name Excel accepts for a sheet (31 characters, none of []:*?/\\), unlike the ones taken."""
    title = (name.translate(_BAD_SHEET_CHARS).strip("'") or "数据")[:31]
    return title + "（原表）" if title in set(taken) else title


def _cell(ws: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """One value as read; text Excel would take for a formula stays text."""
    if isinstance(value, Uncalculated):
        value = str(value)  # the formula the file carried without its result: shown, not computed
    elif value is not None and not isinstance(value, str | int | float | date):
        value = value_text(value)
    if isinstance(value, str):
        value = clean(value)
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _where(issue: RowIssue) -> str:
    where = f"{issue.column_letter} 列" if issue.column_letter else ""
    return where + (f"「{issue.column}」" if issue.column else "")


def _by_row(rejected: Sequence[RowIssue], warnings: Sequence[RowIssue]) -> dict[int, list[tuple[str, RowIssue]]]:
    out: dict[int, list[tuple[str, RowIssue]]] = {}
    for what, issues in ((ERROR, rejected), (WARNING, warnings)):
        for issue in issues:
            if issue.row > 0:  # row 0: about the sheet or the file, listed on the second sheet only
                out.setdefault(issue.row, []).append((what, issue))
    return out


def _write_rows(ws: WriteOnlyWorksheet, rows: Rows, header_row: int, problems: dict[int, list[tuple[str, RowIssue]]],
                progress: Progress | None, cancel: Cancel | None) -> None:
    width = max((len(r) for r in rows), default=0)
    note_at = width  # 0-based: the column after the last one the sheet has
    ws.column_dimensions[get_column_letter(note_at + 1)].width = 60
    header = rows[header_row - 1] if 0 < header_row <= len(rows) else []
    for c in range(width):
        label = value_text(header[c]) if c < len(header) else ""
        ws.column_dimensions[get_column_letter(c + 1)].width = min(max(text_width(label) + 2, 10), 40)
    ws.freeze_panes = f"A{header_row + 1}" if header_row > 0 else None
    last = max(len(rows), max(problems, default=0))
    for r in range(1, last + 1):
        if r % CHUNK == 1:
            raise_if_cancelled(cancel, "已取消，未保存问题清单。")
            if progress is not None:
                progress(r - 1, last, "保存问题清单")
        row = rows[r - 1] if r <= len(rows) else []
        cells = [_cell(ws, v) for v in row]
        cells += [WriteOnlyCell(ws, None) for _ in range(width - len(cells))]
        found = problems.get(r, [])
        if r == header_row:
            note = WriteOnlyCell(ws, NOTE_HEADER)
            note.font = BOLD
            cells.append(note)
        elif found:
            cells.append(WriteOnlyCell(ws, "；".join(
                f"{what}：{_where(i)}{'：' if _where(i) else ''}{i.reason}" for what, i in found)))
        _mark(cells, found)
        ws.append(cells)


def _mark(cells: list[WriteOnlyCell], found: list[tuple[str, RowIssue]]) -> None:
    """Fill each cell a problem names, an error's red over a warning's yellow, with the reasons
    as its comment; problems naming no column mark the 问题说明 cell."""
    reasons: dict[int, list[str]] = {}
    worst: dict[int, str] = {}
    for what, issue in found:
        at = column_index_from_string(issue.column_letter) - 1 if issue.column_letter else len(cells) - 1
        if at >= len(cells):
            continue
        reasons.setdefault(at, []).append(f"{what}：{issue.reason}")
        if worst.get(at) != ERROR:
            worst[at] = what
    for at, texts in reasons.items():
        cell = cells[at]
        cell.fill = ERROR_FILL if worst[at] == ERROR else WARNING_FILL
        if worst[at] == ERROR:
            cell.font = ERROR_FONT
        cell.comment = Comment("\n".join(texts), AUTHOR, width=300, height=max(60, 20 * len(texts) + 20))


def _write_list(ws: WriteOnlyWorksheet, rejected: Sequence[RowIssue], warnings: Sequence[RowIssue]) -> None:
    for c, width in enumerate((8, 8, 8, 24, 24, 60), start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    head = [WriteOnlyCell(ws, h) for h in LIST_HEADER]
    for cell in head:
        cell.font = BOLD
    ws.append(head)
    ws.freeze_panes = "A2"
    for what, issues in ((ERROR, rejected), (WARNING, warnings)):
        for i in issues:
            ws.append([_cell(ws, what), _cell(ws, i.row if i.row > 0 else ""), _cell(ws, i.column_letter),
                       _cell(ws, i.column), _cell(ws, i.value), _cell(ws, i.reason)])


def write_problem_sheet(source: Path, sheet: str, header_row: int, rejected: Sequence[RowIssue],
                        warnings: Sequence[RowIssue], out: Path, *, progress: Progress | None = None,
                        cancel: Cancel | None = None) -> ProblemSheet:
    """Read `sheet` of `source` again and write it to `out` with its problems marked (header_row:
    the header's row as Excel numbers it). Raises BadFileError when the source cannot be read,
    UserError when `out` cannot be written, Cancelled (leaving no file) when `cancel()` says so."""
    with open_workbook(Path(source)) as book:
        rows = book.rows(sheet)
    problems = _by_row(rejected, warnings)
    wb = Workbook(write_only=True)
    title = sheet_title(sheet, (LIST_SHEET,))
    out = Path(out)
    with atomic_file(out) as temp:  # a file open in Excel, a full disk: a UserError, nothing half-written
        _write_rows(wb.create_sheet(title), rows, header_row, problems, progress, cancel)
        _write_list(wb.create_sheet(LIST_SHEET), rejected, warnings)
        wb.save(temp)
    marked = len({r for r, found in problems.items() if r != header_row and found})
    return ProblemSheet(out, marked, len(rejected) + len(warnings))
