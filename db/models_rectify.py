"""Rectification tables (DOMAIN.md §4): the problem list, progress, evidence, dispositions.

A problem (问题清单的一行) comes from a confirmed finding or is added by hand; it gets a measure,
a responsible department and person and a deadline (整改台账), progress entries with evidence,
and is closed (销号) only with evidence and an approver (不解决不销号). Evidence files are
copied into the store's evidence folder and recorded by SHA-256; `category_mappings` holds a
campaign's edits of the default finding-code → category map. They share `Base` with db.models;
schema version 5 added them with `settings` (db/migrations.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base

PROBLEM_STATUSES = ("待整改", "整改中", "已销号")
PROBLEM_SOURCES = ("audit", "review", "manual", "complaint", "onsite")


class Problem(Base):
    """A problem on the problem list and its rectification (整改) and close-out (销号)."""

    __tablename__ = "problems"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id"), unique=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    category: Mapped[str] = mapped_column(Text, default="")
    manifestation: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(Text, default="")
    case_no: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(10), default="manual")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    measure: Mapped[str] = mapped_column(Text, default="")
    dept: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    immediate: Mapped[bool] = mapped_column(Boolean, default=False)
    timetable: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="待整改", index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    approver: Mapped[str] = mapped_column(String(100), default="")
    close_evidence_sha256: Mapped[str] = mapped_column(String(64), default="")


class ProgressEntry(Base):
    """A dated progress note (整改进展) on a problem."""

    __tablename__ = "progress_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(100), default="")


class EvidenceFile(Base):
    """A file kept as evidence: copied into the store's evidence folder, named by its SHA-256.

    `progress_id` is set for evidence of a progress entry and None for close-out evidence.
    """

    __tablename__ = "evidence_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    progress_id: Mapped[int | None] = mapped_column(ForeignKey("progress_entries.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    stored_path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class Disposition(Base):
    """A disposition (分类处置) of a problem: 约谈, 挂牌督办 … and any referral (移送)."""

    __tablename__ = "dispositions"
    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    referral: Mapped[str] = mapped_column(String(20), default="")
    people_handled: Mapped[int] = mapped_column(Integer, default=0)
    sanctions: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    on: Mapped[date | None] = mapped_column(Date)
    operator: Mapped[str] = mapped_column(String(100), default="")


class CategoryMapping(Base):
    """A campaign's own choice of category for a finding code (overrides the shipped default)."""

    __tablename__ = "category_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("campaign_id", "code", name="uq_category_mapping"),)
