"""Two desks editing the same record: the second save is refused, naming who changed it and when.

Every record a person edits in a form carries `row_version` (schema step 20, db/models.py), the
models' `version_id_col`: each ORM update adds 1 to it. A form remembers the version it loaded
and hands it to the save; the save compares it with the stored one inside its write transaction
(`check_version`) and, when another desk has saved in between, raises `StaleRecordError` before
writing anything. Its message names the operator and the time of the change log's last entry for
that row, so the clerk knows whom to ask; the form then offers to reload the record.

The ORM's own check (UPDATE … WHERE row_version = the one read) backs this up on an engine where
another transaction may commit between the read and the flush (PostgreSQL): `refuse_stale` turns
SQLAlchemy's StaleDataError into the same refusal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import StoreError
from app.store import Store
from db.models import ChangeLogEntry

__all__ = ["LastChange", "StaleBatchError", "StaleRecordError", "check_version", "last_change", "refuse_stale", "version_of"]

UNNAMED = "另一位用户（未署名）"


@dataclass(frozen=True)
class LastChange:
    """Who wrote a row last and when, from the change log (None/'' when it holds no entry)."""

    operator: str
    at: datetime | None

    @property
    def who(self) -> str:
        return self.operator.strip() or UNNAMED

    @property
    def when(self) -> str:
        return self.at.strftime("%Y-%m-%d %H:%M:%S") if self.at is not None else "刚才"


class StaleRecordError(StoreError):
    """A save against a version of the record older than the stored one; nothing was written."""

    def __init__(self, what: str, table: str, record_id: int, expected: int | None, current: int | None,
                 change: LastChange) -> None:
        self.what, self.table, self.record_id = what, table, record_id
        self.expected, self.current, self.change = expected, current, change
        super().__init__(
            f"这条{what}记录（编号 {record_id}）已被 {change.who} 于 {change.when} 修改，"
            f"与本窗口载入时的内容不同，本次修改未保存。"
            "请「重新载入」查看最新内容后再改，或「取消」。")


class StaleBatchError(StoreError):
    """One of several records written together was changed by another desk meanwhile (the ORM's
    version check failed at flush, PostgreSQL's race); nothing was written."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"要修改的{what}记录中，有记录刚被另一位用户修改，本次修改未保存。"
                         "请「重新载入」查看最新内容后再试。")


def last_change(s: Session, table: str, record_id: int) -> LastChange:
    """The change log's last entry for one row: its operator and time."""
    row = s.execute(select(ChangeLogEntry.operator, ChangeLogEntry.at)
                    .where(ChangeLogEntry.table_name == table, ChangeLogEntry.record_id == record_id)
                    .order_by(ChangeLogEntry.id.desc()).limit(1)).first()
    if row is None:
        return LastChange("", None)
    return LastChange(str(row[0] or ""), row[1])


def version_of(obj: object) -> int:
    """The stored version of a loaded record (1 for a row no form has saved yet)."""
    return int(getattr(obj, "row_version", None) or 1)


def check_version(s: Session, obj: object, expected: int | None, what: str) -> None:
    """Refuse the save when the form loaded another version than the one stored now.
    `expected` None: the caller did not load the record through a form (a command, a batch)."""
    if expected is None:
        return
    current = version_of(obj)
    if current != int(expected):
        table = str(getattr(obj, "__tablename__", ""))
        record_id = int(getattr(obj, "id", 0) or 0)
        raise StaleRecordError(what, table, record_id, int(expected), current, last_change(s, table, record_id))


@contextmanager
def refuse_stale(store: Store, what: str, table: str, record_id: int | None) -> Iterator[None]:
    """Turn the ORM's version check failing at flush or commit (another transaction committed
    the same row meanwhile) into StaleRecordError, read after the failed transaction."""
    try:
        yield
    except StaleDataError:
        if record_id is None:  # several records in one write: the ORM does not say which one
            raise StaleBatchError(what) from None
        with store.session() as s:
            change = last_change(s, table, int(record_id))
        raise StaleRecordError(what, table, int(record_id), None, None, change) from None
