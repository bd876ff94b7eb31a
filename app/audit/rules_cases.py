"""Stage 3: checks on each case file's dates: publication, payment, the order of the dates.

A date the case file does not give skips the check that needs it (no finding), except that a
decision still unpublished once its deadline has passed is PUBLICATION_LATE ("or not at all").
15 days are calendar days; 7 days are working days (三项制度; 行政处罚法 2021 第八十五条). Each
finding cites the text in force on its date; the period and procedure checks of the law
(decision period, legal review, hearing, service …) are in rules_law.py.

In a run over the store each check reads only the cases SQL says it could report on, and only
the fields it reads (case_candidates.py); the check is the same code over either.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple, Protocol

from sqlalchemy import Connection

from app.audit import case_candidates as cand
from app.audit.codes import PUBLICATION_SYSTEM
from app.audit.data import AuditData
from app.audit.law.provisions import PAYMENT, SURCHARGE, cite, provision_of
from app.audit.law.texts import TEXT_2017, TEXT_2021, text_on
from app.audit.law.transition import statutory_period
from app.audit.load_money import unsettled_served_before
from app.audit.model import CaseRef, Draft
from app.audit.rule import Rule, RunInputs
from app.domain.amounts import format_fen
from app.domain.calendar import Calendar

# The shortest period to pay a fine (both texts: 15 calendar days from service).
PAYMENT_DAYS = min(provision_of(PAYMENT, t).period or 0 for t in (TEXT_2017, TEXT_2021))
PUBLICATION_WORKDAYS = 7  # 三项制度：作出决定之日起7个工作日内
ENFORCEMENT_WORDS = ("申请法院强制执行", "申请人民法院强制执行", "强制执行")

DATE_CHAIN = (("filed_on", "立案"), ("notified_on", "告知"), ("decided_on", "决定"),
              ("served_on", "送达"), ("paid_on", "缴款"), ("closed_on", "结案"))


class OnCase(CaseRef, Protocol):
    """What every check here reads of a case: a CaseRec, or the store's narrow row of it
    (case_columns.py)."""


class PublishedCase(OnCase, Protocol):
    @property
    def decided_on(self) -> date | None: ...
    @property
    def published_on(self) -> date | None: ...
    @property
    def unknown_fields(self) -> frozenset[str]: ...
    @property
    def listed_on(self) -> date | None: ...
    @property
    def listed_in(self) -> str: ...
    @property
    def unlisted_in(self) -> str: ...
    @property
    def unlisted_as_of(self) -> date | None: ...


class PayableCase(OnCase, Protocol):
    @property
    def fine_fen(self) -> int | None: ...
    @property
    def served_on(self) -> date | None: ...
    @property
    def paid_on(self) -> date | None: ...
    @property
    def enforcement(self) -> str: ...


def _case_draft(code: str, c: OnCase, expected: object, found: object, message: str,
                fallback: bool = False, rule: str = "") -> Draft:
    return Draft(code, {"case_no": c.case_key}, expected, found, message, unit_id=c.unit_id,
                 case_key=c.case_key, calendar_fallback=fallback, rule=rule)


def publication_rule(decided_on: date) -> str:
    """The 三项制度's 7 working days; from 2021-07-15 also the law's own (第四十八条, 第八十五条).
    The 2017 text had no publication rule."""
    if text_on(decided_on) is TEXT_2021:
        return f"{PUBLICATION_SYSTEM}；{TEXT_2021.name}第四十八条、第八十五条"
    return PUBLICATION_SYSTEM


@lru_cache(maxsize=8192)  # one answer per service day: a run asks it for every fined case
def payment_rule(served_on: date) -> tuple[date, str]:
    """The last day to pay and the articles of the text in force on it (15 days from service;
    at expiry 加处罚款 and 申请强制执行: 2017 第四十六条、第五十一条 / 2021 第六十七条、第七十二条)."""
    applied = statutory_period(PAYMENT, served_on)
    assert applied.deadline is not None  # both texts set 15 days
    return applied.deadline.due, cite(applied.provision, provision_of(SURCHARGE, applied.text))


def publication_late(data: AuditData, calendar: Calendar, as_of: date) -> Iterator[Draft]:
    """Published after the 7th working day after the decision, or not at all once that day has
    passed (as of `as_of`). Publishing on the 7th working day is on time.

    The date a published list shows (`import publications`) is the date actually published and
    comes before the register's 公示日期. A decision that a list covering its date and unit does
    not show, when that list shows publications made after the decision's deadline, was not
    published in time: "未见公示", whatever the register says."""
    yield from _publication_late(data.cases, calendar, as_of)


def publication_late_in_store(calendar: Calendar, as_of: date, db: Connection) -> Iterator[Draft]:
    """`publication_late` in a run: on the store's cases the SQL says could be late
    (case_candidates.publication_candidates), and those whose deadline the calendar must count."""
    return _publication_late(cand.publication_candidates(db, calendar, as_of, PUBLICATION_WORKDAYS), calendar,
                             as_of)


class _Day(NamedTuple):
    """What every PUBLICATION_LATE finding on one decision day says of that day (worked out once:
    a register decides on a few hundred days a year)."""

    deadline: date
    decided: str  # ISO
    due: str  # ISO
    fallback: bool
    rule: str


def _publication_late(cases: Iterable[PublishedCase], calendar: Calendar, as_of: date) -> Iterator[Draft]:
    days: dict[date, _Day] = {}
    for c in cases:
        if c.decided_on is None:
            continue
        day = days.get(c.decided_on)
        if day is None:  # the calendar notes the years it guessed on this first call
            deadline = calendar.add_workdays(c.decided_on, PUBLICATION_WORKDAYS)
            day = days[c.decided_on] = _Day(deadline, c.decided_on.isoformat(), deadline.isoformat(),
                                            bool(calendar.fallback_years(c.decided_on, deadline)),
                                            publication_rule(c.decided_on))
        deadline = day.deadline
        unlisted = (c.listed_on is None and bool(c.unlisted_in) and c.unlisted_as_of is not None
                    and c.unlisted_as_of > deadline)
        published = c.listed_on or c.published_on
        if published is None and not unlisted and "published_on" in c.unknown_fields:
            continue
        if c.listed_on is not None:
            if c.listed_on > deadline:
                yield _publication_draft(c, day,
                                         {"published_on": c.listed_on.isoformat(), "publication_list": c.listed_in},
                                         f"公示清单 {c.listed_in} 所示公示日期 {c.listed_on.isoformat()}"
                                         + _register_said(c))
        elif unlisted:
            assert c.unlisted_as_of is not None
            yield _publication_draft(c, day,
                                     {"published_on": None, "publication_list": c.unlisted_in, "status": "未见公示"},
                                     f"公示清单 {c.unlisted_in}（所列公示截至 {c.unlisted_as_of.isoformat()}）"
                                     f"中未见公示" + _register_said(c))
        elif c.published_on is not None:
            if c.published_on > deadline:
                yield _publication_draft(c, day, {"published_on": c.published_on.isoformat()},
                                         f"实际公示日期 {c.published_on.isoformat()}")
        elif as_of > deadline:
            yield _publication_draft(c, day, {"published_on": None}, f"截至 {as_of.isoformat()} 未见公示")


def _publication_draft(c: PublishedCase, day: _Day, found: dict[str, object], said: str) -> Draft:
    """A PUBLICATION_LATE finding (made only for the few cases found late: most are on time)."""
    return Draft("PUBLICATION_LATE", {"case_no": c.case_key}, {"deadline": day.due}, found,
                 f"案卷 {c.case_no} 于 {day.decided} 作出决定，应于 {day.due} 前公示，{said}", unit_id=c.unit_id,
                 case_key=c.case_key, calendar_fallback=day.fallback, rule=day.rule)


def _register_said(c: PublishedCase) -> str:
    """The register's own 公示日期, when it differs from what the list shows."""
    if c.published_on is None or c.published_on == c.listed_on:
        return ""
    return f"（案卷登记的公示日期为 {c.published_on.isoformat()}）"


