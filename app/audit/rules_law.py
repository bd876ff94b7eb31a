"""The law checks by date (DOMAIN §3.3) as rules of the audit: each runs over the loaded records and
turns its LawFinding into a Draft whose `rule` is the article of the text it applied.

The checks themselves are pure functions (rules_law_cases.py, rules_procedure.py,
rules_law_money.py, rules_law_double.py); this module only feeds them the records, the calendar,
the audit date and the office's own rules (RunInputs), in the order of the reverse-order audit:
the on-site receipts first (RECEIPT_RULES), then the case files (CASE_RULES).

The case files are read in one pass (`case_pass`): each case's CaseFacts is made once, put to
every per-case check and let go; each check's findings are then given out by its own rule, in
the rule book's order, so the findings come out as if each rule had read the cases itself. Over
the store's own cases the pass reads only the rows some check could report on, and puts each to
the checks whose SQL condition it meets (rules_law_store.py): the same findings, for a seventh of
the reading on a typical register. Those rows are read narrow — the fields the checks on dates
and review read (rules_law_narrow.py) — and only a case another check needs is read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from sqlalchemy import Connection

from app.audit import rules_law_cases as lc
from app.audit import rules_law_double as ld
from app.audit import rules_law_money as lm
from app.audit import rules_law_narrow as ln
from app.audit import rules_law_store as ls
from app.audit import rules_procedure as lp
from app.audit.case_columns import rows_by_id
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

# The checks of one case, in the order of the reverse-order audit, with their progress labels and
# the names rules_law_store.check_conditions knows them by.
PER_CASE: tuple[tuple[str, str, BoundCheck], ...] = (
    ("检查案卷", "no_legal_basis", lambda run: lc.no_legal_basis),
    ("检查案卷", "decision_overdue",
     lambda run: partial(lc.decision_overdue, calendar=run.calendar, office=run.office)),
    ("检查案卷", "case_pending_too_long", lambda run: partial(lc.case_pending_too_long, as_of=run.as_of,
                                                              calendar=run.calendar, office=run.office)),
    ("检查程序", "notice_missing", lambda run: lc.notice_missing),
    ("检查程序", "hearing_rights_ignored",
     lambda run: partial(lp.hearing_rights_ignored, calendar=run.calendar, office=run.office)),
    ("检查程序", "hearing_without_legal_review", lambda run: lp.hearing_without_legal_review),
    ("检查程序", "major_without_legal_review", lambda run: partial(lp.major_without_legal_review, office=run.office)),
    ("检查程序", "decided_after_review_rejected", lambda run: lp.decided_after_review_rejected),
    ("检查送达", "service_late", lambda run: partial(lp.service_late, calendar=run.calendar, office=run.office)),
    ("检查缴款", "late_payment_no_surcharge", lambda run: lm.late_payment_no_surcharge),
)


@dataclass
class CasePass:
    """What one pass over the case files found: each per-case check's drafts, and the cases
    DOUBLE_PENALTY compares (the fined decisions whose act the data shows), with their act."""

    drafts: list[list[Draft]]
    fined_acts: list[tuple[str, CaseFacts]]


def case_pass(run: RunInputs) -> CasePass:
    """Every case's CaseFacts built once and put to every per-case check in one pass, then let go
    (a province's store holds a million cases: their facts are not kept side by side). Made once
    per run, by the first of the case rules to run. Over the store's own cases, only those some
    check could report on are read (rules_law_store.py); cases given as records are all read."""
    memo = run.data.memo.setdefault("law_cases", {})
    done = memo.get("pass")
    if done is None:
        db = run.store_db()
        done = _store_pass(run, db) if db is not None else _records_pass(run)
        memo["pass"] = done
    return done


def _records_pass(run: RunInputs) -> CasePass:
    drafts: list[list[Draft]] = [[] for _ in PER_CASE]
    checks = [(out.append, bind(run)) for out, (_, _, bind) in zip(drafts, PER_CASE, strict=True)]
    fined: list[tuple[str, CaseFacts]] = []
    act_of = ld.act_of
    for rec in run.data.cases:
        facts = case_facts(rec)
        for keep, check in checks:
            found = check(facts)
            if found is not None:
                keep(draft_of(found, rec.unit_id))
        fined_act = act_of(facts)
        if fined_act is not None:
            fined.append((fined_act, facts))
    return CasePass(drafts, fined)


def _store_pass(run: RunInputs, db: Connection) -> CasePass:
    """The same pass over the rows the checks' SQL conditions choose: on each, only the checks
    whose condition holds (the others could not report on it), in the same order. Each row is
    read narrow (rules_law_narrow.py); one that a check outside the narrow ones must see is read
    again whole, and one that DOUBLE_PENALTY compares, with the fields it compares."""
    drafts: list[list[Draft]] = [[] for _ in PER_CASE]
    conditions = ls.check_conditions(run, db)
    names = [name for _, name, _ in PER_CASE]
    checks = [(out.append, bind(run)) for out, (_, _, bind) in zip(drafts, PER_CASE, strict=True)]
    act = 1 << len(PER_CASE)
    narrow = ln.narrow_checks(run.office)
    wide = sum(1 << i for i, n in enumerate(names) if n not in narrow)
    rows = list(ls.candidate_rows(db, ln.narrow_columns(), [conditions[n] for n in (*names, "act")]))
    whole = {r[0]: r for r in rows_by_id(db, ls.fact_columns(), [r[0] for r in rows if r[-1] & wide])}
    acts = {r[0]: r for r in rows_by_id(db, ln.act_columns(), [r[0] for r in rows if (r[-1] & (act | wide)) == act])}
    plans: dict[int, list[tuple[Callable[[Draft], None], CaseCheck]]] = {}  # which conditions hold → their checks
    fined: list[tuple[str, CaseFacts]] = []
    act_of = ld.act_of
    read, unit_at = ln.NarrowReader(db), ln.UNIT_AT
    for row in rows:
        held = row[-1]
        plan = plans.get(held)
        if plan is None:
            plan = plans[held] = [c for i, c in enumerate(checks) if held >> i & 1]
        if held & wide:
            facts = read.whole(whole[row[0]])
        elif held & act:
            facts = read.with_act(row, acts[row[0]])
        else:
            facts = read(row)
        for keep, check in plan:
            found = check(facts)
            if found is not None:
                keep(draft_of(found, row[unit_at]))
        if held & act:
            fined_act = act_of(facts)
            if fined_act is not None:
                fined.append((fined_act, facts))
    return CasePass(drafts, fined)


def _from_pass(i: int) -> Callable[[RunInputs], Iterator[Draft]]:
    def run_check(run: RunInputs) -> Iterator[Draft]:
        yield from case_pass(run).drafts[i]

    return run_check


def double_penalty(run: RunInputs) -> Iterable[Draft]:
    """DOUBLE_PENALTY over all case files at once (an act is compared across cases); the last rule
    of the pass, which it lets go."""
    found = ld.double_penalty_of(case_pass(run).fined_acts)
    run.data.memo.pop("law_cases", None)
    if not found:
        return []
    named = {f.refs["case_no"] for f in found}
    unit_of: dict[str, int | None] = {}
    for key, unit_id in _keys_and_units(run, named):  # the unit of the case named (of the last, if two share a key)
        if key in named:
            unit_of[key] = unit_id
    return [draft_of(f, unit_of.get(f.refs["case_no"])) for f in found]


def _keys_and_units(run: RunInputs, named: set[str]) -> Iterator[tuple[str, int | None]]:
    """(case_key or case_no, unit) of the cases, in id order: of the store's cases, only those
    whose key or number is one of `named`."""
    db = run.store_db()
    if db is not None:
        yield from ls.keys_and_units(db, sorted(named))
    else:
        for rec in run.data.cases:
            yield rec.case_key or rec.case_no, rec.unit_id


CASE_RULES: tuple[Rule, ...] = (
    *(Rule(label, _from_pass(i)) for i, (label, _, _) in enumerate(PER_CASE)),
    Rule("检查一事不再罚", double_penalty),
)
