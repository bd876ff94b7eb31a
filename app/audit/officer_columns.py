"""Narrow reads of the store for the officer rules (rules_officers.py): each case's officers as
written, the officers as written once each, and the cases that may fail, as SQL can tell them
apart without testing every officer row against a long list.

The roster decides which officers as written are surely fine (rules_officers._surely_fine); SQL
finds the cases with fewer than two names, or with an officer written some other way, from two
indexes on case_officers (schema version 23) — one by case, (case_id, name, cert_no, position),
one by officer, (cert_no, name) — and reads the fields and officers of those cases together.
The rows carry the values the case loader would give (NULL text read as "", the team of each
case one object however many cases it signs: load_cases.Teams).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, CompoundSelect, Connection, Select, and_, func, or_, select, union_all

from app.audit.case_columns import C, driver_rows, lone
from app.audit.load_cases import Teams, team_runs
from app.audit.model import CaseOfficerRec
from db.models import CaseFile, CaseOfficer

Team = tuple[CaseOfficerRec, ...]


def officer_teams(db: Connection) -> dict[int, Team]:
    """{case id: its officers in position order} of every case, as the case loader reads them
    (load_cases.team_runs)."""
    o = CaseOfficer.__table__.c
    stmt = select(o.case_id, func.coalesce(o.name, ""), func.coalesce(o.cert_no, "")).order_by(
        o.case_id, o.position, o.id)
    return dict(team_runs(driver_rows(db, stmt)))


def officers_as_written(db: Connection) -> set[tuple[str | None, str | None]]:
    """Every (name, cert_no) written on the store's cases, once each: a few hundred pairs where
    the register has hundreds of thousands of rows, for the rules to judge each pair once."""
    o = CaseOfficer.__table__.c
    return set(driver_rows(db, select(o.name, o.cert_no).distinct()))


def teams_that_may_fail(db: Connection, written: Collection[tuple[str | None, str | None]],
                        bad_certs: Collection[str | None], bad_names: Collection[str | None]) -> CompoundSelect:
    """A SELECT of the ids of the cases (in no order, some twice) with fewer than two names among
    their officers as written (no officer at all included), or with an officer written with one
    of `bad_certs` or one of `bad_names`. Every other case has two officers or more under two
    different names at least, none of them written with a bad certificate number or name.
    `written` is every (name, cert_no) on the store's cases (`officers_as_written`).

    Each part is light for SQL, none testing every row against a long list: the count of each
    case's names, grouped straight from the index on (case_id, name, …); the rows written
    with a bad number, or with a bad name and a number it is written with, searched for in the
    index on (cert_no, name)."""
    o = CaseOfficer.__table__.c
    parts: list[Select[Any]] = [select(o.case_id).group_by(o.case_id).having(func.count(o.name.distinct()) < 2)]
    bad = _among(o.cert_no, bad_certs)
    named = _among(o.name, bad_names)
    if named:
        with_named = _among(o.cert_no, {c for n, c in written if n in bad_names})
        bad.append(and_(or_(*with_named), or_(*named)))
    if bad:
        parts.append(select(o.case_id).where(or_(*bad)))
    if not _every_case_has_officers(db):
        parts.append(select(C.id).where(C.id.not_in(select(o.case_id).where(o.case_id.isnot(None)))))
    return union_all(*parts)


def _among(column: ColumnElement[Any], values: Collection[str | None]) -> list[ColumnElement[bool]]:
    """`column` is one of `values` (None among them: NULL)."""
    found: list[ColumnElement[bool]] = []
    texts = sorted(v for v in values if v is not None)
    if texts:
        found.append(column.in_(texts))
    if None in values:
        found.append(column.is_(None))
    return found


def _every_case_has_officers(db: Connection) -> bool:
    """Whether each case has an officer row, answered from counts where the case ids run without
    a gap (then every officer row whose case id is in their span is some case's): False
    otherwise, for the caller to ask case by case."""
    o = CaseOfficer.__table__.c
    n, first, last, lowest, highest = next(driver_rows(db, select(
        lone(func.count(), CaseFile), lone(func.min(C.id)), lone(func.max(C.id)),
        lone(func.min(o.case_id)), lone(func.max(o.case_id)))))
    if not n:
        return True
    if last - first + 1 != n or lowest is None:
        return False
    covered = select(func.count(o.case_id.distinct()))
    if lowest < first or highest > last:  # rows of cases that are gone (foreign keys were off)
        covered = covered.where(o.case_id.between(first, last))  # a range to search, not the whole index
    return bool(next(driver_rows(db, covered))[0] == n)


# What the officer rules read of a case besides its officers: id, case_no, case_key, unit_id,
# decided_on, filed_on, batch_id (dates as the driver gives them, for `Dates`).
OFFICER_CASE_COLUMNS = (C.id, C.case_no, C.case_key, C.unit_id, C.decided_on, C.filed_on, C.batch_id)


def officer_cases(db: Connection, case_ids: CompoundSelect | None = None) -> Iterator[tuple[tuple[Any, ...], Team]]:
    """(the row of OFFICER_CASE_COLUMNS, its officers in position order) of every case, or of the
    cases `case_ids` selects, in id order; each team one object however many cases it signs
    (load_cases.Teams)."""
    if case_ids is None:
        # Every case: its fields and its officers in two reads, not the case's fields again on
        # each of its officers' rows.
        teams, no_one = officer_teams(db), ()
        for row in driver_rows(db, select(*OFFICER_CASE_COLUMNS).order_by(C.id)):
            yield row, teams.get(row[0], no_one)
        return
    make = Teams()
    known = make.teams
    for _, same in groupby(_officer_rows(db, case_ids), itemgetter(0)):
        rows = list(same)
        if rows[0][7] is None:  # no officer
            yield rows[0][:7], ()
            continue
        written = tuple(map(_WRITTEN_AS, rows))
        yield rows[0][:7], known.get(written) or make(written)


_WRITTEN_AS = itemgetter(8, 9)  # an officer's (name, cert_no) in a row of `_officer_rows`


def _officer_rows(db: Connection, case_ids: CompoundSelect) -> Iterator[tuple[Any, ...]]:
    """OFFICER_CASE_COLUMNS, then the officer row's id, name and cert_no, of the cases `case_ids`
    selects, one row per officer in case id and position order: NULL name and number read as "",
    the officer row id None on a case with no officer (its one row)."""
    o = CaseOfficer.__table__.c
    stmt = select(*OFFICER_CASE_COLUMNS, o.id, func.coalesce(o.name, ""), func.coalesce(o.cert_no, "")).select_from(
        CaseFile.__table__.outerjoin(CaseOfficer.__table__, o.case_id == C.id)).where(C.id.in_(case_ids)).order_by(
        C.id, o.position, o.id)
    return driver_rows(db, stmt)


class OfficerCase(NamedTuple):
    """What the officer rules read of a case (CaseRec's field names)."""

    id: int
    case_no: str
    case_key: str
    unit_id: int | None
    decided_on: date | None
    filed_on: date | None
    officers: Team
    unknown_fields: frozenset[str]
