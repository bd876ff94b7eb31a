"""The office's process registers (schema version 16): whole-process records of a case
(执法全过程记录) and the 三项制度 task table (任务分解推进表) with its progress entries.

They share `Base` with db.models. A record's file is kept content-addressed in the store's
evidence folder (app/rectify/evidence.py), so only its name, SHA-256, place and size live here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class ProcessRecord(Base):
    """One record of a case at one stage (立案 · 调查取证 · 审核 · 决定 · 送达 · 执行): 文字 or 音像."""

    __tablename__ = "process_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_key: Mapped[str] = mapped_column(String(100), index=True)
    case_no: Mapped[str] = mapped_column(String(100))
    stage: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))  # 文字 / 音像
    recorded_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    stored_path: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class PlanTask(Base):
    """A row of the plan's 任务分解推进表 (reference/002 附件2), as the plan writes it, with its
    handling: the 完成时限 as written and as a date (None for 长期执行 / 长期推进), a status."""

    __tablename__ = "plan_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)  # 序号
    main_task: Mapped[str] = mapped_column(Text, default="")  # 主要工作任务
    sub_task: Mapped[str] = mapped_column(Text, default="")  # its second column (健全公示制度 …)
    breakdown: Mapped[str] = mapped_column(Text, default="")  # 任务分解
    requirement: Mapped[str] = mapped_column(Text, default="")  # 工作要求
    units: Mapped[str] = mapped_column(Text, default="")  # 责任单位
    due_text: Mapped[str] = mapped_column(String(50), default="")  # 完成时限, as written
    due_on: Mapped[date | None] = mapped_column(Date)  # its last day; None: a standing task
    status: Mapped[str] = mapped_column(String(10), default="未开始")
    completed_on: Mapped[date | None] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(Text, default="")
    source_sha256: Mapped[str] = mapped_column(String(64), default="")


class PlanTaskProgress(Base):
    """A dated progress note on a task, with its evidence file when one was given."""

    __tablename__ = "plan_task_progress"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_tasks.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(100), default="")
    file_name: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    stored_path: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
