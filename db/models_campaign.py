"""Campaign, sampling and case-review tables (DOMAIN.md §1, §3.3, §3.4).

A campaign keeps its own copy of a problem taxonomy (categories and manifestations), so an
office can edit it without touching the shipped templates or other campaigns. Samples record
everything needed to draw them again. A review is one reviewer's (or the consensus') checklist
for one case file. They share `Base` with db.models; schema version 4 added them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
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


class CampaignMember(Base):
    """A member of the leadership group (组长 / 副组长 / 成员 / 联络员)."""

    __tablename__ = "campaign_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text, default="")


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


class SampleDraw(Base):
    """One drawn sample: enough to draw it again from the same population and seed."""

    __tablename__ = "samples"
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


class Review(Base):
    """One reviewer's checklist for one case file, or the consensus of a blind pair.

    `blind` marks a case reviewed back to back (背靠背): a submitted blind review is not final;
    the consensus (`kind='consensus'`) is.
    """

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    case_key: Mapped[str] = mapped_column(String(100), index=True)
    reviewer: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10), default="single")
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    score: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(10), default="")
    vetoed: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)


class ReviewItem(Base):
    """A checklist item and the reviewer's answer (''=not yet, ok, problem, na)."""

    __tablename__ = "review_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    item_no: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="taxonomy")
    finding_id: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40), default="")
    veto: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    deduct: Mapped[int] = mapped_column(Integer, default=0)
    evidence_json: Mapped[str] = mapped_column(Text, default="[]")


CAMPAIGN_TABLES = [t.__table__ for t in (Campaign, CampaignPhase, CampaignMember, CampaignCategory,
                                         CampaignManifestation, SampleDraw, Review, ReviewItem)]
