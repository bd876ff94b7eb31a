"""The law pass's narrow read: most candidate cases need a third of a case file's fields.

The candidate rows of the law pass (rules_law_store.py) are, on a typical register, cases that
a check on dates or on the legal review reports: DECISION_OVERDUE, NOTICE_MISSING,
MAJOR_DECISION_WITHOUT_LEGAL_REVIEW … Those checks read the case's number, its field, a few of
its dates, its basis and penalty — none of the party, the act, the outcome text or the payment.
So the pass reads every candidate with NARROW_COLUMNS only; a case one of the other checks must
see is read again whole, by its id, and a fined decision DOUBLE_PENALTY compares (on a register
that records 违法事实, nearly every one) only with the few fields it compares, ACT_COLUMNS.

A narrow row becomes a CaseFacts whose fields outside NARROW_FACTS (and ACT_FACTS, when read
with its ACT_COLUMNS) keep CaseFacts' defaults: only the NARROW_CHECKS (and DOUBLE_PENALTY) are
put to it, and each of them reads nothing else (what each reads is listed below;
tests/audit/test_law_narrow_read.py puts each to the narrow and the whole facts of every planted
case, under each kind of office rules, and wants the same answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement

from app.audit.law.inputs import CaseFacts
from app.audit.law.office_rules import OfficeRules
from app.audit.law_facts import MAKE_FACTS
from app.audit.load_cases import iso
from app.audit.rules_law_store import DATE_COLUMNS, C, FactsReader

NARROW_COLUMNS = ("id", "case_no", "case_key", "field", "legal_basis", "penalty", "fine_fen", "filed_on", "notified_on",
                  "hearing_on", "legal_review_on", "decided_on", "served_on", "closed_on", "major", "extension_on",
                  "extended_to", "unit_id", "batch_id")
UNIT_AT = NARROW_COLUMNS.index("unit_id")
# The CaseFacts fields a narrow row fills; the others keep their defaults.
NARROW_FACTS = frozenset({"case_no", "case_key", "field", "legal_basis", "penalty", "fine_fen", "filed_on", "notified_on",
                          "hearing_held_on", "legal_review_on", "decided_on", "served_on", "closed_on", "major",
                          "extension_on", "extended_to", "known"})

# What DOUBLE_PENALTY (rules_law_double.py) reads of a fined decision besides NARROW_FACTS:
# ACT_COLUMNS (after the id) give ACT_FACTS.
ACT_COLUMNS = ("id", "party", "party_id", "cause", "facts", "act_on", "enforcement")
ACT_FACTS = frozenset({"party", "party_id", "cause", "facts", "act_on", "instalment"})

# The checks (rules_law.PER_CASE's names) that read no field outside NARROW_FACTS — besides
# `known`, `key` (case_key, case_no) and `is_penalty` (penalty, fine_fen):
#   no_legal_basis                decided_on, legal_basis
#   decision_overdue              filed_on, decided_on, field, extended_to, extension_on
#   case_pending_too_long         filed_on, decided_on, closed_on, field, extended_to, extension_on
#   notice_missing                decided_on, notified_on
#   hearing_without_legal_review  decided_on, hearing_held_on, legal_review_on
#   major_without_legal_review    major, legal_review_on, decided_on, notified_on, filed_on — and,
#                                 with the office's review catalogues, the party and the hearing:
#                                 then it is not narrow
#   service_late                  decided_on, served_on, field
NARROW_CHECKS = frozenset({"no_legal_basis", "decision_overdue", "case_pending_too_long", "notice_missing",
                           "hearing_without_legal_review", "major_without_legal_review", "service_late"})


def narrow_checks(office: OfficeRules | None) -> frozenset[str]:
    """The checks a narrow row can be put to under the office's rules."""
    if office is not None and office.review_catalogues:
        return NARROW_CHECKS - {"major_without_legal_review"}
    return NARROW_CHECKS


def narrow_columns() -> list[ColumnElement[Any]]:
    return [iso(C[n]) if n in DATE_COLUMNS else C[n] for n in NARROW_COLUMNS]


def act_columns() -> list[ColumnElement[Any]]:
    return [iso(C[n]) if n in DATE_COLUMNS else C[n] for n in ACT_COLUMNS]


class NarrowReader(FactsReader):
    """A row of NARROW_COLUMNS → the CaseFacts FactsReader makes of the same case, in every field
    of NARROW_FACTS (the same values, field by field); CaseFacts' defaults elsewhere. `with_act`
    adds a row of ACT_COLUMNS (ACT_FACTS), `whole` reads a row of rules_law_store.FACT_COLUMNS, as
    FactsReader does."""

    whole = FactsReader.__call__

    def __call__(self, r: Sequence[Any]) -> CaseFacts:
        d = self.dates
        penalty = r[5] or ""
        return MAKE_FACTS(
            r[1] or "", r[2] or "", (r[3] or "").strip() or self.unit_field.get(r[17], ""), "", "", "", None, "", "",
            None, r[4] or "", (penalty,) if penalty.strip() else (), r[6], None, d[r[7]], d[r[8]], None, d[r[9]], None,
            d[r[10]], "", d[r[11]], d[r[12]], None, d[r[13]], bool(r[14]), d[r[15]], d[r[16]], None, False, False,
            self._known(r[18]))

    def with_act(self, r: Sequence[Any], a: Sequence[Any]) -> CaseFacts:
        """A row of NARROW_COLUMNS and the same case's row of ACT_COLUMNS."""
        d = self.dates
        penalty = r[5] or ""
        return MAKE_FACTS(
            r[1] or "", r[2] or "", (r[3] or "").strip() or self.unit_field.get(r[17], ""), "", a[1] or "",
            a[2] or "", None, a[3] or "", a[4] or "", d[a[5]], r[4] or "", (penalty,) if penalty.strip() else (),
            r[6], None, d[r[7]], d[r[8]], None, d[r[9]], None, d[r[10]], "", d[r[11]], d[r[12]], None, d[r[13]],
            bool(r[14]), d[r[15]], d[r[16]], None, False, "分期" in (a[6] or ""), self._known(r[18]))
