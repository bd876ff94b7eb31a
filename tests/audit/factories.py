"""Small builders for the audit's plain records: only what a test cares about is written."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from app.audit.data import AuditData
from app.audit.law.inputs import ReceiptFacts
from app.audit.law_facts import OnsiteReceipt
from app.audit.model import Benchmark, CaseOfficerRec, CaseRec, Draft, LedgerRec, OfficerRec, ReceiptRec
from app.audit.rule import RunInputs
from app.domain.calendar import Calendar
from app.domain.numbers import normalise_case_no, normalise_receipt_no, split_receipt_no

_ids = itertools.count(1)


def receipt(no: str, **kw: Any) -> ReceiptRec:
    key = normalise_receipt_no(no)
    series, number, width = split_receipt_no(key)
    if "case_no" in kw:
        kw["case_key"] = normalise_case_no(kw.pop("case_no"))
    return ReceiptRec(id=next(_ids), receipt_no=no, receipt_key=key, series=series, number=number, width=width,
                      **kw)


def ledger(case_no: str, **kw: Any) -> LedgerRec:
    if "receipt_no" in kw:
        kw["receipt_key"] = normalise_receipt_no(kw["receipt_no"])
    return LedgerRec(id=next(_ids), case_no=case_no, case_key=normalise_case_no(case_no), **kw)


def case(case_no: str, officers: tuple[tuple[str, str], ...] = (), **kw: Any) -> CaseRec:
    return CaseRec(id=next(_ids), case_no=case_no, case_key=normalise_case_no(case_no),
                   officers=tuple(CaseOfficerRec(n, c) for n, c in officers), **kw)


def officer(name: str, cert_no: str = "", **kw: Any) -> OfficerRec:
    return OfficerRec(id=next(_ids), name=name, cert_no=cert_no, **kw)


def benchmark(violation: str = "", legal_basis: str = "", *, lo: int, hi: int) -> Benchmark:
    return Benchmark(next(_ids), violation, legal_basis, lo, hi)


def data(**kw: Any) -> AuditData:
    return AuditData.build(**kw)


def codes(drafts: Any) -> list[tuple[str, str]]:
    """(code, the main key) of each draft: receipt_no, else case_no, else series."""
    out = []
    for d in drafts:
        assert isinstance(d, Draft)
        key = d.refs.get("receipt_no") or d.refs.get("case_no") or d.refs.get("series") or ""
        out.append((d.code, key))
    return out


def onsite(no: str, **kw: Any) -> OnsiteReceipt:
    """A receipt of cash taken on the spot, as the law's on-site rules read it."""
    unit_id = kw.pop("unit_id", None)
    return OnsiteReceipt(ReceiptFacts(no, normalise_receipt_no(no), onsite=True, **kw), unit_id)


def run_inputs(d: AuditData, **kw: Any) -> RunInputs:
    """What one run checks: the bundled calendar, 2025-06-30 and the default factor unless given."""
    kw.setdefault("calendar", Calendar.bundled())
    kw.setdefault("as_of", date(2025, 6, 30))
    kw.setdefault("factor", 5.0)
    return RunInputs(d, **kw)
