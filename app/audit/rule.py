"""What a rule is, to the engine: a label for the progress bar and a check over one run's inputs.

Every rule module (rules_*.py) keeps its checks as plain functions of what they need (the tests
call them so) and lists them once in `RULES: tuple[Rule, ...]`; `registry.py` puts the modules'
lists in the order of the reverse-order audit. A check takes the whole `RunInputs`, so rules that
need the calendar, the audit date or the 同案异罚 factor sit in the same list as the ones that need
only the data; the law checks also read the office's own rules from it.

Two kinds of check: one over the loaded records (`on_data`: a function of AuditData), and a
set-based one over the store itself (`on_store`: a function of the run's database connection,
answering with SQL). Both yield Drafts; the engine does not tell them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from app.audit.data import AuditData
from app.audit.law.office_rules import OfficeRules
from app.audit.model import Draft
from app.domain.calendar import Calendar


@dataclass(frozen=True)
class RunInputs:
    """What one audit run checks, and against which date and settings."""

    data: AuditData
    calendar: Calendar
    as_of: date
    factor: float  # 同案异罚: the highest fine may be at most this many times the lowest
    office: OfficeRules | None = None  # the office's own rules (sector periods, 较大数额, 目录清单)
    db: Connection | None = None  # the run's connection (inside its transaction), for set-based rules

    def store_db(self) -> Connection | None:
        """The run's connection when the case files are the store's own (AuditData.cases_from_store):
        a rule may then ask SQL for the cases it could report on. None: the checks read the records."""
        return self.db if self.db is not None and self.data.cases_from_store else None

    def connection(self) -> Connection:
        if self.db is None:
            raise RuntimeError("this rule runs SQL over the store: the run needs a connection")
        return self.db


@dataclass(frozen=True)
class Rule:
    label: str  # shown while the rule runs (核对收据, 检查公示 …)
    check: Callable[[RunInputs], Iterable[Draft]]


def on_data(label: str, *checks: Callable[[AuditData], Iterable[Draft]]) -> tuple[Rule, ...]:
    """Rules for checks that look at the data alone, all shown under one label."""
    return tuple(Rule(label, _on_data(c)) for c in checks)


def on_store(label: str, *checks: Callable[[Connection], Iterable[Draft]]) -> tuple[Rule, ...]:
    """Rules for set-based checks: SQL over the store through the run's connection."""
    return tuple(Rule(label, _on_store(c)) for c in checks)


def _on_data(check: Callable[[AuditData], Iterable[Draft]]) -> Callable[[RunInputs], Iterable[Draft]]:
    def run_check(run: RunInputs) -> Iterable[Draft]:
        return check(run.data)

    run_check.__name__ = check.__name__
    return run_check


def _on_store(check: Callable[[Connection], Iterable[Draft]]) -> Callable[[RunInputs], Iterable[Draft]]:
    def run_check(run: RunInputs) -> Iterable[Draft]:
        return check(run.connection())

    run_check.__name__ = check.__name__
    return run_check