@lru_cache(maxsize=4096)  # a register's enforcement column repeats a few phrases
def _enforcement_applied(text: str) -> bool:
    return any(w in text for w in ENFORCEMENT_WORDS)


def _paid_or_enforced(data: AuditData) -> set[str]:
    """Case keys whose fine a receipt or a ledger payment date shows paid, or whose ledger row
    records an application for court enforcement."""
    out = {key for key, rs in data.receipts_by_case.items() if any(not r.voided for r in rs)}
    live = {key for key, rs in data.receipts_by_key.items() if any(not r.voided for r in rs)}
    for row in data.ledger:
        if row.paid_on is not None or _enforcement_applied(row.enforcement) or (
                row.receipt_key and row.receipt_key in live):
            out.add(row.case_key)
    return out


def fine_unpaid_overdue(data: AuditData, as_of: date,
                        settled_keys: Callable[[], Container[str]] | None = None) -> Iterator[Draft]:
    """A fine not shown paid (no receipt, no payment date) more than 15 days after service, with
    no application to the court for enforcement recorded. The text in force on the last day to
    pay is cited (law/transition.py). `settled_keys` gives the settled case keys (in a run: one
    SQL query, so no receipt or ledger row is loaded); by default they come from the data."""
    def settled() -> Container[str]:
        return settled_keys() if settled_keys is not None else _paid_or_enforced(data)

    return _unpaid(data.cases, as_of, settled)


