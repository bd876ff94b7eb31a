"""The change log's head, for a window that shows other desks' changes within a few seconds.

Every write is logged (db/changelog.py), so the log's newest id tells whether anything changed:
`head(store)` is one primary-key look-up, cheap enough to ask every few seconds. When it moved,
`changes_after(store, seen)` names the tables the new entries wrote — leaving out the entries
written through this same open store (the window's own writes, already announced to its pages).

Those are known exactly: a listener on the log's inserts keeps each new entry's id with its
session and, once the session commits, files it under the session's engine (`written_here`);
a rolled back entry is dropped (SQLite may give its id to the next desk's entry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.orm import Mapper, Session, object_session

from app.store import Store
from db.models import ChangeLogEntry

__all__ = ["Changes", "changes_after", "head", "written_here"]

_PENDING = "caseaudit_log_ids"
_written: WeakKeyDictionary[Engine, set[int]] = WeakKeyDictionary()
MAX_ENTRIES = 10_000  # one poll after a long absence reads at most this many entries' tables


def written_here(store: Store) -> frozenset[int]:
    """The ids of the change-log entries written and committed through this open store."""
    return frozenset(_written.get(store.engine, ()))


@event.listens_for(ChangeLogEntry, "after_insert")
def _remember(_mapper: Mapper[ChangeLogEntry], _conn: Connection, entry: ChangeLogEntry) -> None:
    s = object_session(entry)
    if s is not None and entry.id is not None:
        s.info.setdefault(_PENDING, set()).add(int(entry.id))


@event.listens_for(Session, "after_commit")
def _committed(s: Session) -> None:
    ids = s.info.pop(_PENDING, None)
    bind = s.bind
    if ids and isinstance(bind, Engine):
        _written.setdefault(bind, set()).update(ids)


@event.listens_for(Session, "after_rollback")
def _rolled_back(s: Session) -> None:
    s.info.pop(_PENDING, None)


@dataclass(frozen=True)
class Changes:
    """What the log holds after `seen`: its new head and the tables other desks wrote."""

    head: int
    tables: frozenset[str] = field(default_factory=frozenset)


def head(store: Store) -> int:
    """The newest entry's id (0 for an empty log)."""
    with store.session() as s:
        return int(s.scalar(select(func.max(ChangeLogEntry.id))) or 0)


def changes_after(store: Store, seen: int) -> Changes:
    """The tables written by entries newer than `seen` that did not come through this store."""
    mine = _written.get(store.engine, set())
    with store.session() as s:
        rows = s.execute(select(ChangeLogEntry.id, ChangeLogEntry.table_name)
                         .where(ChangeLogEntry.id > seen).order_by(ChangeLogEntry.id).limit(MAX_ENTRIES)).all()
        newest = int(s.scalar(select(func.max(ChangeLogEntry.id))) or 0)
    tables = frozenset(str(t) for i, t in rows if int(i) not in mine)
    if len(rows) == MAX_ENTRIES:  # more than one poll's worth: say everything may have changed
        tables = tables | {"*"}
    return Changes(max(newest, seen), tables)
