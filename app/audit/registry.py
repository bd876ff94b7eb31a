"""The rule book: every rule the audit runs, in the order of the reverse-order audit (倒查) —
receipts, then the ledger, then the case files (officers, dates and procedure, discretion).

The engine runs exactly this tuple; a new rule module adds its `RULES` here.
"""

from __future__ import annotations

from app.audit import rules_cases, rules_discretion, rules_ledger, rules_officers, rules_receipts
from app.audit.rule import Rule

RULES: tuple[Rule, ...] = (
    *rules_receipts.RULES,
    *rules_ledger.RULES,
    *rules_officers.RULES,
    *rules_cases.RULES,
    *rules_discretion.RULES,
)
