"""The 操作记录: the change log read back for people — who, when, what, before and after —
filtered, paged and exported (the window's viewer and `caseaudit log list`).

    LogFilter(operator, action, table, since, until, text)
    count_log(store, f) · list_log(store, f, offset, limit) → [dict]   newest first
    export_log_xlsx(store, path, f) → rows written                       a titled A4 sheet

Reading only: the chain itself is checked by `log verify` (db/changelog_check.py). `text`
searches the record snapshots (a case number, a name, an amount as stored), the operator and the
table, so "who changed 第12号?" is one filter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.accounts.blind_log import not_sealed, seal_entries, sealed_records
from app.domain.amounts import format_fen
from app.records.fields import REGISTER_FIELDS
from app.store import Store
from db.models import ChangeLogEntry

ACTION_LABELS = {
    "create": "新增", "update": "修改", "delete": "删除", "import": "导入", "undo": "撤销导入",
    "revert": "撤销修改", "audit": "倒查", "submit": "提交", "demo": "演示数据", "export": "导出",
}
TABLE_LABELS = {
    "cases": "案卷", "ledger_entries": "台账", "receipts": "收据", "officers": "执法人员", "units": "执法单位",
    "findings": "问题线索", "problems": "问题", "progress_entries": "整改进展", "evidence_files": "佐证材料",
    "dispositions": "分类处置", "reviews": "评查", "review_items": "评查项", "settings": "设置",
    "campaigns": "专项活动", "samples": "抽查", "signed_reports": "签名报告", "exported_packages": "上报数据包",
    "received_packages": "收到的数据包", "discretion_benchmarks": "裁量基准", "calendar_years": "节假日",
}
EXPORT_LIMIT = 200_000
# Field names in words: the registers' own labels, then those of the other tables' snapshots.
FIELD_LABELS: dict[str, str] = {
    **{f.name: f.label for fields in REGISTER_FIELDS.values() for f in fields},
    "status": "状态", "dismiss_reason": "排除理由", "problem_id": "问题编号", "finding_id": "问题线索编号",
    "campaign_id": "专项活动", "category": "问题类别", "manifestation": "具体表现", "measure": "整治措施",
    "dept": "责任部门", "owner": "责任人", "deadline": "整改时限", "immediate": "立行立改", "timetable": "时间表",
    "closed_on": "销号日期", "approver": "审批人", "close_evidence_sha256": "销号佐证", "source": "来源",
    "row": "台账行号", "voided": "作废", "file": "文件", "sheet": "工作表", "rows": "行数", "sha256": "SHA-256",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def value_text(name: str, value: Any) -> str:
    """A snapshot value as a clerk reads it: amounts in 元, yes/no, lists joined."""
    if value is None or value == "":
        return ""
    if name.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool):
        return format_fen(value) + " 元"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(v.get("name", str(v)) if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class LogFilter:
    operator: str | None = None
    action: str | None = None
    table: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive: the whole day
    text: str = ""


def _where(stmt: Select[Any], f: LogFilter) -> Select[Any]:
    if f.operator:
        stmt = stmt.where(ChangeLogEntry.operator == f.operator)
    if f.action:
        stmt = stmt.where(ChangeLogEntry.action == f.action)
    if f.table:
        stmt = stmt.where(ChangeLogEntry.table_name == f.table)
    if f.since:
        stmt = stmt.where(ChangeLogEntry.at >= datetime.combine(f.since, time.min))
    if f.until:
        stmt = stmt.where(ChangeLogEntry.at < datetime.combine(f.until + timedelta(days=1), time.min))
    text = f.text.strip()
    if text:
        like = f"%{text}%"
        stmt = stmt.where(or_(ChangeLogEntry.before_json.like(like), ChangeLogEntry.after_json.like(like),
                              ChangeLogEntry.operator.like(like), ChangeLogEntry.table_name.like(like)))
    return stmt


def _unsealed(stmt: Select[Any], s: Session, store: Store, f: LogFilter) -> tuple[Select[Any], dict[str, set[int]] | None]:
    """Under login, a text search does not look inside reviews the viewer may not read yet."""
    sealed = sealed_records(store, s)
    if sealed and f.text.strip():
        stmt = stmt.where(not_sealed(sealed))
    return stmt, sealed


def count_log(store: Store, f: LogFilter | None = None) -> int:
    f = f or LogFilter()
    with store.session() as s:
        stmt, _sealed = _unsealed(_where(select(func.count(ChangeLogEntry.id)), f), s, store, f)
        return int(s.scalar(stmt) or 0)


def _loads(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def changes(before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each field an update changed (both snapshots dicts)."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
            if k != "id" and before.get(k) != after.get(k) and k in after]


def summary_of(action: str, table: str, record_id: int | None, before: Any, after: Any) -> str:
    """One line saying what the entry did, in words."""
    what = TABLE_LABELS.get(table, table)
    target = f"{what} #{record_id}" if record_id is not None and action not in ("import", "undo") else what
    if action == "import" and isinstance(after, dict):
        return f"导入{what} {after.get('rows', '')} 行（文件 {after.get('file', '')}，批次 #{record_id}）"
    if action == "undo" and isinstance(before, dict):
        return f"撤销导入批次 #{record_id}：删除{what} {before.get('rows', '')} 行（文件 {before.get('file', '')}）"
    if action == "update":
        diff = changes(before, after)
        fields = "、".join(field_label(k) for k, _b, _a in diff[:6]) + (" 等" if len(diff) > 6 else "")
        return f"修改{target}" + (f"：{fields}" if fields else "")
    return f"{ACTION_LABELS.get(action, action)}{target}"


def entry_dict(e: ChangeLogEntry) -> dict[str, Any]:
    before, after = _loads(e.before_json), _loads(e.after_json)
    return {"id": e.id, "at": e.at.isoformat(sep=" "), "operator": e.operator, "action": e.action,
            "action_label": ACTION_LABELS.get(e.action, e.action), "table": e.table_name,
            "table_label": TABLE_LABELS.get(e.table_name, e.table_name), "record_id": e.record_id,
            "summary": summary_of(e.action, e.table_name, e.record_id, before, after),
            "before": before, "after": after}


def list_log(store: Store, f: LogFilter | None = None, *, offset: int = 0,
             limit: int | None = 200) -> list[dict[str, Any]]:
    """Entries matching `f`, newest first (under login, another's unfinished review sealed:
    app/accounts/blind_log.py)."""
    f = f or LogFilter()
    with store.session() as s:
        stmt, sealed = _unsealed(_where(select(ChangeLogEntry), f), s, store, f)
        stmt = stmt.order_by(ChangeLogEntry.id.desc()).offset(max(0, offset))
        if limit is not None:
            stmt = stmt.limit(max(0, limit))
        return seal_entries([entry_dict(e) for e in s.scalars(stmt)], sealed)


def operators(store: Store) -> list[str]:
    """Everyone who appears in the log (for the viewer's filter)."""
    with store.session() as s:
        return sorted(o for o in s.scalars(select(ChangeLogEntry.operator).distinct()) if o)


def snapshot_text(value: Any) -> str:
    """A snapshot as one readable text: `field: value` lines (dates and amounts as stored)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{field_label(k)}：{value_text(k, v)}" for k, v in value.items())
    return str(value)


def export_log_xlsx(store: Store, path: Path, f: LogFilter | None = None) -> int:
    """The filtered log as a formatted sheet (title row, header repeated when printed)."""
    from openpyxl import Workbook

    from app.reports.forms_base import Column, write_form

    rows = list_log(store, f, limit=EXPORT_LIMIT)
    columns = [Column("序号", 8, True), Column("时间", 20, True), Column("操作人", 12, True), Column("操作", 10, True),
               Column("对象", 12, True), Column("编号", 8, True), Column("说明", 40), Column("修改前", 40),
               Column("修改后", 40)]
    body = [[r["id"], r["at"], r["operator"], r["action_label"], r["table_label"], r["record_id"], r["summary"],
             snapshot_text(r["before"]), snapshot_text(r["after"])] for r in rows]
    wb = Workbook()
    ws = wb.active
    ws.title = "操作记录"
    write_form(ws, title="操作记录", info_line=f"导出时间：{datetime.now():%Y-%m-%d %H:%M}　共 {len(rows)} 条",
               columns=columns, rows=body, landscape=True)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return len(rows)
