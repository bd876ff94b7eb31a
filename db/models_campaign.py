"""Campaign tables (DOMAIN.md §1): the campaign, its phases, milestones, the units' submissions,
its people (leadership group, working groups, units' liaisons) and its taxonomy copy.

A campaign keeps its own copy of a problem taxonomy (categories and manifestations), so an
office can edit it without touching the shipped templates or other campaigns. Its samples are
in models_sampling.py, its case reviews in models_review.py. They share `Base` with db.models;
schema version 4 added them (db/migrations.py); version 11 added milestones, submissions and the
people's group, unit and phone.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base

DEFAULT_GRADE_BANDS = '[["优秀", 90], ["合格", 60]]'
DEFAULT_VETO_ITEMS = '["主体不合法", "执法人员无资格", "证据不充分", "适用法律错误", "程序不合法", "执法人员少于2人"]'


class Campaign(Base):
    """A supervision campaign (专项治理活动 / 集中整治行动) and its scoring settings."""

    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    doc_no: Mapped[str] = mapped_column(String(100), default="")
    issuing_body: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    taxonomy_id: Mapped[str] = mapped_column(String(10), default="")
    taxonomy_name: Mapped[str] = mapped_column(Text, default="")
    taxonomy_source: Mapped[str] = mapped_column(Text, default="")
    hotline: Mapped[str] = mapped_column(Text, default="")
    mailbox: Mapped[str] = mapped_column(Text, default="")
    addressee: Mapped[str] = mapped_column(Text, default="")  # 主送: the 专项整治办 reports go to (v12)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    units_json: Mapped[str] = mapped_column(Text, default="[]")
    grade_bands_json: Mapped[str] = mapped_column(Text, default=DEFAULT_GRADE_BANDS)
    veto_items_json: Mapped[str] = mapped_column(Text, default=DEFAULT_VETO_ITEMS)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")


class CampaignPhase(Base):
    """A phase (自查自纠, 重点抽查 …) with its dates and report deadline."""

    __tablename__ = "campaign_phases"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    date_from: Mapped[date | None] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    report_deadline: Mapped[date | None] = mapped_column(Date)


LEADERSHIP_GROUP = "领导小组"


class CampaignMember(Base):
    """A person of the campaign: in the leadership group (组长 / 常务副组长 / 副组长 / 成员 / 联络员),
    in a working group (综合督查组 …), or a unit's liaison (联络员, with the unit and a phone).
    `title` is the post (职务) printed after the name."""

    __tablename__ = "campaign_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text, default="")
    group_name: Mapped[str] = mapped_column(Text, default=LEADERSHIP_GROUP)
    unit: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(50), default="")


class CampaignMilestone(Base):
    """A dated step of the plan (7月22日前完成领导小组设立 …), within a phase or not."""

    __tablename__ = "campaign_milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_phases.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class CampaignSubmission(Base):
    """What a unit must hand in (自查报告, 问题清单, 整改报告, 统计表 …) by a date, and its receipt:
    when, by whom, the file (kept in the evidence folder by SHA-256) and, for a report of
    problems, how many it reported (0 = 问题零报告)."""

    __tablename__ = "campaign_submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    unit: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    received_by: Mapped[str] = mapped_column(String(100), default="")
    problem_count: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    stored_path: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("campaign_id", "unit", "kind", "due_on", name="uq_campaign_submission"),)


class CampaignCategory(Base):
    """A problem category of the campaign's own taxonomy copy."""

    __tablename__ = "campaign_categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)


class CampaignManifestation(Base):
    """A manifestation (具体表现) listed under a category."""

    __tablename__ = "campaign_manifestations"
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("campaign_categories.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
