"""The rule book: every rule the audit runs, in the order of the reverse-order audit (倒查) —
receipts, then the ledger, then the case files (the law checks by date, officers, dates and
procedure, discretion).

The engine runs exactly this tuple; a new rule module adds its `RULES` here. A finding whose rule
depends on the text of the law in force on its date but whose check does not say it (the
reconciliation's RECEIPT_BEFORE_DECISION) gets its article here, from the date it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from app.audit import rules_cases, rules_discretion, rules_law, rules_ledger, rules_officers, rules_receipts
from app.audit.law.provisions import PAYMENT_SEPARATION, provision
from app.audit.model import Draft
from app.audit.rule import Rule, RunInputs
from app.process import recording_rule


def _receipt_before_decision(d: Draft) -> str:
    """罚缴分离 under the text in force on the decision date the receipt came before."""
    decided = d.expected.get("decided_on") if isinstance(d.expected, dict) else None
    if not isinstance(decided, str):
        return ""
    return provision(PAYMENT_SEPARATION, date.fromisoformat(decided)).citation + "（罚缴分离）"


# code → the article of the text in force on the date the finding names ("" = the code's rule).
DATED_RULES: dict[str, Callable[[Draft], str]] = {"RECEIPT_BEFORE_DECISION": _receipt_before_decision}


def _cited(rule: Rule) -> Rule:
    def run_check(run: RunInputs) -> Iterator[Draft]:
        for d in rule.check(run):
            if not d.rule and d.code in DATED_RULES:
                d.rule = DATED_RULES[d.code](d)
            yield d

    return Rule(rule.label, run_check)


def cited(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    return tuple(_cited(r) for r in rules)


# The rule book by lane (lanes.py): a lane is a module's rules, which may share a run's memos
# (the law pass, the officers' teams); the law's receipt rules and case rules are one lane.
BOOK: tuple[tuple[str, tuple[Rule, ...]], ...] = (
    ("receipts", cited(rules_receipts.RULES)),
    ("law", rules_law.RECEIPT_RULES),
    ("ledger", rules_ledger.RULES),
    ("law", rules_law.CASE_RULES),
    ("officers", rules_officers.RULES),
    ("cases", rules_cases.RULES),
    ("discretion", rules_discretion.RULES),
    ("recording", recording_rule.RULES),
)
RULES: tuple[Rule, ...] = tuple(rule for _, rules in BOOK for rule in rules)
LANES: tuple[str, ...] = tuple(lane for lane, rules in BOOK for _ in rules)
