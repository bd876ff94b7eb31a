"""The store → AuditData, with one Core SELECT per table (no per-record queries)."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.data import AuditData
from app.audit.model import Benchmark, CaseOfficerRec, CaseRec, LedgerRec, OfficerRec, ReceiptRec
from app.records.fields import CASE_FIELDS
from db.models import CaseFile, CaseOfficer, ImportBatch, LedgerEntry, Officer, Receipt
from db.models_audit import DiscretionBenchmark

# Case fields a rule needs to know were in the imported sheet before reading a blank as "none".
WATCHED_CASE_FIELDS = ("officers", "published_on", "legal_review_on")


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
    for case_id, name, cert in s.execute(stmt):
        grouped[case_id].append(CaseOfficerRec(name or "", cert or ""))
    return {k: tuple(v) for k, v in grouped.items()}


def load_cases(s: Session) -> list[CaseRec]:
    officers = _case_officers(s)
    unknown = _unknown_by_batch(s)
    c = CaseFile
    stmt = select(c.id, c.case_no, c.case_key, c.cause, c.party, c.legal_basis, c.fine_fen, c.filed_on,
                  c.notified_on, c.decided_on, c.served_on, c.paid_on, c.closed_on, c.published_on, c.major,
                  c.legal_review_on, c.enforcement, c.unit_id, c.source_row, c.batch_id).order_by(c.id)
    empty: frozenset[str] = frozenset()
    return [CaseRec(r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or "", r[5] or "", r[6], r[7], r[8], r[9],
                    r[10], r[11], r[12], r[13], bool(r[14]), r[15], r[16] or "", r[17], r[18],
                    officers.get(r[0], ()), unknown.get(r[19], empty) if r[19] is not None else empty)
            for r in s.execute(stmt)]


def load_ledger(s: Session) -> list[LedgerRec]:
    e = LedgerEntry
    stmt = select(e.id, e.case_no, e.case_key, e.party, e.fine_fen, e.decided_on, e.paid_on, e.receipt_no,
                  e.receipt_key, e.enforcement, e.unit_id, e.source_row).order_by(e.id)
    return [LedgerRec(r[0], r[1] or "", r[2] or "", r[3] or "", r[4], r[5], r[6], r[7] or "", r[8] or "",
                      r[9] or "", r[10], r[11]) for r in s.execute(stmt)]


def load_receipts(s: Session) -> list[ReceiptRec]:
    t = Receipt
    stmt = select(t.id, t.receipt_no, t.receipt_key, t.series, t.number, t.issued_on, t.payer, t.amount_fen,
                  t.case_key, t.onsite, t.voided, t.unit_id, t.source_row).order_by(t.id)
    out = []
    for r in s.execute(stmt):
        key, series = r[2] or "", r[3] or ""
        width = len(key) - len(series) if r[4] is not None else 0
        out.append(ReceiptRec(r[0], r[1] or "", key, series, r[4], width, r[5], r[6] or "", r[7], r[8] or "",
                              bool(r[9]), bool(r[10]), r[11], r[12]))
    return out


def load_officers(s: Session) -> list[OfficerRec]:
    o = Officer
    stmt = select(o.id, o.name, o.cert_no, o.unit_id, o.valid_from, o.valid_to, o.status, o.kind).order_by(o.id)
    return [OfficerRec(r[0], r[1] or "", r[2] or "", r[3], r[4], r[5], r[6] or "有效", r[7] or "执法人员")
            for r in s.execute(stmt)]


def load_benchmarks(s: Session) -> list[Benchmark]:
    b = DiscretionBenchmark
    stmt = select(b.id, b.violation, b.legal_basis, b.min_fen, b.max_fen).order_by(b.id)
    return [Benchmark(r[0], r[1] or "", r[2] or "", r[3], r[4]) for r in s.execute(stmt)]


def load_all(s: Session) -> AuditData:
    return AuditData.build(receipts=load_receipts(s), ledger=load_ledger(s), cases=load_cases(s),
                           officers=load_officers(s), benchmarks=load_benchmarks(s))
