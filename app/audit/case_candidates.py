"""The store's cases the date, payment and discretion checks could report on, chosen in SQL.

Each WHERE below holds for every case its check reports on — a condition the finding requires,
loosened where the exact rule is more than plain SQL says (a calendar-day span bounds a
working-day span; a fine outside some benchmark's range lies below the highest minimum or above
the lowest maximum) — and the check itself, unchanged, then decides on the rows it returns. So
the findings are those of the check over every case, in the same (id) order. NULL dates compare
false in SQL, as a missing date takes no part in these checks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from app.audit.case_columns import (
    FINED_COLUMNS,
    C,
    DatedCase,
    FinedCase,
    PublicationCase,
    UnknownFields,
    driver_rows,
    fined_case,
    near_a_year_without_data,
    rows_by_id,
)
from app.audit.load_cases import Dates, PublicationSeen
from app.audit.model import Benchmark
from app.audit.sql_dates import days_after
from app.domain.calendar import Calendar
from db.models_publication import Publication

_NOT_LISTED: tuple[date | None, str, str, date | None] = (None, "", "", None)


def publication_candidates(db: Connection, calendar: Calendar, as_of: date, workdays: int) -> list[PublicationCase]:
    """The decided cases PUBLICATION_LATE (published by the `workdays`-th working day after the
    decision) could report on, with what the published lists say of them. The deadline is at
    least `least_span(workdays)` calendar days after the decision (`workdays` days only when a
    weekend worked falls soon after it: `days_before_a_worked_weekend`), so a late case was
    published (on the register or on a list) more than that many days after it, or not by then
    and `as_of` is past them; or a list covering its date does not show it. Also every decision
    near a year without holiday data: its deadline, counted finding or not, notes that year on the
    calendar."""
    with Session(db) as s:  # joins the run's transaction and leaves it alone when closed
        seen = PublicationSeen(s)
    decided, published = C.decided_on, C.published_on
    span, short = least_span(workdays), days_before_a_worked_weekend(calendar, least_span(workdays))

    def later_than_deadline(on: ColumnElement[Any]) -> ColumnElement[bool]:
        """`on` after the deadline may be: past `span` days, or `workdays` days on a short span's day."""
        if span == workdays or not short:
            return on > days_after(decided, span)
        return and_(on > days_after(decided, workdays), or_(on > days_after(decided, span), decided.in_(short)))

    unpublished = decided < as_of - timedelta(days=span)
    if span != workdays and short:
        unpublished = or_(unpublished, and_(decided < as_of - timedelta(days=workdays), decided.in_(short)))
    maybe: list[ColumnElement[bool]] = [
        near_a_year_without_data(decided, calendar), later_than_deadline(published),
        and_(published.is_(None), unpublished)]
    if seen.listed:
        p = Publication.__table__.c
        maybe.append(exists().where(p.case_id == C.id, later_than_deadline(p.published_on)))
    if seen.lists:  # a list covers the decisions of its span
        maybe.append(and_(decided >= min(x.covers_from for x in seen.lists),
                          decided <= max(x.covers_to for x in seen.lists)))
    stmt = select(C.id, C.case_no, C.case_key, C.unit_id, decided, published, C.batch_id).where(
        decided.isnot(None), or_(*maybe)).order_by(C.id)
    dates, unknown, lists = Dates(), UnknownFields(db), bool(seen.lists or seen.listed)
    out = []
    for case_id, case_no, case_key, unit_id, decided_on, published_on, batch in driver_rows(db, stmt):
        d = dates[decided_on]
        listed = seen.fields(case_id, d, unit_id) if lists else _NOT_LISTED
        out.append(PublicationCase(case_id, case_no or "", case_key or "", unit_id, d, dates[published_on],
                                   unknown(batch), *listed))
    return out


def least_span(workdays: int) -> int:
    """The fewest calendar days `workdays` working days take counted by weekends alone, over the
    seven days of the week a count may start on (7 working days: 9 days, from a Sunday to a
    Monday, Tuesday or Wednesday)."""
    spans = []
    for start in range(7):  # the weekday of the decision
        days, left = 0, workdays
        while left:
            days += 1
            left -= (start + days) % 7 < 5
        spans.append(days)
    return min(spans)


def days_before_a_worked_weekend(calendar: Calendar, span: int) -> list[date]:
    """The days from which a period may end sooner than `span` calendar days: those with a
    working day the calendar adds (a weekend worked, 调休) among the `span` - 1 days after them.
    Elsewhere the calendar only takes working days away from the weekends-only count (holidays),
    and `span` days hold no more working days than that count finds in them."""
    worked = {d for data in calendar.years.values() for d in data.workdays}
    return sorted({w - timedelta(days=k) for w in worked for k in range(1, span)})


