"""Which rule governs a step whose period straddles 2021-07-15, and which period applies.

The rule for mixed dates: **a step is governed by the text in force on the day it had to be
taken by.** A period starts under the text in force on its first day; if that text's last day
in time falls while it is still in force, that text governs. Otherwise the step fell due under
the 2021 text, whose own period then applies — provided its last day is itself on or after
2021-07-15 (a period of the 2021 text cannot have run out before the text existed).

So a 2017-text period that ends before 2021-07-15 keeps its 2017 length and article; one that
would end later is replaced by the 2021 period (e.g. a decision on 2021-07-10 is served under
第六十一条's 7 working days); and the 2021 decision period of 90 days reaches a case filed
before 2021-07-15 only when its 90th day is on or after that date.

A sector rule (规章另有规定) the office entered replaces the statute's period when it is in
force on its own last day in time, by the same reasoning.

An audit asks the same question for every case filed (or decided, served …) on the same day, so
the answers are remembered for the calendar and office rules they were worked out with (`_Memo`):
the same objects give the same answer, and the years a working-day count had to guess for are
noted on the calendar again on every answer, as working them out would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from app.audit.law.office import SectorRule
from app.audit.law.office_rules import OfficeRules
from app.audit.law.periods import DayKind, Deadline, deadline, describe
from app.audit.law.provisions import Provision, provision_of
from app.audit.law.texts import TEXT_2017, TEXT_2021, LawText, text_on
from app.domain.calendar import Calendar


@dataclass(frozen=True)
class AppliedPeriod:
    """The period that governs one step: the statute's provision of the governing text, the
    sector rule that replaced its period (if any), and the last day in time (None: no period)."""

    provision: Provision
    period: int | None
    day_kind: DayKind
    deadline: Deadline | None
    sector_rule: SectorRule | None = None

    @property
    def text(self) -> LawText:
        return self.provision.text

    @cached_property  # asked for every finding; the periods are remembered per start date (_Memo)
    def citation(self) -> str:
        return self.sector_rule.citation if self.sector_rule is not None else self.provision.citation

    @cached_property
    def length(self) -> str:
        """"90日" / "7个工作日" ("" when there is no period)."""
        return describe(self.period, self.day_kind) if self.period else ""


def _due(p: Provision, start: date, calendar: Calendar | None) -> Deadline | None:
    return deadline(start, p.period, p.day_kind, calendar) if p.period else None


def _applied(p: Provision, due: Deadline | None) -> AppliedPeriod:
    return AppliedPeriod(p, p.period, p.day_kind, due)


class _Memo:
    """The answers worked out with one calendar and one office's rules (held, so that their ids
    cannot be reused while the answers are kept), with the years each answer's working-day
    count found no holiday data for."""

    def __init__(self, calendar: Calendar | None, office: OfficeRules | None) -> None:
        self.calendar, self.office = calendar, office
        self.answers: dict[tuple[str, date, str], tuple[AppliedPeriod, frozenset[int]]] = {}

    def answer(self, key: tuple[str, date, str], work_out: Callable[[], AppliedPeriod]) -> AppliedPeriod:
        hit = self.answers.get(key)
        calendar = self.calendar
        if hit is not None and not hit[1]:  # the common case: known, and nothing guessed
            return hit[0]
        if hit is None:
            before = frozenset(calendar.years_missing) if calendar is not None else frozenset()
            applied = work_out()
            guessed = frozenset(calendar.years_missing - before) if calendar is not None else frozenset()
            self.answers[key] = hit = (applied, guessed)
        elif hit[1] and calendar is not None:
            calendar.years_missing.update(hit[1])
        return hit[0]


# ("statute" / "applicable", whether a calendar was given) → the memo of the latest calendar and
# rules asked with: one run's checks ask with one calendar (or none, for calendar-day periods).
_MEMOS: dict[tuple[str, bool], _Memo] = {}


def _memo(kind: str, calendar: Calendar | None, office: OfficeRules | None) -> _Memo:
    slot = (kind, calendar is None)
    memo = _MEMOS.get(slot)
    if memo is None or memo.calendar is not calendar or memo.office is not office:
        memo = _MEMOS[slot] = _Memo(calendar, office)  # a new run (or another caller): start afresh
    return memo


def statutory_period(topic: str, start: date, calendar: Calendar | None = None) -> AppliedPeriod:
    """The statute's period on `topic` for a step whose period runs from `start`."""
    memo = _memo("statute", calendar, None)
    hit = memo.answers.get((topic, start, ""))
    if hit is not None and not hit[1]:  # answered before, with no year guessed: the common case
        return hit[0]
    return memo.answer((topic, start, ""), lambda: _statutory_period(topic, start, calendar))


def _statutory_period(topic: str, start: date, calendar: Calendar | None) -> AppliedPeriod:
    first = provision_of(topic, text_on(start))
    first_due = _due(first, start, calendar)
    if first_due is not None and first.text.in_force(first_due.due):
        return _applied(first, first_due)
    if first.text is TEXT_2017:
        later = provision_of(topic, TEXT_2021)
        later_due = _due(later, start, calendar)
        if later_due is not None and TEXT_2021.in_force(later_due.due):
            return _applied(later, later_due)
    return _applied(first, first_due)


def applicable_period(topic: str, start: date, calendar: Calendar | None = None, field: str = "",
                      office: OfficeRules | None = None) -> AppliedPeriod:
    """The period on `topic` from `start` for a case of `field`: the office's sector rule in force
    on its own last day (the field's own rule before an all-fields one), else the statute's."""
    if office is None:
        return statutory_period(topic, start, calendar)
    memo = _memo("applicable", calendar, office)
    hit = memo.answers.get((topic, start, field))
    if hit is not None and not hit[1]:  # answered before, with no year guessed: the common case
        return hit[0]
    return memo.answer((topic, start, field), lambda: _applicable_period(topic, start, calendar, field, office))


def _applicable_period(topic: str, start: date, calendar: Calendar | None, field: str,
                       office: OfficeRules | None) -> AppliedPeriod:
    if office is not None:
        rules = sorted(office.sector_rules_for(topic, field),
                       key=lambda r: (not r.field, -r.effective_from.toordinal()))
        for rule in rules:
            due = deadline(start, rule.period, rule.day_kind, calendar)
            if rule.in_force(due.due):
                return AppliedPeriod(provision_of(topic, text_on(due.due)), rule.period, rule.day_kind, due, rule)
    return statutory_period(topic, start, calendar)
