"""The store → AuditData, with one Core SELECT per table (no per-record queries).

The case files and the on-site receipts the law checks read are loaded in load_cases.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from app.audit.data import AuditData
from app.audit.load_cases import load_cases, load_onsite_receipts
from app.audit.model import Benchmark, LedgerRec, OfficerRec, ReceiptRec
from db.models import LedgerEntry, Officer, Receipt
from db.models_audit import DiscretionBenchmark

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


def load_ledger(s: Session) -> list[LedgerRec]:
    e = LedgerEntry
    stmt = select(e.id, e.case_no, e.case_key, e.party, e.fine_fen, _d(e.decided_on), _d(e.paid_on), e.receipt_no,
                  e.receipt_key, e.enforcement, e.unit_id, e.source_row).order_by(e.id)
    return [LedgerRec(r[0], r[1] or "", r[2] or "", r[3] or "", r[4], _date(r[5]), _date(r[6]), r[7] or "",
                      r[8] or "", r[9] or "", r[10], r[11]) for r in _rows(s, stmt)]


def load_receipts(s: Session) -> list[ReceiptRec]:
    t = Receipt
    stmt = select(t.id, t.receipt_no, t.receipt_key, t.series, t.number, _d(t.issued_on), t.payer, t.amount_fen,
                  t.case_key, t.onsite, t.voided, t.unit_id, t.source_row).order_by(t.id)
    out = []
    for r in _rows(s, stmt):
        key, series = r[2] or "", r[3] or ""
        width = len(key) - len(series) if r[4] is not None else 0
        out.append(ReceiptRec(r[0], r[1] or "", key, series, r[4], width, _date(r[5]), r[6] or "", r[7], r[8] or "",
                              bool(r[9]), bool(r[10]), r[11], r[12]))
    return out


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
    return AuditData.build(receipts=load_receipts(s), ledger=load_ledger(s), cases=load_cases(s),
                           officers=load_officers(s), benchmarks=load_benchmarks(s),
                           onsite_receipts=load_onsite_receipts(s))