def fine_unpaid_overdue_in_store(data: AuditData, as_of: date, db: Connection) -> Iterator[Draft]:
    """`fine_unpaid_overdue` in a run: the store names the only cases it can find (a fine served
    more than the shortest payment period before `as_of`, nothing settling it) and the exact
    check runs on them alone. As `as_of` must be after the last day to pay, and that day is at
    least PAYMENT_DAYS calendar days after service, a case served later cannot be overdue."""
    candidates = unsettled_served_before(db, as_of - timedelta(days=PAYMENT_DAYS))
    if not candidates:
        return iter(())
    if data.cases_from_store:  # the candidates' own rows: the store's every case need not be read
        return _unpaid(cand.fined_cases_by_id(db, candidates), as_of, frozenset)
    return _unpaid((c for c in data.cases if c.id in candidates), as_of, frozenset)


def _unpaid(cases: Iterable[PayableCase], as_of: date, settled_keys: Callable[[], Container[str]]) -> Iterator[Draft]:
    settled: Container[str] | None = None
    for c in cases:
        if not c.fine_fen or c.fine_fen <= 0 or c.served_on is None or c.paid_on is not None:
            continue
        due, rule = payment_rule(c.served_on)
        if as_of <= due or _enforcement_applied(c.enforcement):
            continue
        if settled is None:
            settled = settled_keys()
        if c.case_key in settled:
            continue
        yield _case_draft("FINE_UNPAID_OVERDUE", c, {"paid_by": due.isoformat()}, {"paid_on": None},
                          f"案卷 {c.case_no} 罚款 {format_fen(c.fine_fen)} 元，{c.served_on.isoformat()} 送达，"
                          f"逾期未见缴款，也未申请法院强制执行", rule=rule)


_CHAIN_DATES = attrgetter(*(name for name, _ in DATE_CHAIN))


def _in_order(dates: tuple[date | None, ...]) -> bool:
    """The dates present, in chain order, never go back."""
    last: date | None = None
    for d in dates:
        if d is not None:
            if last is not None and last > d:
                return False
            last = d
    return True


def date_order(data: AuditData) -> Iterator[Draft]:
    """Dates out of the order 立案 ≤ 告知 ≤ 决定 ≤ 送达 ≤ 缴款 ≤ 结案 (over the dates present);
    one finding per case naming the first pair out of order."""
    yield from _date_order(data.cases)


def date_order_in_store(db: Connection) -> Iterator[Draft]:
    """`date_order` on the store's cases with a date later than one after it in the chain (SQL)."""
    return _date_order(cand.date_order_candidates(db, [name for name, _ in DATE_CHAIN]))


def _date_order(cases: Iterable[OnCase]) -> Iterator[Draft]:
    for c in cases:
        if _in_order(_CHAIN_DATES(c)):  # nearly every case: nothing to name
            continue
        present = [(name, label, getattr(c, name)) for name, label in DATE_CHAIN if getattr(c, name) is not None]
        for (n1, l1, d1), (n2, l2, d2) in zip(present, present[1:], strict=False):
            if d1 > d2:
                yield _case_draft("DATE_ORDER", c, {"order": f"{l1}≤{l2}"},
                                  {n1: d1.isoformat(), n2: d2.isoformat()},
                                  f"案卷 {c.case_no} {l1}日期 {d1.isoformat()} 晚于{l2}日期 {d2.isoformat()}")
                break


def _publication_rule(run: RunInputs) -> Iterator[Draft]:
    db = run.store_db()
    if db is None:
        return publication_late(run.data, run.calendar, run.as_of)
    return publication_late_in_store(run.calendar, run.as_of, db)


def _date_order_rule(run: RunInputs) -> Iterator[Draft]:
    db = run.store_db()
    return date_order(run.data) if db is None else date_order_in_store(db)


RULES: tuple[Rule, ...] = (
    Rule("检查公示", _publication_rule),
    Rule("检查缴款", lambda run: fine_unpaid_overdue_in_store(run.data, run.as_of, run.db) if run.db is not None
         else fine_unpaid_overdue(run.data, run.as_of)),
    Rule("检查案卷", _date_order_rule),
)
