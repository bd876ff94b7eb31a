"""Run every rule of the rule book (registry.py) in its order: receipts first, then the ledger,
then the case files. Set-based rules answer through the run's connection (`db`), the others over
the loaded data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from app.audit.data import AuditData
from app.audit.law.office_rules import OfficeRules
from app.audit.model import Draft, dedupe
from app.audit.registry import RULES
from app.audit.rule import RunInputs
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
              cancel: Cancel | None = None, db: Connection | None = None) -> EngineOutput:
    """All findings, deduplicated by fingerprint, in stage order. Raises Cancelled when asked.
    `db` is the connection the set-based rules query (inside the caller's transaction)."""
    run = RunInputs(data, calendar, as_of, factor, office, db)
    drafts: list[Draft] = []
    for i, rule in enumerate(RULES):
        raise_if_cancelled(cancel)
        if progress is not None:
            progress(i, len(RULES), rule.label)
        drafts.extend(_checked(rule.check(run), cancel))
    if progress is not None:
        progress(len(RULES), len(RULES), "核对完成")
    return EngineOutput(dedupe(drafts), sorted(calendar.years_missing))


def _checked(found: Iterable[Draft], cancel: Cancel | None) -> Iterator[Draft]:
    for n, d in enumerate(found, 1):
        if n % CANCEL_EVERY == 0:
            raise_if_cancelled(cancel)
        yield d
