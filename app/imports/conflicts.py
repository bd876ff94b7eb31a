"""Rows whose key is already taken — in the store or earlier in the same file.

Nothing is ever overwritten: a conflict is a rejected row whose reason says where the existing
record came from. An import runs store_conflicts under the store's writer lock, together with its
write (app/imports/service.py), so what it found free is still free when the rows go in. Keys
per kind:

- cases: the normalised case number; a repeat inside the file rejects the later row;
- officers: the certificate number when there is one, else (name, unit); repeats in the file too;
- receipts: the normalised receipt number already stored (repeats inside one file are kept —
  the audit reports RECEIPT_NUMBER_DUPLICATE);
- ledger: an identical (case, receipt, fine, decided, paid) row already stored (one case number
  on two rows of the file is kept — the audit reports LEDGER_DUPLICATE_CASE).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from app.imports.issues import RowIssue, value_text
from app.imports.rows import ColumnPlan, Converted
from db.models import CaseFile, ImportBatch, LedgerEntry, Officer, Receipt, Unit
from db.store import Store

IN_CHUNK = 400  # keys per IN (…) query, well below SQLite's variable limit
_MODELS: dict[str, Any] = {"cases": CaseFile, "officers": Officer, "receipts": Receipt, "ledger": LedgerEntry}

Key = Any


def _pairs(result: Any) -> dict[Any, Any]:
    """{first: second} of a two-column result."""
    return {a: b for a, b in result}


def _chunks(items: list[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _reject(conv: Converted, plan_by_field: dict[str, ColumnPlan], rejected: list[tuple[dict[str, Any], str, str]]) -> None:
    """Move the given (record, field, reason) rows from the records to the rejections."""
    if not rejected:
        return
    gone = set()
    for rec, field, reason in rejected:
        p = plan_by_field.get(field)
        conv.rejected.append(RowIssue(rec["source_row"], p.header if p else "", p.letter if p else "",
                                      value_text(rec.get(field, "")), reason))
        conv.rejected_rows.add(rec["source_row"])
        gone.add(id(rec))
    conv.records = [r for r in conv.records if id(r) not in gone]
    conv.rejected.sort(key=lambda i: i.row)


def _officer_key(rec: dict[str, Any]) -> Key:
    cert = rec.get("cert_no")
    return ("cert", cert) if cert else ("name", rec.get("name", ""), rec.get("unit", ""))


def file_duplicates(kind: str, conv: Converted, plan_by_field: dict[str, ColumnPlan],
                    first: dict[Key, int] | None = None) -> None:
    """Reject later rows repeating an earlier row's key (cases and officers only). `first`
    carries the keys of earlier runs of the same file (a streamed import gives it each chunk)."""
    if kind not in ("cases", "officers"):
        return
    first = {} if first is None else first
    dupes: list[tuple[dict[str, Any], str, str]] = []
    for rec in conv.records:
        key = rec["case_key"] if kind == "cases" else _officer_key(rec)
        seen = first.setdefault(key, rec["source_row"])
        if seen == rec["source_row"]:
            continue
        if kind == "cases":
            field, label = "case_no", "案号"
        elif rec.get("cert_no"):
            field, label = "cert_no", "执法证号"
        else:
            field, label = "name", "同一单位的同名人员"
        dupes.append((rec, field, f"{label}与本文件第 {seen} 行重复：未导入"))
    _reject(conv, plan_by_field, dupes)


def imported_before(store: Store | None, kind: str, sha256: str, sheet: str) -> bool:
    """The same sheet of the same file (by SHA-256) was imported before as the same kind."""
    if store is None:
        return False
    with store.session() as s:
        stmt = select(ImportBatch.id).where(ImportBatch.kind == kind, ImportBatch.sha256 == sha256,
                                            ImportBatch.sheet == sheet)
        return s.scalar(stmt) is not None


def store_has_rows(session: Session, kind: str) -> bool:
    """Whether the store holds any record of the kind (else no row can conflict with it)."""
    return _has_rows(session, _MODELS[kind], None)


def _where(session: Session, batch_ids: Iterable[int | None]) -> dict[int | None, str]:
    ids = sorted({b for b in batch_ids if b is not None})
    out: dict[int | None, str] = {None: "已存在于数据库（手工录入）"}
    for chunk in _chunks(ids):
        for bid, name in session.execute(select(ImportBatch.id, ImportBatch.file_name).where(ImportBatch.id.in_(chunk))):
            out[bid] = f"已存在于数据库（第 {bid} 批导入，文件 {name}）"
    return out


def _has_rows(session: Session, model: type[Any], batch: int | None) -> bool:
    return session.scalar(select(model.id).where(_other(model, batch)).limit(1)) is not None


def _other(model: type[Any], batch: int | None) -> Any:
    """Rows not written by `batch` (every row when None; hand-entered rows have no batch)."""
    return true() if batch is None else model.batch_id.is_distinct_from(batch)


def store_conflicts(session: Session, kind: str, conv: Converted, plan_by_field: dict[str, ColumnPlan], *,
                    batch: int | None = None) -> None:
    """Reject rows whose key is already in the store — in a batch other than `batch`, the one a
    streamed import is writing chunk by chunk (its rows are the file's, not the store's)."""
    finder = {"cases": _cases, "officers": _officers, "receipts": _receipts, "ledger": _ledger}[kind]
    found = finder(session, conv.records, batch)
    if not found:
        return
    where = _where(session, (b for _rec, _field, _what, b in found))
    _reject(conv, plan_by_field, [(rec, field, f"{what}{where.get(b, where[None])}：未覆盖")
                                  for rec, field, what, b in found])


Found = list[tuple[dict[str, Any], str, str, int | None]]


def _cases(session: Session, records: list[dict[str, Any]], batch: int | None = None) -> Found:
    if not records or not _has_rows(session, CaseFile, batch):
        return []
    existing: dict[str, int | None] = {}
    for chunk in _chunks(sorted({r["case_key"] for r in records})):
        existing.update(_pairs(session.execute(
            select(CaseFile.case_key, CaseFile.batch_id).where(CaseFile.case_key.in_(chunk), _other(CaseFile, batch)))))
    return [(r, "case_no", "案号", existing[r["case_key"]]) for r in records if r["case_key"] in existing]


def _receipts(session: Session, records: list[dict[str, Any]], batch: int | None = None) -> Found:
    if not records or not _has_rows(session, Receipt, batch):
        return []
    existing: dict[str, int | None] = {}
    for chunk in _chunks(sorted({r["receipt_key"] for r in records})):
        existing.update(_pairs(session.execute(
            select(Receipt.receipt_key, Receipt.batch_id).where(Receipt.receipt_key.in_(chunk), _other(Receipt, batch)))))
    return [(r, "receipt_no", "票据号", existing[r["receipt_key"]]) for r in records
            if r["receipt_key"] in existing]


def _ledger_key(case_key: str, receipt_key: str, fine: int | None, decided: Any, paid: Any) -> tuple[Any, ...]:
    return (case_key, receipt_key or "", fine, decided, paid)


def _ledger(session: Session, records: list[dict[str, Any]], batch: int | None = None) -> Found:
    if not records or not _has_rows(session, LedgerEntry, batch):
        return []
    existing: dict[tuple[Any, ...], int | None] = {}
    cols = (LedgerEntry.case_key, LedgerEntry.receipt_key, LedgerEntry.fine_fen, LedgerEntry.decided_on,
            LedgerEntry.paid_on, LedgerEntry.batch_id)
    for chunk in _chunks(sorted({r["case_key"] for r in records})):
        for ck, rk, fine, decided, paid, bid in session.execute(
                select(*cols).where(LedgerEntry.case_key.in_(chunk), _other(LedgerEntry, batch))):
            existing.setdefault(_ledger_key(ck, rk, fine, decided, paid), bid)
    out: Found = []
    for r in records:
        key = _ledger_key(r["case_key"], r.get("receipt_key", ""), r.get("fine_fen"), r.get("decided_on"),
                          r.get("paid_on"))
        if key in existing:
            out.append((r, "case_no", "相同的台账记录（案号、票据号、罚款金额、决定日期、缴款日期均相同）", existing[key]))
    return out


def _officers(session: Session, records: list[dict[str, Any]], batch: int | None = None) -> Found:
    if not records or not _has_rows(session, Officer, batch):
        return []
    out: Found = []
    certs = sorted({r["cert_no"] for r in records if r.get("cert_no")})
    by_cert: dict[str, int | None] = {}
    for chunk in _chunks(certs):
        by_cert.update(_pairs(session.execute(
            select(Officer.cert_no, Officer.batch_id).where(Officer.cert_no.in_(chunk), _other(Officer, batch)))))
    names = sorted({r["name"] for r in records if not r.get("cert_no")})
    by_name: dict[tuple[str, str], int | None] = {}
    for chunk in _chunks(names):
        stmt = (select(Officer.name, Unit.name, Officer.batch_id).outerjoin(Unit, Officer.unit_id == Unit.id)
                .where(Officer.name.in_(chunk), _other(Officer, batch)))
        for name, unit, bid in session.execute(stmt):
            by_name.setdefault((name, unit or ""), bid)
    for r in records:
        cert = r.get("cert_no")
        if cert:
            if cert in by_cert:
                out.append((r, "cert_no", "执法证号", by_cert[cert]))
        elif (r["name"], r.get("unit") or "") in by_name:
            out.append((r, "name", "同一单位的同名人员", by_name[(r["name"], r.get("unit") or "")]))
    return out

