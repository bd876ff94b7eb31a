"""Storing findings inside the caller's transaction: a run's findings upserted by fingerprint in
bulk (`save_findings`), and one finding made elsewhere (`add_finding`: a review's problem). Both
build the stored row with `new_finding`, so a finding is fingerprinted and written one way.

- a finding seen before keeps its id, status and dismissal reason; its text is refreshed;
- a 'resolved' finding that comes back is 'open' again (a dismissed one stays dismissed);
- an audit finding no longer produced becomes 'resolved' (dismissed ones are left as they are).

A run writes tens of thousands of findings, so `save_findings` goes to the driver with plain
tuples (one executemany per kind of write): SQLAlchemy's per-row parameter handling costs more
than the writes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from app.audit.codes import CODES, rule_of, stage_of
from app.audit.model import Draft, json_encoder
from db.models import table_of
from db.models_audit import Finding

FINDINGS = table_of(Finding)


def _default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


_ENCODE = json_encoder((", ", ": "), _default)  # json.dumps(…, ensure_ascii=False, sort_keys=True), built once


def dumps(value: Any) -> str:
    return _ENCODE(value)


@dataclass
class Persisted:
    ids: list[int]  # the drafts' finding ids, in draft order
    statuses: list[str]
    new: int
    reopened: int
    resolved: int


def _row(d: Draft, now: datetime, stage: str | None = None, rule: str | None = None) -> dict[str, Any]:
    """The columns a run refreshes on a finding it sees again."""
    return {"code": d.code, "stage": stage or stage_of(d.code), "refs_json": dumps(d.refs),
            "expected_json": dumps(d.expected), "found_json": dumps(d.found), "rule": rule or d.rule or rule_of(d.code),
            "message": d.message, "unit_id": d.unit_id, "case_key": d.case_key, "receipt_key": d.receipt_key,
            "calendar_fallback": d.calendar_fallback, "last_seen": now}


def new_finding(d: Draft, now: datetime, *, source: str = "audit", stage: str | None = None,
                rule: str | None = None) -> dict[str, Any]:
    """The row of a finding stored for the first time: open, fingerprinted by code and refs.
    `stage` and `rule` default to the code's (app/audit/codes.py)."""
    return {**_row(d, now, stage, rule), "fingerprint": d.fingerprint, "status": "open", "dismiss_reason": "",
            "source": source, "first_seen": now}


def add_finding(s: Session, d: Draft, now: datetime, *, source: str, stage: str | None = None,
                rule: str | None = None) -> int:
    """Insert one new finding; returns its id."""
    row = new_finding(d, now, source=source, stage=stage, rule=rule)
    key = s.connection().execute(insert(FINDINGS).values(**row)).inserted_primary_key
    assert key is not None  # an INSERT always has one
    return int(key[0])


# The columns a run writes, in the order of the tuples below; an insert adds _NEW.
_REFRESHED = ("code", "stage", "refs_json", "expected_json", "found_json", "rule", "message", "unit_id",
              "case_key", "receipt_key", "calendar_fallback", "last_seen", "status")
_NEW = ("fingerprint", "dismiss_reason", "source", "first_seen")


class _Driver:
    """Plain SQL with `?` placeholders run on the DB-API cursor, values converted as the
    column types would (DateTime → text and Boolean → 0/1 on SQLite; untouched elsewhere)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        dialect = conn.dialect
        self.marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self.when = FINDINGS.c.last_seen.type.dialect_impl(dialect).bind_processor(dialect)
        self.flag = FINDINGS.c.calendar_fallback.type.dialect_impl(dialect).bind_processor(dialect)

    def sql(self, text: str) -> str:
        return text.replace("?", self.marker)

    def many(self, text: str, params: list[tuple[Any, ...]]) -> None:
        if params:
            self.conn.exec_driver_sql(self.sql(text), params)

    def rows(self, text: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return list(self.conn.exec_driver_sql(self.sql(text), params).all())


CHUNK = 20_000  # findings per executemany: the rows' text is built and written a chunk at a time


def save_findings(s: Session, drafts: list[Draft], now: datetime) -> Persisted:
    db = _Driver(s.connection())
    when = db.when(now) if db.when else now
    flags = {v: (db.flag(v) if db.flag else v) for v in (False, True)}
    existing = {fp: (fid, status) for fid, fp, status in db.rows(
        "SELECT id, fingerprint, status FROM findings WHERE source = 'audit'")}
    last_id = db.rows("SELECT COALESCE(MAX(id), 0) FROM findings")[0][0]
    update_sql = f"UPDATE findings SET {', '.join(f'{c} = ?' for c in _REFRESHED)} WHERE id = ?"
    columns = (*_REFRESHED, *_NEW)
    insert_sql = f"INSERT INTO findings ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    ids: list[int | None] = []
    statuses: list[str] = []
    new = reopened = 0
    enc, codes, get = _ENCODE, CODES, existing.get
    for start in range(0, len(drafts), CHUNK):
        inserts, updates = [], []
        for d in drafts[start:start + CHUNK]:  # the columns of _REFRESHED, then _NEW or the id
            fp = d.fingerprint
            seen = get(fp)
            stage, _, general = codes[d.code]
            rule = d.rule or general  # the article of the text in force on the finding's date, as the run says
            flag = flags[bool(d.calendar_fallback)]
            refreshed = (d.code, stage, enc(d.refs), enc(d.expected), enc(d.found), rule, d.message, d.unit_id,
                         d.case_key, d.receipt_key, flag, when)  # _REFRESHED but for the status
            if seen is None:
                inserts.append((*refreshed, "open", fp, "", "audit", when))
                ids.append(None)
                statuses.append("open")
                continue
            fid, status = seen
            if status == "resolved":
                status, reopened = "open", reopened + 1
            updates.append((*refreshed, status, fid))
            ids.append(fid)
            statuses.append(status)
        db.many(update_sql, updates)
        db.many(insert_sql, inserts)
        new += len(inserts)
    seen_now = {d.fingerprint for d in drafts}
    gone = [(fid,) for fp, (fid, status) in existing.items()
            if fp not in seen_now and status in ("open", "confirmed")]
    db.many("UPDATE findings SET status = 'resolved' WHERE id = ?", gone)
    if new:
        fresh = iter(_new_ids(db, drafts, ids, last_id, new))
        ids = [next(fresh) if fid is None else fid for fid in ids]
    found = [i for i in ids if i is not None]
    if len(found) != len(drafts):
        raise RuntimeError("a finding just inserted was not found again by its fingerprint")
    return Persisted(ids=found, statuses=statuses, new=new, reopened=reopened, resolved=len(gone))


def _new_ids(db: _Driver, drafts: list[Draft], ids: list[int | None], last_id: int, new: int) -> list[int]:
    """The ids of the `new` rows just inserted, in the order they were inserted: only they are
    above the highest id before this run. Each insert takes a higher id than the one before it (a
    rowid, a sequence), so when the ids above `last_id` are exactly `new` consecutive numbers they
    are the inserts' in order; otherwise (another desk's rows among them) each is looked up by
    its fingerprint."""
    low, high, count = db.rows("SELECT MIN(id), MAX(id), COUNT(*) FROM findings WHERE id > ?", (last_id,))[0]
    if count == new and high - low + 1 == new:
        return list(range(low, high + 1))
    by_fp = {fp: fid for fid, fp in db.rows(
        "SELECT id, fingerprint FROM findings WHERE id > ? AND source = 'audit'", (last_id,))}
    return [by_fp[d.fingerprint] for d, fid in zip(drafts, ids, strict=True) if fid is None]
