"""Storing findings inside the caller's transaction: a run's findings upserted by fingerprint in
bulk (`save_findings`), and one finding made elsewhere (`add_finding`: a review's problem). Both
build the stored row with `new_finding`, so a finding is fingerprinted and written one way.

- a finding seen before keeps its id, status and dismissal reason; its text is refreshed;
- a 'resolved' finding that comes back is 'open' again (a dismissed one stays dismissed);
- an audit finding no longer produced becomes 'resolved' (dismissed ones are left as they are).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.audit.codes import rule_of, stage_of
from app.audit.model import Draft
from db.models import table_of
from db.models_audit import Finding

FINDINGS = table_of(Finding)


def _default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)


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


_UPDATED = ("stage", "refs_json", "expected_json", "found_json", "rule", "message", "unit_id", "case_key",
            "receipt_key", "calendar_fallback", "last_seen", "status")


def _update_many(s: Session, updates: list[dict[str, Any]]) -> None:
    """One executemany on the driver: SQLAlchemy's per-row parameter handling costs more than
    the UPDATE itself on tens of thousands of findings."""
    conn = s.connection()
    column_type = FINDINGS.c.last_seen.type
    to_db = column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)  # DateTime → stored text
    sql = (f"UPDATE findings SET {', '.join(f'{c} = ?' for c in _UPDATED)} WHERE id = ?")
    params = []
    for u in updates:
        values = [u[c] for c in _UPDATED]
        values[_UPDATED.index("last_seen")] = to_db(u["last_seen"]) if to_db else u["last_seen"]
        values[_UPDATED.index("calendar_fallback")] = int(bool(u["calendar_fallback"]))
        params.append((*values, u["b_id"]))
    conn.exec_driver_sql(sql, params)


def save_findings(s: Session, drafts: list[Draft], now: datetime) -> Persisted:
    existing = {fp: (fid, status) for fid, fp, status in s.execute(
        select(Finding.id, Finding.fingerprint, Finding.status).where(Finding.source == "audit"))}
    fingerprints = [d.fingerprint for d in drafts]
    inserts, updates = [], []
    reopened = 0
    for d, fp in zip(drafts, fingerprints, strict=True):
        if fp in existing:
            fid, status = existing[fp]
            if status == "resolved":
                status, reopened = "open", reopened + 1
            updates.append({**_row(d, now), "b_id": fid, "status": status})
        else:
            inserts.append(new_finding(d, now))
    if updates:
        _update_many(s, updates)
    if inserts:
        s.connection().execute(insert(FINDINGS), inserts)
    seen = set(fingerprints)
    gone = [fid for fp, (fid, status) in existing.items()
            if fp not in seen and status in ("open", "confirmed")]
    if gone:
        stmt = update(FINDINGS).where(FINDINGS.c.id == bindparam("b_id")).values(
            status="resolved")
        s.connection().execute(stmt, [{"b_id": fid} for fid in gone])
    now_ids = {fp: (fid, status) for fid, fp, status in s.execute(
        select(Finding.id, Finding.fingerprint, Finding.status).where(Finding.source == "audit"))}
    return Persisted(ids=[now_ids[fp][0] for fp in fingerprints], statuses=[now_ids[fp][1] for fp in fingerprints],
                     new=len(inserts), reopened=reopened, resolved=len(gone))
