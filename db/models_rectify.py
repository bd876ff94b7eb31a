"""Rectification tables (DOMAIN.md §4): the problem list, progress, evidence, dispositions.

A problem (问题清单的一行) comes from a confirmed finding or is added by hand; it gets a measure,
a responsible department and person and a deadline (整改台账), progress entries with evidence,
and is closed (销号) only with evidence and an approver (不解决不销号). Evidence files are
copied into the store's evidence folder and recorded by SHA-256; `category_mappings` holds a
campaign's edits of the default finding-code → category map. They share `Base` with db.models;
schema version 5 added them with `settings` (db/migrations.py).

Version 12 added the campaign's own disposition vocabulary (`disposition_terms`), the documents
the office issues with their numbers (`issued_documents`), the typical-case register
(`typical_cases`), the per-unit assessments 一票否优 / 一票否决 (`unit_assessments`) and the
Excel submissions of units that do not run the program (`unit_reports`, `unit_report_counts`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, row_version_column

PROBLEM_STATUSES = ("待整改", "整改中", "已销号")
# selfcheck: a unit's own list; visit: raised on a return visit (回访, app/registers/visits.py)
PROBLEM_SOURCES = ("audit", "review", "manual", "complaint", "onsite", "selfcheck", "visit")


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
    # set when the problem came from a unit's own 问题清单 sent as Excel (自查, version 12)
    unit_report_id: Mapped[int | None] = mapped_column(ForeignKey("unit_reports.id"), index=True)
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


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
    # version 12: who decided (挂牌督办 is the leadership group's decision), the deadline it set,
    # the officer whose certificate it suspended (暂扣执法证件), the document that carried it
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))


class CategoryMapping(Base):
    """A campaign's own choice of category for a finding code (overrides the shipped default)."""

    __tablename__ = "category_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("campaign_id", "code", name="uq_category_mapping"),)


class DispositionTerm(Base):
    """One word of a campaign's disposition vocabulary (约谈, 挂牌督办 …) or a referral target.

    `kind` is 处置 or 移送; `effect` says what recording it does besides itself: `supervise`
    (挂牌督办: a deadline is required and the problem is supervised), `suspend_officer` (the
    officer's roster status becomes 暂扣), or nothing."""

    __tablename__ = "disposition_terms"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    term: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10), default="处置")
    severity: Mapped[str] = mapped_column(String(20), default="")
    effect: Mapped[str] = mapped_column(String(20), default="")
    __table_args__ = (UniqueConstraint("campaign_id", "kind", "term", name="uq_disposition_term"),)


class IssuedDocument(Base):
    """A document the office issued (整改报告, 监督函 …) with the number allocated from its own
    sequence: `prefix`〔`year`〕`serial`号, unique per prefix and year."""

    __tablename__ = "issued_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    prefix: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    doc_no: Mapped[str] = mapped_column(String(140))
    title: Mapped[str] = mapped_column(Text, default="")
    addressee: Mapped[str] = mapped_column(Text, default="")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    unit: Mapped[str] = mapped_column(Text, default="")
    problem_ids_json: Mapped[str] = mapped_column(Text, default="[]")
    issued_on: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    operator: Mapped[str] = mapped_column(String(100), default="")
    __table_args__ = (UniqueConstraint("prefix", "year", "serial", name="uq_issued_document_no"),)


class TypicalCase(Base):
    """An entry of the typical-case register (典型案例): what happened and how it was handled."""

    __tablename__ = "typical_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text, default="")
    case_no: Mapped[str] = mapped_column(String(100), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    handling: Mapped[str] = mapped_column(Text, default="")
    on: Mapped[date | None] = mapped_column(Date)
    operator: Mapped[str] = mapped_column(String(100), default="")


class UnitAssessment(Base):
    """一票否优 / 一票否决: the leadership's assessment of one unit in a campaign."""

    __tablename__ = "unit_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    unit: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    on: Mapped[date | None] = mapped_column(Date)
    operator: Mapped[str] = mapped_column(String(100), default="")


class UnitReport(Base):
    """A unit's own 问题清单 or 统计表 sent as Excel and imported under that unit."""

    __tablename__ = "unit_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    unit: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)


class UnitReportCount(Base):
    """One category column of a unit's 统计表 as the unit filled it in."""

    __tablename__ = "unit_report_counts"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("unit_reports.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(Text)
    found: Mapped[int] = mapped_column(Integer, default=0)
    rectified: Mapped[int] = mapped_column(Integer, default=0)
    people_handled: Mapped[int] = mapped_column(Integer, default=0)
    sanctions: Mapped[int] = mapped_column(Integer, default=0)
    remark: Mapped[str] = mapped_column(Text, default="")
