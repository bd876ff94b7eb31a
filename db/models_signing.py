"""Signing tables: the office's signing certificates and the reports signed with them.

`signers` pins each certificate the office has used (the PKCS#12 file with the private key lives
next to the store, encrypted with a passphrase kept in the OS keyring or entered each time);
every pinned certificate stays a trust root so older signed reports still verify. Exactly one
signer is `active`. `signed_reports` records each signed file's SHA-256: a signed report is
frozen. They share `Base` with db.models; schema version 6 added them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Signer(Base):
    """A signing certificate of the office (self-signed or imported)."""

    __tablename__ = "signers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    cert_pem: Mapped[str] = mapped_column(Text)
    p12_path: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)


class SignedReport(Base):
    """A PDF signed by the program: its SHA-256 after signing and who signed it."""

    __tablename__ = "signed_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    signer_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    signed_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(30), default="report")
