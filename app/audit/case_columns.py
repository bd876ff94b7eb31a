"""Narrow reads of the store's case files for the case rules (dates, publication, payment,
discretion; the officers' in officer_columns.py): only the columns a rule needs, as plain driver
tuples, and, where the rule can say so in SQL, only the rows it could report on.

A run used to read every case file whole (load_cases.load_cases, ~40 fields a case) for rules
that look at a handful of fields, most of them to find nothing. Each rule now asks here for what
it needs, then runs its own exact check on those rows, which carry the same values, under the
same field names, as the CaseRec the loader would make of them (NULL text read as "", dates
parsed the loader's way by `Dates`). So the findings are those of the pass over every record.

The rows are named tuples: the rules read them through the attributes they share with CaseRec,
and a named tuple costs a tenth of a CaseRec to make.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, and_, false, func, literal_column, not_, or_, select

from app.audit.load_cases import NEVER_IMPORTED, STORED_KINDS, Dates, party_kind, unknown_by_batch
from app.domain.calendar import Calendar
from app.records.fields import CASE_FIELDS
from db.models import CaseFile

C = CaseFile.__table__.c
CHUNK = 2000  # ids per IN list (written into the SQL as numbers: no bound parameters)


def _sql(db: Connection, stmt: Any) -> str:
    """A Core statement as the engine's own SQL text, its values written in."""
    return str(stmt.compile(dialect=db.dialect, compile_kwargs={"literal_binds": True}))


def driver_rows(db: Connection, stmt: Any, size: int = 5000) -> Iterator[tuple[Any, ...]]:
    """The rows of a Core SELECT as the driver's own tuples, fetched `size` at a time: no result
    processing (dates come as SQLite's ISO text or PostgreSQL's date; `Dates` reads both). The
    rows are chained in C: no Python frame per row, only per `size` of them."""
    return chain.from_iterable(_batches(db, _sql(db, stmt), size))


def _batches(db: Connection, sql: str, size: int) -> Iterator[list[tuple[Any, ...]]]:
    cursor = db.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if db.dialect.paramstyle in ("format", "pyformat"):
            # The compiler wrote each "%" of a value as "%%", for the driver to read back: it
            # does so only when given parameters (none here).
            cursor.execute(sql, {})
        else:
            cursor.execute(sql)
        yield from iter(partial(cursor.fetchmany, size), [])
    finally:
        # A read left off by an error ends only when the error is let go — after a lane's
        # connection has gone back to the pool, or the store is closed: the cursor goes with it.
        if not db.closed:
            cursor.close()


def ids_in(column: ColumnElement[Any], ids: Sequence[int]) -> ColumnElement[bool]:
    """`column IN (ids)`, the ids written into the SQL by hand: whole numbers need no quoting, and
    SQLAlchemy's own rendering of a long literal list costs more than the query."""
    if not ids:
        return false()
    return column.op("IN")(literal_column("(" + ",".join(str(int(i)) for i in ids) + ")"))


def rows_by_id(db: Connection, columns: Sequence[ColumnElement[Any]], ids: Iterable[int],
               chunk: int = CHUNK) -> list[tuple[Any, ...]]:
    """`columns` (the first one `C.id`) of the cases whose id is in `ids`, in id order."""
    wanted = sorted(set(ids))
    out: list[tuple[Any, ...]] = []
    for at in range(0, len(wanted), chunk):
        out += driver_rows(db, select(*columns).where(ids_in(C.id, wanted[at:at + chunk])))
    out.sort(key=itemgetter(0))
    return out


def lone(aggregate: ColumnElement[Any], table: type[CaseFile] | None = None) -> ColumnElement[Any]:
    """`aggregate` (over `table`'s rows, else its column's) as a subquery of its own: SQL answers a
    lone count, min or max of an indexed column from the index, not by reading every row (asked
    side by side in one SELECT, SQLite reads the whole index)."""
    stmt = select(aggregate)
    return (stmt if table is None else stmt.select_from(table.__table__)).scalar_subquery()


