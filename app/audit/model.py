"""Plain in-memory records the audit rules run over, and the finding a rule produces.

The rules never see SQLAlchemy: `load.py` fills these dataclasses with a few bulk SELECTs, and
tests build them by hand. Keys (`case_key`, `receipt_key`) are the normalised numbers the
import stored; names are compared with `normalise_name`.
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)  # slots: a store's every receipt may be loaded (a third of the memory)
class ReceiptRec:
    id: int
    receipt_no: str
    receipt_key: str
    series: str = ""
    number: int | None = None
    width: int = 0
    issued_on: date | None = None
    payer: str = ""
    amount_fen: int | None = None
    case_key: str = ""
    onsite: bool = False
    voided: bool = False
    unit_id: int | None = None
    source_row: int | None = None


@dataclass(frozen=True, slots=True)
class LedgerRec:
    id: int
    case_no: str
    case_key: str
    party: str = ""
    fine_fen: int | None = None
    decided_on: date | None = None
    paid_on: date | None = None
    receipt_no: str = ""
    receipt_key: str = ""
    enforcement: str = ""
    unit_id: int | None = None
    source_row: int | None = None

    @property
    def instalment(self) -> bool:
        return "分期" in self.enforcement


@dataclass(frozen=True, slots=True)
class CaseOfficerRec:
    name: str
    cert_no: str = ""


class CaseRef(Protocol):
    """What a finding about a case names of it: a CaseRec, or a rule's narrow row of the store's
    case (app/audit/case_columns.py). Each rule's protocol adds the fields its check reads."""

    @property
    def case_no(self) -> str: ...
    @property
    def case_key(self) -> str: ...
    @property
    def unit_id(self) -> int | None: ...


@dataclass(frozen=True, slots=True)  # slots: 100k cases held at once in a run
class CaseRec:
    id: int
    case_no: str
    case_key: str
    cause: str = ""
    party: str = ""
    legal_basis: str = ""
    fine_fen: int | None = None
    filed_on: date | None = None
    notified_on: date | None = None
    decided_on: date | None = None
    served_on: date | None = None
    paid_on: date | None = None
    closed_on: date | None = None
    published_on: date | None = None
    major: bool = False
    legal_review_on: date | None = None
    enforcement: str = ""
    unit_id: int | None = None
    source_row: int | None = None
    officers: tuple[CaseOfficerRec, ...] = ()
    # Fields whose column was absent from the imported sheet: the data cannot show them, so
    # rules that need them say nothing. None = every field known (entered by hand).
    unknown_fields: frozenset[str] = frozenset()
    # What the law checks by date read besides (app/audit/law_facts.py makes their CaseFacts).
    field: str = ""  # 执法领域: the case's own, else its unit's
    party_id: str = ""
    party_kind: str | None = None  # "person" / "organisation" / None: the data cannot tell
    penalty: str = ""
    facts: str = ""
    confiscation_fen: int | None = None
    act_on: date | None = None
    hearing_requested_on: date | None = None
    hearing_on: date | None = None  # the hearing held
    hearing_waived_on: date | None = None
    legal_review_outcome: str = ""
    extension_on: date | None = None
    extended_to: date | None = None
    surcharge_fen: int | None = None
    surcharge_exempt: bool = False
    # From the published lists imported (app/imports/publications.py): the first date a list shows
    # the decision published and that list's file; else a list covering the decision's date and
    # unit that does not show it, and the last date that list shows anything published.
    listed_on: date | None = None
    listed_in: str = ""
    unlisted_in: str = ""
    unlisted_as_of: date | None = None

    @property
    def instalment(self) -> bool:
        return "分期" in self.enforcement


@dataclass(frozen=True, slots=True)
class OfficerRec:
    id: int
    name: str
    cert_no: str = ""
    unit_id: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    status: str = "有效"
    kind: str = "执法人员"
    status_on: date | None = None  # the day the status took effect (None: unknown, as rosters import it)


@dataclass(frozen=True)
class Benchmark:
    """A 裁量基准 row: matched on violation (案由) or legal basis, normalised."""

    id: int
    violation: str
    legal_basis: str
    min_fen: int
    max_fen: int


def json_encoder(separators: tuple[str, str], default: Callable[[Any], Any] | None = None) -> Callable[[Any], str]:
    """`json.dumps(value, ensure_ascii=False, sort_keys=True, separators=…, default=…)` as one
    function made once: dumps with options builds a new encoder on every call, which costs more
    than the encoding itself over a run's tens of thousands of findings. Same text, byte for byte."""
    enc = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=separators, default=default)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the plain encoder
        return enc.encode
    chunks = make(None, enc.default, json.encoder.encode_basestring, None, enc.key_separator, enc.item_separator,
                  True, False, True)  # no circular check, sort keys, no skipping, NaN allowed (dumps' defaults)
    as_text = json.encoder.encode_basestring

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return as_text(value)
        return "".join(chunks(value, 0))

    return encode


_CANONICAL = json_encoder((",", ":"))


def canonical(value: Any) -> str:
    """Compact JSON with sorted keys: the same value always gives the same text."""
    return _CANONICAL(value)


@dataclass(slots=True)  # slots: a province's run holds a few hundred thousand of them
class Draft:
    """A finding as a rule produces it, before it is stored."""

    code: str
    refs: dict[str, Any]
    expected: Any
    found: Any
    message: str
    unit_id: int | None = None
    case_key: str = ""
    receipt_key: str = ""
    calendar_fallback: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # The rule applied, as printed (the article of the text in force on the finding's date);
    # "" = the code's general rule (app/audit/codes.py). Not part of the fingerprint.
    rule: str = ""
    _fingerprint: str = field(default="", init=False, repr=False, compare=False)

    @property
    def fingerprint(self) -> str:
        """Code + canonical refs: the same record(s) give the same fingerprint on every run
        (computed once)."""
        if not self._fingerprint:
            self._fingerprint = hashlib.sha256(f"{self.code}\n{canonical(self.refs)}".encode()).hexdigest()
        return self._fingerprint


def dedupe(drafts: Iterable[Draft]) -> list[Draft]:
    """One finding per fingerprint (the first wins), order kept."""
    seen: set[str] = set()
    out: list[Draft] = []
    for d in drafts:
        fp = d.fingerprint
        if fp not in seen:
            seen.add(fp)
            out.append(d)
    return out
