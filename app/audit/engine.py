"""Run every rule over the loaded data: receipts first, then the ledger, then the case files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from app.audit import rules_cases, rules_ledger, rules_officers, rules_receipts
from app.audit.data import AuditData
from app.audit.model import Draft, dedupe
from app.audit.rules_discretion import DEFAULT_FACTOR, discretion_out_of_range, inconsistent_penalty
from app.domain.calendar import Calendar
from app.errors import Cancelled

Progress = Callable[[int, int, str], None] | None
Cancel = Callable[[], bool] | None


@dataclass
class EngineOutput:
    drafts: list[Draft]
    calendar_fallback_years: list[int] = field(default_factory=list)


def _steps(data: AuditData, calendar: Calendar, as_of: date,
           factor: float) -> list[tuple[str, Callable[[], Iterable[Draft]]]]:
    steps: list[tuple[str, Callable[[], Iterable[Draft]]]] = []
    for rule in rules_receipts.RULES:
        steps.append(("核对收据", lambda r=rule: r(data)))
    for rule in rules_ledger.RULES:
        steps.append(("核对台账", lambda r=rule: r(data)))
    for rule in rules_officers.RULES:
        steps.append(("核对执法人员", lambda r=rule: r(data)))
    steps += [
        ("检查案卷", lambda: rules_cases.decision_overdue(data)),
        ("检查案卷", lambda: rules_cases.major_without_legal_review(data)),
        ("检查公示", lambda: rules_cases.publication_late(data, calendar, as_of)),
        ("检查缴款", lambda: rules_cases.fine_unpaid_overdue(data, as_of)),
        ("检查案卷", lambda: rules_cases.date_order(data)),
        ("检查裁量", lambda: discretion_out_of_range(data)),
        ("检查裁量", lambda: inconsistent_penalty(data, factor)),
    ]
    return steps


def run_rules(data: AuditData, calendar: Calendar, as_of: date, *, factor: float = DEFAULT_FACTOR,
              progress: Progress = None, cancel: Cancel = None) -> EngineOutput:
    """All findings, deduplicated by fingerprint, in stage order. Raises Cancelled when asked."""
    steps = _steps(data, calendar, as_of, factor)
    drafts: list[Draft] = []
    for i, (label, step) in enumerate(steps):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(i, len(steps), label)
        drafts.extend(_checked(step(), cancel))
    if progress is not None:
        progress(len(steps), len(steps), "核对完成")
    return EngineOutput(dedupe(drafts), sorted(calendar.years_missing))


def _checked(found: Iterable[Draft], cancel: Cancel, every: int = 5000) -> Iterator[Draft]:
    for n, d in enumerate(found, 1):
        if cancel is not None and n % every == 0 and cancel():
            raise Cancelled()
        yield d
