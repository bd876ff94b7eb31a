"""What the keyed change log keeps besides its entries (db/changelog.py).

`change_log_rows`: for each entry, the digest of every row it wrote as the row was stored at
that moment ('' for a row it deleted) — so a row edited behind the program's back no longer
matches the newest entry that wrote it. One record per row; an import's batch is one record
(row_id 0) whose `packed` blob holds (row id, digest) for every row and whose `digest` is the
blob's SHA-256. The entry's HMAC covers the digest of its records here. `schema` is the schema
version the record was sealed under (for a batch, every row in its blob): a row is digested over
the columns its table had at that version (db/schema_columns.py), so a later step that adds a
column leaves the old digests verifiable.

`change_log_state`: one row (id 1): the key's fingerprint, the key eras (how and from which entry
each key has chained: a new store, a migration that re-keyed an older chain, a key that was no
longer beside the store), and the log's length and head — all under the key's HMAC, so deleting
the newest entries (or all of them) shows. Schema version 8 added them.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class ChangeLogRow(Base):
    __tablename__ = "change_log_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, index=True)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), default="")
    packed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    schema: Mapped[int] = mapped_column(Integer)  # the version it was sealed under
    __table_args__ = (Index("ix_change_log_rows_row", "table_name", "row_id"),)


class ChangeLogState(Base):
    __tablename__ = "change_log_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    keyed_from: Mapped[int] = mapped_column(Integer)  # the first entry chained with this key
    eras_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"how", "from", "at", "fingerprint", …}]
    entries: Mapped[int] = mapped_column(Integer, default=0)
    head_id: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64), default="")
    mac: Mapped[str] = mapped_column(String(64), default="")


