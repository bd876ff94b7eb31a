"""The samples drawn for review (DOMAIN.md §3.3): enough to draw each one again.

They share `Base` with db.models; schema version 4 added them with the campaigns (db/migrations.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


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
