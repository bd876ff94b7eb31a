"""The append-only change log, chained by SHA-256.

Each entry's hash covers the previous entry's hash and the entry's canonical content (sorted
JSON of its fields), so editing, deleting or reordering an entry breaks the chain from there on.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ChangeLogEntry


def _default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def to_json(data: dict[str, Any] | None) -> str | None:
    """Canonical JSON for a record snapshot (sorted keys, no ASCII escaping)."""
    if data is None:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=_default)


def entry_hash(prev_hash: str, at: datetime, operator: str, action: str, table_name: str,
               record_id: int | None, before_json: str | None, after_json: str | None) -> str:
    content = json.dumps(
        [prev_hash, at.isoformat(), operator, action, table_name, record_id, before_json, after_json],
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def head_hash(session: Session) -> str:
    """The hash of the newest entry, or '' for an empty log."""
    return session.scalar(select(ChangeLogEntry.hash).order_by(ChangeLogEntry.id.desc()).limit(1)) or ""


def append(session: Session, *, operator: str, action: str, table_name: str, record_id: int | None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           at: datetime | None = None) -> ChangeLogEntry:
    """Add one entry at the head of the chain (inside the caller's transaction)."""
    at = at or datetime.now().replace(microsecond=0)
    prev = head_hash(session)
    before_json, after_json = to_json(before), to_json(after)
    entry = ChangeLogEntry(
        at=at, operator=operator, action=action, table_name=table_name, record_id=record_id,
        before_json=before_json, after_json=after_json, prev_hash=prev,
        hash=entry_hash(prev, at, operator, action, table_name, record_id, before_json, after_json),
    )
    session.add(entry)
    session.flush()
    return entry


def first_bad_entry(session: Session) -> int | None:
    """The id of the first entry whose hash or link does not hold, or None when all hold."""
    prev = ""
    for e in session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)):
        expected = entry_hash(prev, e.at, e.operator, e.action, e.table_name, e.record_id,
                              e.before_json, e.after_json)
        if e.prev_hash != prev or e.hash != expected:
            return e.id
        prev = e.hash
    return None
