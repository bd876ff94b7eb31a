"""The store → AuditData, with one Core SELECT per table (no per-record queries). Receipts and the
ledger are read by load_money.py; the case files and the on-site receipts the law checks read
by load_cases.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.data import AuditData
from app.audit.load_cases import day, iso, load_cases, load_onsite_receipts
from app.audit.load_money import load_ledger, load_receipts
from app.audit.model import Benchmark, OfficerRec
from db.models import Officer
from db.models_audit import DiscretionBenchmark


def _rows(s: Session, stmt: Any) -> Any:
    return s.connection().execute(stmt).all()


def load_officers(s: Session) -> list[OfficerRec]:
    o = Officer
    stmt = select(o.id, o.name, o.cert_no, o.unit_id, iso(o.valid_from), iso(o.valid_to), o.status, o.kind,
                  iso(o.status_on)).order_by(o.id)
    return [OfficerRec(r[0], r[1] or "", r[2] or "", r[3], day(r[4]), day(r[5]), r[6] or "有效", r[7] or "执法人员",
                       day(r[8])) for r in _rows(s, stmt)]


def load_benchmarks(s: Session) -> list[Benchmark]:
    b = DiscretionBenchmark
    stmt = select(b.id, b.violation, b.legal_basis, b.min_fen, b.max_fen).order_by(b.id)
    return [Benchmark(r[0], r[1] or "", r[2] or "", r[3], r[4]) for r in s.execute(stmt)]


def load_all(s: Session) -> AuditData:
    """Receipts, the ledger and the case files are read only if a rule asks for them
    (AuditData.money, AuditData.case_loader)."""
    return AuditData.build(money=lambda: (load_receipts(s), load_ledger(s)), case_loader=lambda: load_cases(s),
                           officers=load_officers(s), benchmarks=load_benchmarks(s),
                           onsite_receipts=load_onsite_receipts(s))
