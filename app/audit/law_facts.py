"""The audit's records as the law checks see them: CaseRec → CaseFacts, and on-site receipts.

The law checks (app/audit/law/, rules_law_*.py) read plain `CaseFacts` / `ReceiptFacts`; this is
the one place that says how a stored record becomes one, and how the import's "this sheet had no
such column" (`CaseRec.unknown_fields`) becomes the checks' `known` — so a field the source
could not show keeps every check that needs it silent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

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


def case_facts(c: CaseRec) -> CaseFacts:
    """One case file as the law checks read it."""
    return CaseFacts(
        case_no=c.case_no, case_key=c.case_key, field=c.field, party=c.party, party_id=c.party_id,
        party_kind=_party_kind(c.party_kind), cause=c.cause, facts=c.facts, act_on=c.act_on,
        legal_basis=c.legal_basis, penalty=(c.penalty,) if c.penalty.strip() else (), fine_fen=c.fine_fen,
        confiscated_fen=c.confiscation_fen, filed_on=c.filed_on, notified_on=c.notified_on,
        hearing_requested_on=c.hearing_requested_on, hearing_held_on=c.hearing_on,
        hearing_waived_on=c.hearing_waived_on, legal_review_on=c.legal_review_on,
        legal_review_outcome=c.legal_review_outcome, decided_on=c.decided_on, served_on=c.served_on,
        paid_on=c.paid_on, closed_on=c.closed_on, major=c.major, extension_on=c.extension_on,
        extended_to=c.extended_to, surcharge_fen=c.surcharge_fen, surcharge_exempt=c.surcharge_exempt,
        instalment=c.instalment, known=known_of(c.unknown_fields, CASE_FACT_FIELDS))


@dataclass(frozen=True)
class OnsiteReceipt:
    """A receipt for cash taken on the spot (当场收缴), with the unit its finding belongs to.
    Loaded on its own (app/audit/load_cases.py): the on-site rules are law-versioned and few."""

    facts: ReceiptFacts
    unit_id: int | None = None