def decision_span(db: Connection) -> tuple[date | None, date | None]:
    """The first and the last decision date of the store's cases (None, None: none decided)."""
    first, last = next(driver_rows(db, select(lone(func.min(C.decided_on)), lone(func.max(C.decided_on)))))
    dates = Dates()
    return dates[first], dates[last]


class UnknownFields:
    """A case's `unknown_fields` from its import batch, as the loader gives them."""

    def __init__(self, db: Connection) -> None:
        self.by_batch = unknown_by_batch(db, "cases", (f.name for f in CASE_FIELDS), NEVER_IMPORTED)
        self.none: frozenset[str] = frozenset()

    def __call__(self, batch_id: int | None) -> frozenset[str]:
        return self.by_batch.get(batch_id, self.none) if batch_id is not None else self.none


def near_a_year_without_data(column: ColumnElement[Any], calendar: Calendar) -> ColumnElement[bool]:
    """A start date from which a period of a few working days (ending in its own year or the next)
    may count a day of a year the calendar has no data for — whose start the calendar notes as it
    counts, finding or not (the audit's `calendar_fallback_years`)."""
    known = set(calendar.years)
    runs: list[list[int]] = []  # [first, last + 1] of each run of years whose next year is known too
    for y in sorted(y for y in known if y + 1 in known):
        if runs and runs[-1][1] == y:
            runs[-1][1] = y + 1
        else:
            runs.append([y, y + 1])
    safe = [and_(column >= date(a, 1, 1), column < date(b, 1, 1)) for a, b in runs]
    return and_(column.isnot(None), not_(or_(*safe))) if safe else column.isnot(None)


class PublicationCase(NamedTuple):
    """What PUBLICATION_LATE reads of a case (CaseRec's field names)."""

    id: int
    case_no: str
    case_key: str
    unit_id: int | None
    decided_on: date | None
    published_on: date | None
    unknown_fields: frozenset[str]
    listed_on: date | None
    listed_in: str
    unlisted_in: str
    unlisted_as_of: date | None


class DatedCase(NamedTuple):
    """What DATE_ORDER reads of a case: the dates of the chain (rules_cases.DATE_CHAIN)."""

    id: int
    case_no: str
    case_key: str
    unit_id: int | None
    filed_on: date | None
    notified_on: date | None
    decided_on: date | None
    served_on: date | None
    paid_on: date | None
    closed_on: date | None


class FinedCase(NamedTuple):
    """What the payment and discretion checks read of a fined case (CaseRec's field names)."""

    id: int
    case_no: str
    case_key: str
    unit_id: int | None
    cause: str
    legal_basis: str
    party: str
    party_id: str
    party_kind: str | None
    penalty: str
    fine_fen: int | None
    enforcement: str
    decided_on: date | None
    served_on: date | None
    paid_on: date | None

    @property
    def instalment(self) -> bool:
        return "分期" in self.enforcement


FINED_COLUMNS = (C.id, C.case_no, C.case_key, C.unit_id, C.cause, C.legal_basis, C.party, C.party_id, C.party_kind,
                 C.penalty, C.fine_fen, C.enforcement, C.decided_on, C.served_on, C.paid_on)


def fined_case(r: Sequence[Any], dates: dict[Any, date | None]) -> FinedCase:
    """A row of FINED_COLUMNS, read as the loader reads it (the party's kind: the one the
    register states, else party_kind's reading of the ID and name)."""
    party, party_id = r[6] or "", r[7] or ""
    return FinedCase(r[0], r[1] or "", r[2] or "", r[3], r[4] or "", r[5] or "", party, party_id,
                     STORED_KINDS.get(r[8] or "") or party_kind(party_id, party), r[9] or "", r[10], r[11] or "",
                     dates[r[12]], dates[r[13]], dates[r[14]])
