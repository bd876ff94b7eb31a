"""Publication lists as published (公示): which decisions a published list shows, and when.

A published list (a 双公示 export or a website's list) is imported as an ImportBatch of kind
`publications` (file, SHA-256, sheet, operator, counts); each of its rows that matched a case
file is a `Publication` — the date the decision was actually published, with the row's title and
link when the list gives them. `PublicationList` records the span of decision dates the list
covers and the last date it shows anything published: a decision made in that span that the
list does not show was not published by then (app/audit/rules_cases.py publication_late).

They share `Base` with db.models; schema version 14 added them (db/migrations.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class PublicationList(Base):
    """One imported published list: the decision dates it covers and its last publication date."""

    __tablename__ = "publication_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), unique=True)
    covers_from: Mapped[date | None] = mapped_column(Date)
    covers_to: Mapped[date | None] = mapped_column(Date)
    last_published_on: Mapped[date | None] = mapped_column(Date)
    # the units whose decisions the list shows (JSON list of unit ids, null for cases with no unit):
    # a list of one bureau's decisions says nothing about another's
    unit_ids_json: Mapped[str] = mapped_column(Text, default="[]")
    matched: Mapped[int] = mapped_column(Integer, default=0)
    unmatched: Mapped[int] = mapped_column(Integer, default=0)


class Publication(Base):
    """A case file's decision as a published list shows it."""

    __tablename__ = "publications"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    published_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    source_row: Mapped[int | None] = mapped_column(Integer)
