"""The law checks by date (DOMAIN §3.3) as rules of the audit: each runs over the loaded records and
turns its LawFinding into a Draft whose `rule` is the article of the text it applied.

The checks themselves are pure functions (rules_law_cases.py, rules_procedure.py,
rules_law_money.py, rules_law_double.py); this module only feeds them the records, the calendar,
the audit date and the office's own rules (RunInputs), in the order of the reverse-order audit:
the on-site receipts first (RECEIPT_RULES), then the case files (CASE_RULES).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from app.audit import rules_law_cases as lc
from app.audit import rules_law_double as ld
from app.audit import rules_law_money as lm
from app.audit import rules_procedure as lp
from app.audit.data import AuditData
from app.audit.law.inputs import CaseFacts
from app.audit.law.result import LawFinding
from app.audit.law_facts import case_facts
from app.audit.model import CaseRec, Draft
from app.audit.rule import Rule, RunInputs

CaseCheck = Callable[[CaseFacts, RunInputs], LawFinding | None]


def draft_of(f: LawFinding, unit_id: int | None) -> Draft:
    """A law check's verdict as the audit stores it; the citation becomes the finding's rule."""
    return Draft(f.code, dict(f.refs), f.expected, f.found, f.message, unit_id=unit_id,
                 case_key=f.refs.get("case_no", ""), receipt_key=f.refs.get("receipt_no", ""),
                 calendar_fallback=f.calendar_fallback, rule=f.citation)


def facts_of(data: AuditData) -> list[tuple[CaseRec, CaseFacts]]:
    """Every case with its CaseFacts, built once per run and shared by the checks."""
    cache = data.memo.setdefault("law_facts", {})
    hit = cache.get("cases")
    if hit is None:
        hit = cache["cases"] = [(c, case_facts(c)) for c in data.cases]
    return hit


def _each_case(check: CaseCheck) -> Callable[[RunInputs], Iterator[Draft]]:
    def run_check(run: RunInputs) -> Iterator[Draft]:
        for rec, facts in facts_of(run.data):
            found = check(facts, run)
            if found is not None:
                yield draft_of(found, rec.unit_id)

    return run_check


def onsite_over_limit(run: RunInputs) -> Iterator[Draft]:
    """ONSITE_COLLECTION_OVER_LIMIT by the text in force on the day the cash was taken."""
    for r in run.data.onsite_receipts:
        found = lm.onsite_over_limit(r.facts)
        if found is not None:
            yield draft_of(found, r.unit_id)


def cash_handover_late(run: RunInputs) -> Iterator[Draft]:
    """CASH_HANDOVER_LATE, where the receipts carry a 上缴日期."""
    for r in run.data.onsite_receipts:
        found = lm.cash_handover_late(r.facts, run.calendar)
        if found is not None:
            yield draft_of(found, r.unit_id)


def double_penalty(run: RunInputs) -> Iterable[Draft]:
    """DOUBLE_PENALTY over all case files at once (an act is compared across cases)."""
    pairs = facts_of(run.data)
    unit_of = {facts.key: rec.unit_id for rec, facts in pairs}
    return [draft_of(f, unit_of.get(f.refs["case_no"])) for f in ld.double_penalty(f for _, f in pairs)]


RECEIPT_RULES: tuple[Rule, ...] = (
    Rule("核对收据", onsite_over_limit),
    Rule("核对收据", cash_handover_late),
)

CASE_RULES: tuple[Rule, ...] = (
    Rule("检查案卷", _each_case(lambda c, run: lc.no_legal_basis(c))),
    Rule("检查案卷", _each_case(lambda c, run: lc.decision_overdue(c, run.calendar, run.office))),
    Rule("检查案卷", _each_case(lambda c, run: lc.case_pending_too_long(c, run.as_of, run.calendar, run.office))),
    Rule("检查程序", _each_case(lambda c, run: lc.notice_missing(c))),
    Rule("检查程序", _each_case(lambda c, run: lp.hearing_rights_ignored(c, run.calendar, run.office))),
    Rule("检查程序", _each_case(lambda c, run: lp.hearing_without_legal_review(c))),
    Rule("检查程序", _each_case(lambda c, run: lp.major_without_legal_review(c, run.office))),
    Rule("检查程序", _each_case(lambda c, run: lp.decided_after_review_rejected(c))),
    Rule("检查送达", _each_case(lambda c, run: lp.service_late(c, run.calendar, run.office))),
    Rule("检查缴款", _each_case(lambda c, run: lm.late_payment_no_surcharge(c))),
    Rule("检查一事不再罚", double_penalty),
)