def date_order_candidates(db: Connection, chain: Sequence[str]) -> list[DatedCase]:
    """The cases with a date present later than a date present after it in `chain` (the names of
    the date columns in chain order, as DatedCase has them): all DATE_ORDER can report on."""
    if tuple(chain) != DatedCase._fields[4:]:
        raise ValueError("the chain's dates are not DatedCase's")
    dates = [C[name] for name in chain]
    back = [a > b for i, a in enumerate(dates) for b in dates[i + 1:]]
    stmt = select(C.id, C.case_no, C.case_key, C.unit_id, *dates).where(or_(*back)).order_by(C.id)
    d = Dates()
    return [DatedCase(r[0], r[1] or "", r[2] or "", r[3], *(d[v] for v in r[4:])) for r in driver_rows(db, stmt)]


def fined_cases_by_id(db: Connection, ids: set[int]) -> list[FinedCase]:
    """The cases of these ids, in id order, as the payment check reads them."""
    dates = Dates()
    return [fined_case(r, dates) for r in rows_by_id(db, FINED_COLUMNS, ids)]


def fined_cases(db: Connection, *where: ColumnElement[bool]) -> list[FinedCase]:
    """The cases with a fine (fine_fen > 0) meeting `where`, in id order."""
    dates = Dates()
    stmt = select(*FINED_COLUMNS).where(C.fine_fen > 0, *where).order_by(C.id)
    return [fined_case(r, dates) for r in driver_rows(db, stmt)]


def out_of_range_candidates(db: Connection, benchmarks: Sequence[Benchmark]) -> list[FinedCase]:
    """The fined cases whose fine is outside some benchmark's range: below the highest minimum or
    above the lowest maximum (whichever benchmark a case's violation or basis finds)."""
    if not benchmarks:
        return []
    return fined_cases(db, or_(C.fine_fen < max(b.min_fen for b in benchmarks),
                               C.fine_fen > min(b.max_fen for b in benchmarks)))



Written = Callable[[str, str, str], Hashable | None]  # (cause, basis, penalty) as written → its group, or None


class MayDiffer(NamedTuple):
    """What the SQL counted of 同案异罚's unions: the WHERE of `groups_that_may_differ`, and the
    unions (`group_of(cause, "", "")`) with a case paid in instalments (分期) — in the others a
    decision's fine is one of its cases' fines."""

    where: list[ColumnElement[bool]] | None
    split: frozenset[Hashable]


def groups_that_may_differ(db: Connection, group_of: Written, factor: float, min_group: int,
                           whole: float = 0.5) -> list[ColumnElement[bool]] | None:
    """For 同案异罚: a WHERE (beside fine_fen > 0) that the fined cases of every group that may show
    fines differing by more than `factor` meet; [false] when none may; None: read them all (most
    may, over `whole` of the fined cases). A group is the violation, basis and other penalty
    kinds (`group_of` of them as written) and the party's kind; here only the violation is
    counted (by its cause as written: SQL groups one text column at half the cost of three), so
    each union counted, `group_of(cause, "", "")` — the same for every cause of one violation
    once normalised — holds every real group of that violation, whatever its basis, penalty and
    party. One with fewer than `min_group` cases, or — no instalment (分期) among them — fines
    within the factor, holds no real group that could be a finding (each is a part of it: fewer
    cases, fines within its bounds)."""
    return may_differ(db, group_of, factor, min_group, whole).where


def may_differ(db: Connection, group_of: Written, factor: float, min_group: int, whole: float = 0.5) -> MayDiffer:
    """`groups_that_may_differ`'s WHERE, and the unions with an instalment among their cases."""
    instalment = func.max(case((C.enforcement.like("%分期%"), 1), else_=0)).label("instalment")
    stmt = select(C.cause, func.count(), func.min(C.fine_fen), func.max(C.fine_fen), instalment).where(
        C.fine_fen > 0).group_by(C.cause)
    unions: dict[Hashable, list[int]] = {}  # violation → [cases, lowest, highest, instalment]
    causes: dict[Hashable, set[str]] = {}
    total = 0
    for cause, n, lo, hi, split in db.execute(stmt):
        total += n
        key = group_of(cause or "", "", "")
        if key is None:
            continue
        seen = unions.get(key)
        if seen is None:
            unions[key] = [n, lo, hi, int(split or 0)]
        else:
            seen[0], seen[1], seen[2], seen[3] = seen[0] + n, min(seen[1], lo), max(seen[2], hi), max(seen[3], split or 0)
        causes.setdefault(key, set()).add(cause)
    keep = [k for k, (n, lo, hi, split) in unions.items() if n >= min_group and (hi > factor * lo or split)]
    in_parts = frozenset(k for k, (*_, split) in unions.items() if split)
    if sum(unions[k][0] for k in keep) > whole * total:
        return MayDiffer(None, in_parts)
    return MayDiffer([C.cause.in_(sorted({c for k in keep for c in causes[k]}))] if keep else [C.id.is_(None)],
                     in_parts)
