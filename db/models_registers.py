"""The office's own registers beside the audit: complaints (投诉举报), return visits (回访) and
questionnaires (问卷调查). They share `Base` with db.models; schema version 15 added them
(db/migrations.py).

A complaint keeps the deadlines it was given at intake (reply_due, result_due: the office's
settings on that day), so a later change of the settings does not move a deadline already set.
Files kept with a reply or a result are content-addressed in the evidence folder, as the
rectification's evidence is (app/rectify/evidence.py). A return visit belongs to the draw that
put its party in the sample; a questionnaire's questions are data (questions_json), and each
imported response one row with its answers as JSON.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, row_version_column

COMPLAINT_CHANNELS = ("电话", "信件", "邮箱", "来访", "网络平台", "12345转办")
COMPLAINT_TRIAGES = ("受理", "不予受理", "转办", "并入问题")
VISIT_WAYS = ("电话", "上门", "书面")
SATISFACTION = ("满意", "基本满意", "不满意")


class Complaint(Base):
    """One complaint or report (投诉举报) and its handling."""

    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    complainant: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text, default="")
    reply_due: Mapped[date] = mapped_column(Date)
    result_due: Mapped[date] = mapped_column(Date)
    triage: Mapped[str] = mapped_column(String(10), default="")  # '' until triaged; else COMPLAINT_TRIAGES
    triaged_on: Mapped[date | None] = mapped_column(Date)
    triage_reason: Mapped[str] = mapped_column(Text, default="")  # 不予受理's reason
    referred_to: Mapped[str] = mapped_column(Text, default="")  # 转办: to whom
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id"))  # 并入问题
    replied_on: Mapped[date | None] = mapped_column(Date)
    reply_text: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    result_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class ComplaintFile(Base):
    """A file kept with a complaint's reply or result (`stage`: 'reply' or 'result')."""

    __tablename__ = "complaint_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class VisitDraw(Base):
    """One draw of parties to visit: enough to draw it again (seed, options, population hash)."""

    __tablename__ = "visit_draws"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    seed: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    options_json: Mapped[str] = mapped_column(Text, default="{}")
    population: Mapped[int] = mapped_column(Integer)
    population_sha256: Mapped[str] = mapped_column(String(64))
    case_keys_json: Mapped[str] = mapped_column(Text, default="[]")
    drawn_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")


class Visit(Base):
    """A party drawn for a return visit, and once visited what the visit found."""

    __tablename__ = "visits"
    __table_args__ = (UniqueConstraint("draw_id", "case_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("visit_draws.id", ondelete="CASCADE"), index=True)
    case_key: Mapped[str] = mapped_column(String(100), index=True)
    case_no: Mapped[str] = mapped_column(String(100), default="")
    party: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(Text, default="")
    visited_on: Mapped[date | None] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(10), default="")
    visitor: Mapped[str] = mapped_column(Text, default="")
    statement: Mapped[str] = mapped_column(Text, default="")  # what the party said
    satisfaction: Mapped[str] = mapped_column(String(10), default="")
    problem_ids_json: Mapped[str] = mapped_column(Text, default="[]")  # problems raised (source 'visit')
    operator: Mapped[str] = mapped_column(String(100), default="")
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class Survey(Base):
    """A questionnaire: its title, audience and questions (single, multiple, free text)."""

    __tablename__ = "surveys"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    title: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(20))
    intro: Mapped[str] = mapped_column(Text, default="")
    questions_json: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")


class SurveyImport(Base):
    """One filled sheet imported: the same file (by SHA-256) twice adds nothing."""

    __tablename__ = "survey_imports"
    __table_args__ = (UniqueConstraint("survey_id", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[str] = mapped_column(Text, default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")


class SurveyResponse(Base):
    """One filled questionnaire (one row of an imported sheet)."""

    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("survey_imports.id", ondelete="CASCADE"), index=True)
    row: Mapped[int] = mapped_column(Integer, default=0)  # its Excel row in the imported sheet
    unit: Mapped[str] = mapped_column(Text, default="")
    respondent: Mapped[str] = mapped_column(Text, default="")
    answers_json: Mapped[str] = mapped_column(Text, default="[]")  # per question: str, list[str] or ''
