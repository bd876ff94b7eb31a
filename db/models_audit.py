"""The audit's tables: findings, the office's discretion benchmarks, hand-added calendar years.

They share `Base` with db.models, so a new store creates them with the rest and
`records.service.summary` counts findings. Schema version 3 added them (db/migrations.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, row_version_column
from db.money_type import FEN

FINDING_STATUSES = ("open", "confirmed", "dismissed", "resolved")


class Finding(Base):
    """One finding of the reverse-order audit (or of a person's review).

    `fingerprint` is a hash of the code and the canonical refs (the records it names), so a
    re-run finds the same row again: its id and status survive, a dismissal keeps its reason.
    """

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    stage: Mapped[str] = mapped_column(String(20), default="")
    refs_json: Mapped[str] = mapped_column(Text, default="{}")
    expected_json: Mapped[str] = mapped_column(Text, default="null")
    found_json: Mapped[str] = mapped_column(Text, default="null")
    rule: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    case_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    receipt_key: Mapped[str] = mapped_column(String(50), default="", index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    dismiss_reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10), default="audit")
    calendar_fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class DiscretionBenchmark(Base):
    """A row of the office's 裁量基准: a violation (or a legal basis) and its fine range in fen."""

    __tablename__ = "discretion_benchmarks"
    id: Mapped[int] = mapped_column(primary_key=True)
    violation: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    min_fen: Mapped[int] = mapped_column(FEN)
    max_fen: Mapped[int] = mapped_column(FEN)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("violation", "legal_basis", name="uq_benchmark_key"),)


class CalendarYear(Base):
    """A year of holidays and adjusted working weekends typed in by the office (JSON lists of
    ISO dates); it overrides the data shipped in resources/holidays/ for that year."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    holidays_json: Mapped[str] = mapped_column(Text, default="[]")
    workdays_json: Mapped[str] = mapped_column(Text, default="[]")
    source: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")
