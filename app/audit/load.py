"""The store → AuditData, with one Core SELECT per table (no per-record queries). Receipts and the
ledger are read by load_money.py; the case files and the on-site receipts the law checks read
by load_cases.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from app.audit.data import AuditData
from app.audit.load_cases import load_cases, load_onsite_receipts
from app.audit.load_money import load_ledger, load_receipts
from app.audit.model import Benchmark, OfficerRec
from db.models import Officer
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


def load_officers(s: Session) -> list[OfficerRec]:
    o = Officer
    stmt = select(o.id, o.name, o.cert_no, o.unit_id, _d(o.valid_from), _d(o.valid_to), o.status, o.kind,
                  _d(o.status_on)).order_by(o.id)
    return [OfficerRec(r[0], r[1] or "", r[2] or "", r[3], _date(r[4]), _date(r[5]), r[6] or "有效", r[7] or "执法人员",
                       _date(r[8])) for r in _rows(s, stmt)]


def load_benchmarks(s: Session) -> list[Benchmark]:
    b = DiscretionBenchmark
    stmt = select(b.id, b.violation, b.legal_basis, b.min_fen, b.max_fen).order_by(b.id)
    return [Benchmark(r[0], r[1] or "", r[2] or "", r[3], r[4]) for r in s.execute(stmt)]


def load_all(s: Session) -> AuditData:
    """Receipts and the ledger are read only if a rule asks for them (AuditData.money)."""
    return AuditData.build(money=lambda: (load_receipts(s), load_ledger(s)), cases=load_cases(s),
                           officers=load_officers(s), benchmarks=load_benchmarks(s),
                           onsite_receipts=load_onsite_receipts(s))
