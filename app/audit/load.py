"""The store → AuditData, with one Core SELECT per table (no per-record queries). Receipts and the
ledger are read by load_money.py."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from app.audit.data import AuditData
from app.audit.load_money import load_ledger, load_receipts
from app.audit.model import Benchmark, CaseOfficerRec, CaseRec, OfficerRec
from app.records.fields import CASE_FIELDS
from db.models import CaseFile, CaseOfficer, ImportBatch, Officer
from db.models_audit import DiscretionBenchmark

# Case fields a rule needs to know were in the imported sheet before reading a blank as "none".
WATCHED_CASE_FIELDS = ("officers", "published_on", "legal_review_on")


_DATES: dict[str, date] = {}


def _d(column: Any) -> Any:
    """A Date column read as its stored ISO text (parsed by `_date`, much faster in bulk)."""
    return type_coerce(column, String).label(column.key)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    hit = _DATES.get(text)
    if hit is None:
        hit = _DATES[text] = date.fromisoformat(text[:10])
    return hit


def _rows(s: Session, stmt: Any) -> Any:
    return s.connection().execute(stmt).all()


def _unknown_by_batch(s: Session) -> dict[int, frozenset[str]]:
    """For each cases import batch, the watched fields its sheet had no column for."""
    out: dict[int, frozenset[str]] = {}
    all_case_fields = {f.name for f in CASE_FIELDS}
    for batch_id, mapping_json in s.execute(select(ImportBatch.id, ImportBatch.mapping_json)
                                            .where(ImportBatch.kind == "cases")):
        try:
            columns = json.loads(mapping_json or "{}").get("columns", {})
        except (ValueError, AttributeError):
            columns = {}
        mapped = set(columns.values()) & all_case_fields if isinstance(columns, dict) else set()
        out[int(batch_id)] = frozenset(f for f in WATCHED_CASE_FIELDS if mapped and f not in mapped)
    return out


def _case_officers(s: Session) -> dict[int, tuple[CaseOfficerRec, ...]]:
    grouped: dict[int, list[CaseOfficerRec]] = defaultdict(list)
    stmt = select(CaseOfficer.case_id, CaseOfficer.name, CaseOfficer.cert_no).order_by(
        CaseOfficer.case_id, CaseOfficer.position)
    for case_id, name, cert in _rows(s, stmt):
        grouped[case_id].append(CaseOfficerRec(name or "", cert or ""))
    return {k: tuple(v) for k, v in grouped.items()}


def load_cases(s: Session) -> list[CaseRec]:
    officers = _case_officers(s)
    unknown = _unknown_by_batch(s)
    c = CaseFile
    stmt = select(c.id, c.case_no, c.case_key, c.cause, c.party, c.legal_basis, c.fine_fen, _d(c.filed_on),
                  _d(c.notified_on), _d(c.decided_on), _d(c.served_on), _d(c.paid_on), _d(c.closed_on),
                  _d(c.published_on), c.major, _d(c.legal_review_on), c.enforcement, c.unit_id, c.source_row,
                  c.batch_id).order_by(c.id)
    empty: frozenset[str] = frozenset()
    d = _date
    return [CaseRec(r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or "", r[5] or "", r[6], d(r[7]), d(r[8]),
                    d(r[9]), d(r[10]), d(r[11]), d(r[12]), d(r[13]), bool(r[14]), d(r[15]), r[16] or "", r[17],
                    r[18], officers.get(r[0], ()), unknown.get(r[19], empty) if r[19] is not None else empty)
            for r in _rows(s, stmt)]


def load_officers(s: Session) -> list[OfficerRec]:
    o = Officer
    stmt = select(o.id, o.name, o.cert_no, o.unit_id, _d(o.valid_from), _d(o.valid_to), o.status, o.kind).order_by(o.id)
    return [OfficerRec(r[0], r[1] or "", r[2] or "", r[3], _date(r[4]), _date(r[5]), r[6] or "有效", r[7] or "执法人员")
            for r in _rows(s, stmt)]


def load_benchmarks(s: Session) -> list[Benchmark]:
    b = DiscretionBenchmark
    stmt = select(b.id, b.violation, b.legal_basis, b.min_fen, b.max_fen).order_by(b.id)
    return [Benchmark(r[0], r[1] or "", r[2] or "", r[3], r[4]) for r in s.execute(stmt)]


def load_all(s: Session) -> AuditData:
    """Receipts and the ledger are read only if a rule asks for them (AuditData.money)."""
    return AuditData.build(money=lambda: (load_receipts(s), load_ledger(s)), cases=load_cases(s),
                           officers=load_officers(s), benchmarks=load_benchmarks(s))
