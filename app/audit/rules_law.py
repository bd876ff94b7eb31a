"""The law checks by date (DOMAIN §3.3) as rules of the audit: each runs over the loaded records and
turns its LawFinding into a Draft whose `rule` is the article of the text it applied.

The checks themselves are pure functions (rules_law_cases.py, rules_procedure.py,
rules_law_money.py, rules_law_double.py); this module only feeds them the records, the calendar,
the audit date and the office's own rules (RunInputs), in the order of the reverse-order audit:
the on-site receipts first (RECEIPT_RULES), then the case files (CASE_RULES).

The case files are read in one pass (`case_pass`): each case's CaseFacts is made once, put to
every per-case check and let go; each check's findings are then given out by its own rule, in
the rule book's order, so the findings come out as if each rule had read the cases itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from app.audit import rules_law_cases as lc
from app.audit import rules_law_double as ld
from app.audit import rules_law_money as lm
from app.audit import rules_procedure as lp
from app.audit.law.inputs import CaseFacts
from app.audit.law.result import LawFinding
from app.audit.law_facts import case_facts
from app.audit.model import Draft
from app.audit.rule import Rule, RunInputs

CaseCheck = Callable[[CaseFacts], LawFinding | None]
# A per-case check made ready for one run: the run's calendar, date and office rules bound once,
# so the pass over a store's cases calls each check with the case alone.
BoundCheck = Callable[[RunInputs], CaseCheck]


def draft_of(f: LawFinding, unit_id: int | None) -> Draft:
    """A law check's verdict as the audit stores it; the citation becomes the finding's rule."""
    return Draft(f.code, dict(f.refs), f.expected, f.found, f.message, unit_id=unit_id,
                 case_key=f.refs.get("case_no", ""), receipt_key=f.refs.get("receipt_no", ""),
                 calendar_fallback=f.calendar_fallback, rule=f.citation)


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


RECEIPT_RULES: tuple[Rule, ...] = (
    Rule("核对收据", onsite_over_limit),
    Rule("核对收据", cash_handover_late),
)

# The checks of one case, in the order of the reverse-order audit, with their progress labels.
PER_CASE: tuple[tuple[str, BoundCheck], ...] = (
    ("检查案卷", lambda run: lc.no_legal_basis),
    ("检查案卷", lambda run: partial(lc.decision_overdue, calendar=run.calendar, office=run.office)),
    ("检查案卷", lambda run: partial(lc.case_pending_too_long, as_of=run.as_of, calendar=run.calendar,
                                     office=run.office)),
    ("检查程序", lambda run: lc.notice_missing),
    ("检查程序", lambda run: partial(lp.hearing_rights_ignored, calendar=run.calendar, office=run.office)),
    ("检查程序", lambda run: lp.hearing_without_legal_review),
    ("检查程序", lambda run: partial(lp.major_without_legal_review, office=run.office)),
    ("检查程序", lambda run: lp.decided_after_review_rejected),
    ("检查送达", lambda run: partial(lp.service_late, calendar=run.calendar, office=run.office)),
    ("检查缴款", lambda run: lm.late_payment_no_surcharge),
)


@dataclass
class CasePass:
    """What one pass over the case files found: each per-case check's drafts, and the facts of
    the cases DOUBLE_PENALTY compares (the fined decisions whose act the data shows)."""

    drafts: list[list[Draft]]
    fined_acts: list[CaseFacts]


def case_pass(run: RunInputs) -> CasePass:
    """Every case's CaseFacts built once and put to every per-case check in one pass, then let go
    (a province's store holds a million cases: their facts are not kept side by side). Made once
    per run, by the first of the case rules to run."""
    memo = run.data.memo.setdefault("law_cases", {})
    done = memo.get("pass")
    if done is None:
        drafts: list[list[Draft]] = [[] for _ in PER_CASE]
        checks = [(out.append, bind(run)) for out, (_, bind) in zip(drafts, PER_CASE, strict=True)]
        fined: list[CaseFacts] = []
        act_of = ld.act_of
        for rec in run.data.cases:
            facts = case_facts(rec)
            for keep, check in checks:
                found = check(facts)
                if found is not None:
                    keep(draft_of(found, rec.unit_id))
            if act_of(facts) is not None:
                fined.append(facts)
        done = memo["pass"] = CasePass(drafts, fined)
    return done


def _from_pass(i: int) -> Callable[[RunInputs], Iterator[Draft]]:
    def run_check(run: RunInputs) -> Iterator[Draft]:
        yield from case_pass(run).drafts[i]

    return run_check


def double_penalty(run: RunInputs) -> Iterable[Draft]:
    """DOUBLE_PENALTY over all case files at once (an act is compared across cases); the last rule
    of the pass, which it lets go."""
    found = ld.double_penalty(case_pass(run).fined_acts)
    run.data.memo.pop("law_cases", None)
    if not found:
        return []
    named = {f.refs["case_no"] for f in found}
    unit_of: dict[str, int | None] = {}
    for rec in run.data.cases:  # the unit of the case the finding names (of the last, if two share a key)
        key = rec.case_key or rec.case_no
        if key in named:
            unit_of[key] = rec.unit_id
    return [draft_of(f, unit_of.get(f.refs["case_no"])) for f in found]


CASE_RULES: tuple[Rule, ...] = (
    *(Rule(label, _from_pass(i)) for i, (label, _) in enumerate(PER_CASE)),
    Rule("检查一事不再罚", double_penalty),
)
