"""Plain audit records (factories.py) written into a real store, for the set-based rules, which
answer with SQL over the store rather than over AuditData."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, insert

from app.audit.model import CaseRec, Draft, LedgerRec, ReceiptRec
from app.store import Store
from db.models import CaseFile, CaseOfficer, LedgerEntry, Receipt

_RECEIPT = ("id", "receipt_no", "receipt_key", "series", "number", "issued_on", "payer", "amount_fen", "case_key",
            "onsite", "voided", "unit_id", "source_row")
_LEDGER = ("id", "case_no", "case_key", "party", "fine_fen", "decided_on", "paid_on", "receipt_no", "receipt_key",
           "enforcement", "unit_id", "source_row")
_CASE = tuple(f.name for f in dataclasses.fields(CaseRec) if f.name not in ("officers", "unknown_fields"))


# CaseRec's person/organisation back to the words the register stores (行政相对人类别)
_STORED_KIND = {"person": "自然人", "organisation": "法人及非法人组织", None: ""}


def _rows(records: Iterable[Any], names: Sequence[str]) -> list[dict[str, Any]]:
    rows = [{n: getattr(r, n) for n in names} for r in records]
    for row in rows:
        if "party_kind" in row:
            row["party_kind"] = _STORED_KIND[row["party_kind"]]
    return rows


def write(db: Connection, *, receipts: Sequence[ReceiptRec] = (), ledger: Sequence[LedgerRec] = (),
          cases: Sequence[CaseRec] = ()) -> None:
    """The records as rows of their tables, with their ids."""
    if receipts:
        db.execute(insert(Receipt), [{**r, "case_no": r["case_key"]} for r in _rows(receipts, _RECEIPT)])
    if ledger:
        db.execute(insert(LedgerEntry), _rows(ledger, _LEDGER))
    if cases:
        db.execute(insert(CaseFile), _rows(cases, _CASE))
        officers = [{"case_id": c.id, "position": i, "name": o.name, "cert_no": o.cert_no}
                    for c in cases for i, o in enumerate(c.officers)]
        if officers:
            db.execute(insert(CaseOfficer), officers)


@contextmanager
def records_in(store: Store, *, receipts: Sequence[ReceiptRec] = (), ledger: Sequence[LedgerRec] = (),
               cases: Sequence[CaseRec] = ()) -> Iterator[Connection]:
    """A connection to the store holding these records (and nothing else), for the checks to
    query; rolled back afterwards, so the store is empty again."""
    with store.engine.connect() as db:
        write(db, receipts=receipts, ledger=ledger, cases=cases)
        try:
            yield db
        finally:
            db.rollback()


def run_on(store: Store, check: Callable[[Connection], Iterable[Draft]], *, receipts: Sequence[ReceiptRec] = (),
           ledger: Sequence[LedgerRec] = (), cases: Sequence[CaseRec] = ()) -> list[Draft]:
    """One set-based check over a store holding just these records."""
    with records_in(store, receipts=receipts, ledger=ledger, cases=cases) as db:
        return list(check(db))
