"""Evidence files' bytes in the database, for a store on a server (schema version 22).

On a SQLite store the evidence files sit beside the store file (app/rectify/evidence.py) and
this table stays empty. On a PostgreSQL store each desk has its own local side folder, so a file
attached at one desk would be missing at every other: `keep()` also writes its bytes here, keyed
by the SHA-256 the evidence rows already record, and a desk that lacks its local copy fetches it
from here (and checks the hash) before opening it. Content-addressed, so one row serves every
record that names the same file; a row is never changed once written.

It shares `Base` with db.models.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class EvidenceBlob(Base):
    """One evidence file's content, named by its SHA-256 (lower-case hex)."""

    __tablename__ = "evidence_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)
