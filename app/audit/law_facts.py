"""The audit's records as the law checks see them: CaseRec → CaseFacts, and on-site receipts.

The law checks (app/audit/law/, rules_law_*.py) read plain `CaseFacts` / `ReceiptFacts`; this is
the one place that says how a stored record becomes one, and how the import's "this sheet had no
such column" (`CaseRec.unknown_fields`) becomes the checks' `known` — so a field the source
could not show keeps every check that needs it silent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from app.audit.fast_records import maker
from app.audit.law.inputs import CaseFacts, ReceiptFacts
from app.audit.law.penalties import PartyKind
from app.audit.model import CaseRec

# Register field → CaseFacts field, where the names differ.
FACT_NAME: dict[str, str] = {"hearing_on": "hearing_held_on", "confiscation_fen": "confiscated_fen"}
CASE_FACT_FIELDS: frozenset[str] = frozenset(f.name for f in fields(CaseFacts)) - {"known"}
RECEIPT_FACT_FIELDS: frozenset[str] = frozenset(f.name for f in fields(ReceiptFacts)) - {"known"}


def known_of(unknown: frozenset[str], names: frozenset[str]) -> frozenset[str] | None:
    """The checks' `known` from the fields the sheet had no column for (None: all known)."""
    if not unknown:
        return None
    missing = {FACT_NAME.get(n, n) for n in unknown}
    return names - missing


def _party_kind(text: str | None) -> PartyKind | None:
    return "person" if text == "person" else "organisation" if text == "organisation" else None


MAKE_FACTS = maker(CaseFacts)  # every field in order, straight into the slots (fast_records.py)
_KNOWN: dict[frozenset[str], frozenset[str] | None] = {}  # unknown_fields → known: a few per store


def case_facts(c: CaseRec) -> CaseFacts:
    """One case file as the law checks read it. Built without `CaseFacts.__post_init__`: `known`
    comes from `known_of` over CASE_FACT_FIELDS, so it names no field CaseFacts lacks."""
    unknown = c.unknown_fields
    known = _KNOWN.get(unknown, False)
    if known is False:
        known = _KNOWN[unknown] = known_of(unknown, CASE_FACT_FIELDS)
    return MAKE_FACTS(
        c.case_no, c.case_key, c.field, "", c.party, c.party_id, _party_kind(c.party_kind), c.cause, c.facts, c.act_on,
        c.legal_basis, (c.penalty,) if c.penalty.strip() else (), c.fine_fen, c.confiscation_fen, c.filed_on,
        c.notified_on, c.hearing_requested_on, c.hearing_on, c.hearing_waived_on, c.legal_review_on,
        c.legal_review_outcome, c.decided_on, c.served_on, c.paid_on, c.closed_on, c.major, c.extension_on,
        c.extended_to, c.surcharge_fen, c.surcharge_exempt, "分期" in c.enforcement, known)


@dataclass(frozen=True)
class OnsiteReceipt:
    """A receipt for cash taken on the spot (当场收缴), with the unit its finding belongs to.
    Loaded on its own (app/audit/load_cases.py): the on-site rules are law-versioned and few."""

    facts: ReceiptFacts
    unit_id: int | None = None
