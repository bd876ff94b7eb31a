"""The task table as Excel, in the plan's own columns (reference/002 附件2): 序号 · 主要工作任务 (two
columns under one merged header: the task and its part) · 任务分解 · 工作要求 · 责任单位 · 完成时限,
and on export a 完成情况 column.

Reading takes the plan's table as offices keep it: title rows above the header, the header
repeated on every page, merged cells (a blank 主要工作任务, 责任单位 or 完成时限 is the one above).
完成情况, when present, is read back as written: its first line the status (and completion date),
each further line a dated progress note, so an exported table imports as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.errors import BadFileError, UserError
from app.process.task_terms import (
    BREAKDOWN,
    DONE,
    DUE,
    MAIN,
    NOT_STARTED,
    PLAN_COLUMNS,
    REQUIREMENT,
    SEQ,
    STATUSES,
    UNITS,
    norm_header,
    parse_due,
)
from app.process.tasks import TaskRow
from app.reports.forms_base import put
from app.reports.output import atomic_file

TITLE = "全面推行行政执法三项制度任务分解推进表"
HEADER_ROW = 3
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = (6, 16, 16, 22, 40, 18, 12, 28)
FILLED_DOWN = ("main_task", "sub_task", "units", "due")


def _header(rows: list[tuple[Any, ...]], name: str, sheet: str) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(rows[:15]):
        cells = [norm_header(v) for v in row]
        if SEQ in cells and BREAKDOWN in cells:
            cols = {h: cells.index(h) for h in (*PLAN_COLUMNS, DONE) if h in cells}
            missing = [h for h in PLAN_COLUMNS if h not in cols]
            if missing:
                raise BadFileError(f"{name} 工作表「{sheet}」第 {i + 1} 行表头缺少列：{'、'.join(missing)}。",
                                   file=name, sheet=sheet, row=i + 1)
            return i, cols
    raise BadFileError(f"{name} 工作表「{sheet}」找不到任务分解推进表的表头（{' · '.join(PLAN_COLUMNS)}）。",
                       file=name, sheet=sheet)


def _text(row: tuple[Any, ...], i: int | None) -> str:
    if i is None or i >= len(row) or row[i] is None:
        return ""
    return str(row[i]).strip()


def _done(text: str, where: str) -> tuple[str, date | None, tuple[tuple[date, str], ...]]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return NOT_STARTED, None, ()
    head, *rest = lines
    status, _, when = head.partition(" ")
    if status not in STATUSES:
        raise BadFileError(f"{where} 完成情况第一行应为状态（{' / '.join(STATUSES)}），现为「{head}」。")
    notes = []
    try:
        done = parse_date(when) if when else None
        for ln in rest:
            day, _, note = ln.partition(" ")
            d = parse_date(day)
            if d is None:
                raise ValueParseError("缺少日期")
            notes.append((d, note.strip()))
    except ValueParseError as exc:
        raise BadFileError(f"{where} 完成情况的日期有误：{exc.reason}（每条进展写作「YYYY-MM-DD 内容」）。") from None
    return status, done, tuple(notes)


def read_task_sheet(path: Path | str) -> list[TaskRow]:
    """The tasks of the first sheet holding the table's header, in 序号 order."""
    path = Path(path)
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not xlsx
        raise BadFileError(f"无法读取 {path.name}：不是有效的 .xlsx 文件（{exc}）。", file=path.name) from None
    ws = wb.worksheets[0]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    head, cols = _header(rows, path.name, ws.title)
    sub_col = cols[MAIN] + 1 if norm_header(rows[head][cols[MAIN] + 1]) == "" else None
    last: dict[str, str] = dict.fromkeys(FILLED_DOWN, "")
    out: list[TaskRow] = []
    for n, row in enumerate(rows[head + 1:], start=head + 2):
        seq_text = norm_header(row[cols[SEQ]] if cols[SEQ] < len(row) else "")
        if not any(_text(row, i) for i in range(len(row))) or seq_text == SEQ:
            continue  # blank, or the header repeated on a new page
        where = f"{path.name} 工作表「{ws.title}」第 {n} 行"
        if not seq_text.replace(".0", "").isdigit():
            raise BadFileError(f"{where} 序号「{seq_text}」不是整数。", file=path.name, sheet=ws.title, row=n)
        vals = {"main_task": _text(row, cols[MAIN]), "sub_task": _text(row, sub_col), "units": _text(row, cols[UNITS]),
                "due": _text(row, cols[DUE])}
        for k in FILLED_DOWN:  # a merged cell: the value above
            vals[k] = vals[k] or last[k]
        last = vals
        try:
            due = parse_due(vals["due"])
        except UserError as exc:
            raise BadFileError(f"{where}：{exc}", file=path.name, sheet=ws.title, row=n) from None
        status, done, notes = _done(_text(row, cols.get(DONE)), where)
        out.append(TaskRow(int(float(seq_text)), vals["main_task"], vals["sub_task"], _text(row, cols[BREAKDOWN]),
                           _text(row, cols[REQUIREMENT]), vals["units"], due.text, due.on, status, done, notes))
    seqs = [t.seq for t in out]
    if len(set(seqs)) != len(seqs):
        dup = sorted({s for s in seqs if seqs.count(s) > 1})
        raise BadFileError(f"{path.name} 序号重复：{'、'.join(map(str, dup))}。", file=path.name, sheet=ws.title)
    if not out:
        raise BadFileError(f"{path.name} 的任务分解推进表没有任务。", file=path.name, sheet=ws.title)
    return sorted(out, key=lambda t: t.seq)


def done_text(task: dict[str, Any]) -> str:
    """完成情况: the status (and completion date), then one line per progress note."""
    head = task["status"] + (f" {task['completed_on'].isoformat()}" if task.get("completed_on") else "")
    return "\n".join([head, *(f"{p['on'].isoformat()} {p['note']}" for p in task["progress"])])


def write_task_sheet(out: Path | str, tasks: list[dict[str, Any]], *, title: str = TITLE) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解推进表"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    put(ws, 1, 1, title).font = Font(name="宋体", size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    headers = [SEQ, MAIN, "", BREAKDOWN, REQUIREMENT, UNITS, DUE, DONE]
    for c, h in enumerate(headers, start=1):
        cell = put(ws, HEADER_ROW, c, h)
        cell.font, cell.border = Font(name="宋体", bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=HEADER_ROW, start_column=2, end_row=HEADER_ROW, end_column=3)
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + i)].width = w
    for r, t in enumerate(tasks, start=HEADER_ROW + 1):
        values = [t["seq"], t["main_task"], t["sub_task"], t["breakdown"], t["requirement"], t["units"],
                  t["due_text"], done_text(t)]
        for c, v in enumerate(values, start=1):
            cell = put(ws, r, c, v)
            cell.border, cell.alignment = BOX, Alignment(vertical="center", wrap_text=True)
            if t.get("overdue") and c == 7:
                cell.font = Font(color="C00000", bold=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = Path(out)
    with atomic_file(out) as temp:
        wb.save(temp)
    return out
