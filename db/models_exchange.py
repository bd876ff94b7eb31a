"""Exchange tables: the office's package key and exports; the bureau's received offices and packages.

Office side: `office_keys` holds the public half of the Ed25519 key that signs export packages
(the private key lives encrypted next to the store, in `signer/package_ed25519.pem`), and
`exported_packages` records every package sent: its per-office sequence number, the SHA-256 of
its manifest (the next package names it as `previous_package_sha256`) and the change log's head
(with the head entry's id): heads the office has sent, which `log verify` and the next export
require to be still in the chain.

Bureau side: `received_offices` pins each sending office's key fingerprint at its first import
and remembers the last sequence and every change-log head it was given (checkpoints the office
cannot rewrite unseen); `received_packages` keeps each imported package's manifest hash and its
data.json; `received_office_keys` is the history of keys pinned or accepted by a person.
They share `Base` with db.models; schema version 7 added them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class OfficeKey(Base):
    """The office's package-signing key (public half; the private key is in `key_path`)."""

    __tablename__ = "office_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[str] = mapped_column(String(100))  # raw 32 bytes, base64
    key_path: Mapped[str] = mapped_column(Text)  # relative to the store's folder
    created_at: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)


class ExportedPackage(Base):
    """One package this office exported."""

    __tablename__ = "exported_packages"
    id: Mapped[int] = mapped_column(primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    package_sha256: Mapped[str] = mapped_column(String(64))
    manifest_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    previous_manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    changelog_head: Mapped[str] = mapped_column(String(64), default="")
    changelog_head_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # version 8; the head's entry
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    masked: Mapped[bool] = mapped_column(Boolean, default=True)
    report_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")


class ReceivedOffice(Base):
    """A sending office as the bureau knows it: its pinned key and where its sequence stands."""

    __tablename__ = "received_offices"
    office_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    pinned_fingerprint: Mapped[str] = mapped_column(String(64))
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    heads_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"sequence", "head", "received_at"}]
    first_imported_at: Mapped[datetime] = mapped_column(DateTime)


class ReceivedOfficeKey(Base):
    """A key pinned for an office: at its first import, or accepted later by a person."""

    __tablename__ = "received_office_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("received_offices.office_id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    how: Mapped[str] = mapped_column(String(20))  # "first_import" | "accepted"
    at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")


class ReceivedPackage(Base):
    """One imported package: who sent it, its place in the sequence, and its verified data."""

    __tablename__ = "received_packages"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("received_offices.office_id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    manifest_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    package_sha256: Mapped[str] = mapped_column(String(64))
    previous_manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    changelog_head: Mapped[str] = mapped_column(String(64), default="")
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40), default="")  # as the manifest says
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")
    stored_path: Mapped[str] = mapped_column(Text)  # the zip, relative to the store's folder
    data_json: Mapped[str] = mapped_column(Text)
    # version 21: the package's figures (app/exchange/figures.py), NULL for one imported before
    figures_json: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)
    __table_args__ = (UniqueConstraint("office_id", "sequence", name="uq_received_office_sequence"),)
