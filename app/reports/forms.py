"""The four Excel forms (DOMAIN.md §4; reference/004 附件2、附件3; reference/003 台账):
问题清单, 整改台账, 销号台账, 统计表.

    write_forms(store, out_dir, as_of=None, unit=None, field=None) → [paths]   from the store
    render_forms(data, out_dir) → [paths]                     renders plain data (tests, the GUI)

The headings are punctuated as the forms print them (填报单位：（盖章） · 负责人：（签字） · 填报时间：);
问题清单 ends with its 备注 row; 统计表 has the categories as columns under 整治重点 (stats_layout).
`unit` narrows the forms to one unit (its own list, the unit as 填报单位); `field` to the units of
one 执法领域 (reference/003 附件2: one list per field, titled 「…执法领域问题清单」).

The four files are written to temp files first and replaced together, so a failure leaves the
folder as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from app.jobs import Progress
from app.logs import logged
from app.reports.forms_base import Column, write_form
from app.reports.output import atomic_files, prepare_dir
from app.reports.stats_layout import stats_grid
from app.reports.text import (
    clean,
    cn_date,
    deadline_text,
    dept_of,
    evidence_text,
    method_label,
    progress_text,
    status_text,
)
from app.store import Store

FILE_NAMES = ("问题清单.xlsx", "整改台账.xlsx", "销号台账.xlsx", "统计表.xlsx")
PROBLEM_LIST_COLUMNS = (Column("序号", 6, True), Column("问题类别", 16), Column("具体表现", 48),
                        Column("整治措施", 44), Column("责任部门", 18))
LEDGER_COLUMNS = (Column("序号", 6, True), Column("问题类别", 14), Column("具体表现", 36), Column("整改措施", 32),
                  Column("责任单位", 16), Column("责任人", 9, True), Column("整改方式（立行立改/限期整改）", 12, True),
                  Column("整改时限", 16), Column("进展情况", 30), Column("状态", 10, True))
# 审批人: the word of `rectify close --approver 审批人`
CLOSE_COLUMNS = (Column("序号", 6, True), Column("问题类别", 14), Column("具体表现", 36), Column("整改措施", 32),
                 Column("责任单位", 16), Column("状态", 10, True), Column("销号日期", 13, True),
                 Column("佐证材料", 36), Column("审批人", 10, True))
PROBLEM_LIST_NOTE = ("备注", "要求每一个具体问题分栏填写，表述简洁明了。")


def filler_of(data: dict[str, Any]) -> str:
    """填报单位: the unit a per-unit list is for, else the office."""
    if data.get("unit"):
        return clean(data["unit"])
    office = data.get("office") or {}
    return clean(office.get("office_name") or office.get("office_unit") or "")


def info_cells(data: dict[str, Any]) -> list[str]:
    """填报单位：…（盖章） · 负责人：（签字） · 填报时间：… — the header lines of 附件2 and 附件3."""
    return [f"填报单位：{filler_of(data)}（盖章）", "负责人：（签字）", f"填报时间：{cn_date(data['as_of'])}"]


def info_line(data: dict[str, Any]) -> str:
    a, b, c = info_cells(data)
    return f"{a}        {b}                {c}"


def title_of(data: dict[str, Any], form: str) -> str:
    camp = data.get("campaign") or {}
    name = clean(camp.get("name"))
    if data.get("field"):
        form = f"{clean(data['field'])}执法领域{form}"
    return f"{name}{form}" if name else form


def problem_list_rows(problems: list[dict[str, Any]]) -> list[list[Any]]:
    return [[n, clean(p.get("category")), clean(p.get("manifestation")), clean(p.get("measure")), dept_of(p)]
            for n, p in enumerate(problems, start=1)]


def ledger_rows(problems: list[dict[str, Any]]) -> list[list[Any]]:
    return [[n, clean(p.get("category")), clean(p.get("manifestation")), clean(p.get("measure")), dept_of(p),
             clean(p.get("owner")), method_label(p), deadline_text(p), progress_text(p.get("progress") or []),
             status_text(p)]
            for n, p in enumerate(problems, start=1)]


def close_rows(problems: list[dict[str, Any]]) -> list[list[Any]]:
    return [[n, clean(p.get("category")), clean(p.get("manifestation")), clean(p.get("measure")), dept_of(p),
             status_text(p), p.get("closed_on"), evidence_text(p.get("close_evidence") or []),
             clean(p.get("approver"))]
            for n, p in enumerate(problems, start=1)]


def stats_columns(header: list[str]) -> tuple[Column, ...]:
    return (Column(header[0], 18), *(Column(h, 14, True) for h in header[1:]))


def _workbook(title: str, info: str, columns: tuple[Column, ...], rows: list[list[Any]], landscape: bool,
              sheet: str, note: tuple[str, str] | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    write_form(ws, title=title, info_line=info, columns=columns, rows=rows, landscape=landscape, note_row=note)
    return wb


def build_workbooks(data: dict[str, Any]) -> list[Workbook]:
    """The four workbooks, in FILE_NAMES order."""
    problems = data["problems"]
    info = info_line(data)
    header, srows = stats_grid(data["statistics"], with_total=bool(data.get("stats_total")))
    stats_note = None
    if data.get("unit_remark"):  # a unit's 一票否优 / 一票否决 goes into its 统计表's 备注 row
        srows, stats_note = srows[:-1], ("备注", clean(data["unit_remark"]))
    return [
        _workbook(title_of(data, "问题清单"), info, PROBLEM_LIST_COLUMNS, problem_list_rows(problems), True, "问题清单",
                  PROBLEM_LIST_NOTE),
        _workbook(title_of(data, "整改台账"), info, LEDGER_COLUMNS, ledger_rows(problems), True, "整改台账"),
        _workbook(title_of(data, "销号台账"), info, CLOSE_COLUMNS, close_rows(problems), True, "销号台账"),
        _workbook(title_of(data, "情况统计表"), info, stats_columns(header), srows, len(header) > 6, "统计表",
                  stats_note),
    ]


def render_forms(data: dict[str, Any], out_dir: Path,
                 progress: Progress | None = None) -> list[Path]:
    """Write the four forms from plain data (see app.reports.data) into `out_dir`."""
    folder = prepare_dir(Path(out_dir))
    outs = [folder / name for name in FILE_NAMES]

    def write(temps: list[Path]) -> None:
        for n, (wb, temp) in enumerate(zip(build_workbooks(data), temps, strict=True), start=1):
            wb.save(temp)
            if progress is not None:
                progress(n, len(temps), FILE_NAMES[n - 1])

    return atomic_files(outs, write)


def write_forms(store: Store, out_dir: Path, *, as_of: date | None = None, unit: str | None = None,
                field: str | None = None, with_total: bool = False,
                progress: Progress | None = None) -> list[Path]:
    """问题清单.xlsx, 整改台账.xlsx, 销号台账.xlsx, 统计表.xlsx from the store, into `out_dir`
    (one unit's or one field's when asked; a 合计 column in 统计表 with `with_total`)."""
    from app.reports.data import gather

    with logged("export.forms", store.path) as facts:
        data = gather(store, as_of=as_of, unit=unit, field=field, details=True, progress=progress)
        data["stats_total"] = with_total
        facts["problems"] = len(data["problems"])
        return render_forms(data, out_dir, progress)
