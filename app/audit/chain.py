"""The chain behind a finding: its receipt, ledger row and case file side by side (倒查 page),
with the names of the fields on which they disagree."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.domain.text import normalise_name
from app.errors import UserError
from app.store import Store
from db.models import CaseFile, LedgerEntry, Receipt
from db.models_audit import Finding

# (field name in the chain, receipt field, ledger field, case field); None = not on that record.
COMPARED: tuple[tuple[str, str | None, str | None, str | None], ...] = (
    ("case_no", "case_key", "case_key", "case_key"),
    ("receipt_no", "receipt_key", "receipt_key", None),
    ("amount", "amount_fen", "fine_fen", "fine_fen"),
    ("party", "payer", "party", "party"),
    ("decided_on", None, "decided_on", "decided_on"),
)


def _first_id(s: Any, stmt: Any) -> int | None:
    return s.scalar(stmt.limit(1))


def _ids(store: Store, refs: dict[str, Any], case_key: str, receipt_key: str) -> tuple[int | None, ...]:
    receipt_key = refs.get("receipt_no") or receipt_key or ""
    case_key = refs.get("case_no") or case_key or ""
    with store.session() as s:
        rid = _first_id(s, select(Receipt.id).where(Receipt.receipt_key == receipt_key).order_by(Receipt.id)) \
            if receipt_key else None
        lid = refs.get("ledger_id")
        if lid is None and receipt_key:
            lid = _first_id(s, select(LedgerEntry.id).where(LedgerEntry.receipt_key == receipt_key)
                            .order_by(LedgerEntry.id))
        if lid is None and case_key:
            lid = _first_id(s, select(LedgerEntry.id).where(LedgerEntry.case_key == case_key).order_by(LedgerEntry.id))
        if not case_key and lid is not None:
            case_key = s.scalar(select(LedgerEntry.case_key).where(LedgerEntry.id == lid)) or ""
        if not case_key and rid is not None:
            case_key = s.scalar(select(Receipt.case_key).where(Receipt.id == rid)) or ""
        cid = _first_id(s, select(CaseFile.id).where(CaseFile.case_key == case_key)) if case_key else None
        if rid is None and lid is not None and not receipt_key:
            key = s.scalar(select(LedgerEntry.receipt_key).where(LedgerEntry.id == lid))
            if key:
                rid = _first_id(s, select(Receipt.id).where(Receipt.receipt_key == key).order_by(Receipt.id))
    return rid, lid, cid


def _raw(store: Store, model: Any, record_id: int | None, fields: list[str]) -> dict[str, Any]:
    if record_id is None:
        return {}
    with store.session() as s:
        row = s.execute(select(*[getattr(model, f) for f in fields]).where(model.id == record_id)).one()
        return dict(zip(fields, row, strict=True))


def _same(a: Any, b: Any, name: str) -> bool:
    if name == "party":
        return normalise_name(a) == normalise_name(b)
    return bool(a == b)


def chain_for(store: Store, finding_id: int) -> dict[str, Any]:
    """{"finding", "receipt", "ledger", "case", "disagree": [field names]} — records as dicts with
    the registers' field names (None where the chain has no such record)."""
    from app.records import service as records  # here: it brings the pinyin tables an audit run never needs

    with store.session() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise UserError(f"找不到问题线索（编号 {finding_id}）。")
        refs = json.loads(f.refs_json)
        head = {"id": f.id, "code": f.code, "message": f.message, "refs": refs, "status": f.status}
    rid, lid, cid = _ids(store, refs, f.case_key, f.receipt_key)
    raw = {
        "receipt": _raw(store, Receipt, rid, [c[1] for c in COMPARED if c[1]]),
        "ledger": _raw(store, LedgerEntry, lid, [c[2] for c in COMPARED if c[2]]),
        "case": _raw(store, CaseFile, cid, [c[3] for c in COMPARED if c[3]]),
    }
    disagree = []
    for name, *sources in COMPARED:
        values = [raw[kind].get(src) for kind, src in zip(("receipt", "ledger", "case"), sources, strict=True)
                  if src and raw[kind] and raw[kind].get(src) not in (None, "")]
        if any(not _same(values[0], v, name) for v in values[1:]):
            disagree.append(name)
    return {"finding": head,
            "receipt": records.get(store, "receipts", rid) if rid is not None else None,
            "ledger": records.get(store, "ledger", lid) if lid is not None else None,
            "case": records.get(store, "cases", cid) if cid is not None else None,
            "disagree": disagree}
