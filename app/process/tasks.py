"""The 三项制度 task table (任务分解推进表, reference/002 附件2) as a register: each task with its
责任单位 and 完成时限 (a date, or 长期执行 / 长期推进), status, dated progress notes with evidence;
overdue tasks (past their date and not 已完成) are warned.

    import_tasks · list_tasks · update_task · add_progress · overdue_tasks · export_tasks (task_sheet.py)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.campaigns.service import to_date
from app.errors import UserError
from app.process.task_terms import DONE_STATUS, IN_PROGRESS, NOT_STARTED, STATUSES
from app.rectify import evidence as ev
from app.store import Store
from db import changelog
from db.models_process import PlanTask, PlanTaskProgress


@dataclass(frozen=True)
class TaskRow:
    """A task as the sheet gives it (task_sheet.read_task_sheet)."""

    seq: int
    main_task: str
    sub_task: str
    breakdown: str
    requirement: str
    units: str
    due_text: str
    due_on: date | None
    status: str = NOT_STARTED
    completed_on: date | None = None
    notes: tuple[tuple[date, str], ...] = ()


def _progress(s: Session, task_id: int) -> list[dict[str, Any]]:
    rows = s.scalars(select(PlanTaskProgress).where(PlanTaskProgress.task_id == task_id)
                     .order_by(PlanTaskProgress.on, PlanTaskProgress.id))
    return [{"id": p.id, "on": p.on, "note": p.note, "operator": p.operator, "file_name": p.file_name,
             "sha256": p.sha256} for p in rows]


def task_dict(s: Session, t: PlanTask, as_of: date) -> dict[str, Any]:
    overdue = t.due_on is not None and t.due_on < as_of and t.status != DONE_STATUS
    return {"id": t.id, "seq": t.seq, "main_task": t.main_task, "sub_task": t.sub_task, "breakdown": t.breakdown,
            "requirement": t.requirement, "units": t.units, "due_text": t.due_text, "due_on": t.due_on,
            "status": t.status, "completed_on": t.completed_on, "overdue": overdue,
            "days_overdue": (as_of - t.due_on).days if overdue and t.due_on else 0, "progress": _progress(s, t.id)}


def import_tasks(store: Store, rows: list[TaskRow], *, file: Path | None = None, replace: bool = False,
                 operator: str = "") -> int:
    """Store the sheet's tasks, all or nothing. Refused when the store already holds tasks,
    unless `replace` (then the old tasks and their progress go, each deletion logged)."""
    actor = check(store, "process.enter")
    operator = actor.name if actor else operator
    digest = hashlib.sha256(file.read_bytes()).hexdigest() if file is not None else ""
    with store.writing() as s:
        old = list(s.scalars(select(PlanTask).order_by(PlanTask.seq)))
        if old and not replace:
            raise UserError(f"库中已有任务分解推进表（{len(old)} 项任务），未导入；要以新表替换请加 --replace。")
        for t in old:
            s.execute(delete(PlanTaskProgress).where(PlanTaskProgress.task_id == t.id))
            s.delete(t)
            s.flush()
            changelog.append(s, operator=operator, action="delete", table_name="plan_tasks", record_id=t.id,
                             before={"seq": t.seq, "breakdown": t.breakdown})
        for r in rows:
            t = PlanTask(seq=r.seq, main_task=r.main_task, sub_task=r.sub_task, breakdown=r.breakdown,
                         requirement=r.requirement, units=r.units, due_text=r.due_text, due_on=r.due_on,
                         status=r.status, completed_on=r.completed_on,
                         source_file=file.name if file is not None else "", source_sha256=digest)
            s.add(t)
            s.flush()
            for on, note in r.notes:
                s.add(PlanTaskProgress(task_id=t.id, on=on, note=note, operator=operator))
            s.flush()
            changelog.append(s, operator=operator, action="create", table_name="plan_tasks", record_id=t.id,
                             after={"seq": t.seq, "breakdown": t.breakdown, "units": t.units, "due_text": t.due_text,
                                    "status": t.status, "notes": len(r.notes)})
    return len(rows)


def list_tasks(store: Store, *, as_of: date | None = None, overdue: bool = False) -> list[dict[str, Any]]:
    as_of = as_of or date.today()
    with store.session() as s:
        out = [task_dict(s, t, as_of) for t in s.scalars(select(PlanTask).order_by(PlanTask.seq))]
    return [t for t in out if t["overdue"]] if overdue else out


def overdue_tasks(store: Store, as_of: date | None = None) -> list[dict[str, Any]]:
    return list_tasks(store, as_of=as_of, overdue=True)


def _task(s: Session, seq: int) -> PlanTask:
    t = s.scalars(select(PlanTask).where(PlanTask.seq == seq)).first()
    if t is None:
        raise UserError(f"任务分解推进表中没有序号 {seq} 的任务。")
    return t


def update_task(store: Store, seq: int, *, status: str, completed_on: object = None,
                operator: str = "") -> dict[str, Any]:
    """Set a task's status; 已完成 needs its completion date (default today)."""
    if status not in STATUSES:
        raise UserError(f"任务状态「{status}」应为 {' / '.join(STATUSES)}。")
    done = to_date(completed_on, "完成日期")
    if status == DONE_STATUS:
        done = done or date.today()
        if done > date.today():
            raise UserError(f"完成日期 {done} 晚于今天，未登记。")
    elif done is not None:
        raise UserError(f"只有「{DONE_STATUS}」的任务才有完成日期。")
    actor = check(store, "process.enter")
    operator = actor.name if actor else operator
    with store.writing() as s:
        t = _task(s, seq)
        before = {"status": t.status, "completed_on": t.completed_on}
        t.status, t.completed_on = status, done
        s.flush()
        changelog.append(s, operator=operator, action="update", table_name="plan_tasks", record_id=t.id,
                         before=before, after={"status": status, "completed_on": done})
        return task_dict(s, t, date.today())


def add_progress(store: Store, seq: int, *, on: object, note: str, evidence: Path | str | None = None,
                 operator: str = "") -> dict[str, Any]:
    """A dated progress note (and its evidence file); a 未开始 task becomes 推进中."""
    when = to_date(on, "进展日期") or date.today()
    note = (note or "").strip()
    if not note:
        raise UserError("请写明推进情况（--note）。")
    if when > date.today():
        raise UserError(f"进展日期 {when} 晚于今天，未登记。")
    actor = check(store, "process.enter")
    operator = actor.name if actor else operator
    source = ev.check_readable(evidence) if evidence is not None else None
    kept: list[ev.StoredFile] = []
    try:
        with store.writing() as s:
            t = _task(s, seq)
            p = PlanTaskProgress(task_id=t.id, on=when, note=note, operator=operator)
            if source is not None:
                f = ev.keep(store, source)
                kept.append(f)
                p.file_name, p.sha256, p.stored_path, p.size = f.file_name, f.sha256, f.stored_path, f.size
            s.add(p)
            if t.status == NOT_STARTED:
                t.status = IN_PROGRESS
            s.flush()
            changelog.append(s, operator=operator, action="create", table_name="plan_task_progress", record_id=p.id,
                             after={"task_seq": seq, "on": when, "note": note, "sha256": p.sha256})
            return task_dict(s, t, date.today())
    except BaseException:
        ev.discard(store, kept)
        raise
