"""Case reviews (DOMAIN.md §3.4): one reviewer's (or the consensus') checklist for one case file,
and its items with the answers.

They share `Base` with db.models; schema version 4 added them with the campaigns (db/migrations.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


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
