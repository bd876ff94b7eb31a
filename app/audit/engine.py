"""Run every rule of the rule book (registry.py) in its order: receipts first, then the ledger,
then the case files. Set-based rules answer through the run's connection (`db`), the others over
the loaded data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from app.audit.data import AuditData
from app.audit.lanes import ReadConnection, run_in_lanes
from app.audit.law.office_rules import OfficeRules
from app.audit.model import Draft, dedupe
from app.audit.registry import LANES, RULES
from app.audit.rule import Rule, RunInputs
from app.audit.rules_discretion import DEFAULT_FACTOR
from app.domain.calendar import Calendar
from app.jobs import Cancel, Progress, raise_if_cancelled

CANCEL_EVERY = 5000  # findings between cancel checks inside one rule


@dataclass
class EngineOutput:
    drafts: list[Draft]
    calendar_fallback_years: list[int] = field(default_factory=list)


def run_rules(data: AuditData, calendar: Calendar, as_of: date, *, factor: float = DEFAULT_FACTOR,
              office: OfficeRules | None = None, progress: Progress | None = None,
              cancel: Cancel | None = None, db: Connection | None = None,
              connect: ReadConnection | None = None) -> EngineOutput:
    """All findings, deduplicated by fingerprint (the first one kept), in stage order. Raises
    Cancelled when asked. `db` is the connection the set-based rules query (inside the caller's
    transaction); `connect`, when given, opens more connections reading the same store: the rules
    then run in lanes, two at a time (lanes.py), with the same findings in the same order."""
    run = RunInputs(data, calendar, as_of, factor, office, db)
    drafts: list[Draft] = []

    def check(rule: Rule, inputs: RunInputs) -> list[Draft]:
        raise_if_cancelled(cancel)
        return list(_checked(rule.check(inputs), cancel))

    if connect is None:
        for i, rule in enumerate(RULES):
            if progress is not None:
                progress(i, len(RULES), rule.label)
            drafts.extend(check(rule, run))
    else:  # the bar moves as each rule's findings come back, in the rule book's order
        for i, (rule, found) in enumerate(zip(RULES, run_in_lanes(RULES, LANES, run, connect, check), strict=True)):
            if progress is not None:
                progress(i, len(RULES), rule.label)
            drafts.extend(found)
    if progress is not None:
        progress(len(RULES), len(RULES), "核对完成")
    return EngineOutput(dedupe(drafts), sorted(calendar.years_missing))


def _checked(found: Iterable[Draft], cancel: Cancel | None) -> Iterator[Draft]:
    for n, d in enumerate(found, 1):
        if n % CANCEL_EVERY == 0:
            raise_if_cancelled(cancel)
        yield d
