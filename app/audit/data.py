"""Everything one audit run looks at, with the dictionary indexes the rules join on."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from app.audit.law_facts import OnsiteReceipt
from app.audit.model import Benchmark, CaseRec, LedgerRec, OfficerRec, ReceiptRec
from app.domain.text import normalise_name

_NAMES: dict[str, str] = {}
T = TypeVar("T")


def norm(s: str) -> str:
    """`normalise_name`, memoised, with a fast path for text it would return unchanged
    (printable, no space, already NFKC) — the audit compares a few hundred thousand names."""
    hit = _NAMES.get(s)
    if hit is not None:
        return hit
    if s.isprintable() and " " not in s and unicodedata.is_normalized("NFKC", s):
        out = s
    else:
        out = normalise_name(s)
    if len(_NAMES) < 200_000:
        _NAMES[s] = out
    return out


def cert_key(cert_no: str) -> str:
    """A certificate number as a matching key: width, spacing and letter case ignored."""
    return norm(cert_no).upper()


Money = Callable[[], tuple[list[ReceiptRec], list[LedgerRec]]]
Cases = Callable[[], list[CaseRec]]


@dataclass
class AuditData:
    """`receipts` and `ledger` may come from a loader (`money`), called the first time a rule
    looks at either: the reconciliation runs as SQL over the store, so a run whose remaining rules
    never read them never loads them. Their indexes are built on first use too. The case files
    likewise (`case_loader`): the law checks choose their cases in SQL (rules_law_store.py), so
    the store's every case is read only when a rule asks for `cases`."""

    _receipts: list[ReceiptRec] = field(default_factory=list)
    _ledger: list[LedgerRec] = field(default_factory=list)
    _cases: list[CaseRec] = field(default_factory=list)
    officers: list[OfficerRec] = field(default_factory=list)
    benchmarks: list[Benchmark] = field(default_factory=list)
    onsite_receipts: list[OnsiteReceipt] = field(default_factory=list)  # for the law's on-site rules
    money: Money | None = None
    case_loader: Cases | None = None

    def __post_init__(self) -> None:
        self.memo: dict[str, dict[Any, Any]] = {}  # per-run caches shared by rules
        self._from_store = self.case_loader is not None
        self.officer_by_cert: dict[str, OfficerRec] = {}
        self.officers_by_name: dict[str, list[OfficerRec]] = defaultdict(list)
        for o in self.officers:
            if o.cert_no:
                self.officer_by_cert.setdefault(cert_key(o.cert_no), o)
            self.officers_by_name[norm(o.name)].append(o)

    @classmethod
    def build(cls, *, receipts: Iterable[ReceiptRec] = (), ledger: Iterable[LedgerRec] = (),
              cases: Iterable[CaseRec] = (), officers: Iterable[OfficerRec] = (),
              benchmarks: Iterable[Benchmark] = (), onsite_receipts: Iterable[OnsiteReceipt] = (),
              money: Money | None = None, case_loader: Cases | None = None) -> AuditData:
        """`money`, when given, supplies receipts and ledger instead of the lists; `case_loader`,
        the store's case files instead of `cases`."""
        return cls(list(receipts), list(ledger), list(cases), list(officers), list(benchmarks),
                   list(onsite_receipts), money, case_loader)

    @property
    def cases_from_store(self) -> bool:
        """The case files are the store's own (loaded by `case_loader`, or still to be): a rule
        may then ask the store for the cases it needs instead of reading them all."""
        return self._from_store

    @property
    def cases(self) -> list[CaseRec]:
        if self.case_loader is not None:
            loader, self.case_loader = self.case_loader, None
            self._cases = loader()
        return self._cases

    def _load_money(self) -> None:
        if self.money is not None:
            loader, self.money = self.money, None
            self._receipts, self._ledger = loader()

    @property
    def receipts(self) -> list[ReceiptRec]:
        self._load_money()
        return self._receipts

    @property
    def ledger(self) -> list[LedgerRec]:
        self._load_money()
        return self._ledger

    @cached_property
    def case_by_key(self) -> dict[str, CaseRec]:
        return {c.case_key: c for c in self.cases if c.case_key}

    @cached_property
    def ledger_by_receipt(self) -> dict[str, list[LedgerRec]]:
        return _group(self.ledger, "receipt_key")

    @cached_property
    def ledger_by_case(self) -> dict[str, list[LedgerRec]]:
        return _group(self.ledger, "case_key")

    @cached_property
    def receipts_by_key(self) -> dict[str, list[ReceiptRec]]:
        return _group(self.receipts, "receipt_key")

    @cached_property
    def receipts_by_case(self) -> dict[str, list[ReceiptRec]]:
        return _group(self.receipts, "case_key")

    def ledger_for_receipt(self, r: ReceiptRec) -> list[LedgerRec]:
        """The ledger rows a receipt belongs to: those naming its receipt number; failing that,
        rows of the receipt's case that name no receipt number at all (the ledger left the
        column blank, which is not evidence that the money is off the books)."""
        rows = self.ledger_by_receipt.get(r.receipt_key) if r.receipt_key else None
        if rows:
            return rows
        if r.case_key:
            return [row for row in self.ledger_by_case.get(r.case_key, ()) if not row.receipt_key]
        return []

    def case_for_receipt(self, r: ReceiptRec) -> CaseRec | None:
        """The case file of a receipt: by the case number written on it, else by its ledger row."""
        if r.case_key and r.case_key in self.case_by_key:
            return self.case_by_key[r.case_key]
        for row in self.ledger_for_receipt(r):
            case = self.case_by_key.get(row.case_key)
            if case is not None:
                return case
        return None


def _group(items: Iterable[T], attr: str) -> dict[str, list[T]]:
    out: defaultdict[str, list[T]] = defaultdict(list)
    for it in items:
        key = getattr(it, attr)
        if key:
            out[key].append(it)
    return dict(out)
