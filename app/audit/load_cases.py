"""The store → the case files (CaseRec) and the on-site receipts the law checks read.

One Core SELECT per table, no per-record queries. What the import could not show is kept: for
each import batch, the register fields its sheet had no column for (`unknown_fields`), so the
checks that need such a field say nothing rather than read a blank as "none".

The published lists imported (`import publications`) add what was actually published: the first
date a list shows each decision, and for a decision no list shows, the list that covers its
date and unit (PublicationSeen, read by the PUBLICATION_LATE check).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import chain, groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, String, select, type_coerce
from sqlalchemy.orm import Session

from app.audit.fast_records import maker
from app.audit.law.inputs import ReceiptFacts
from app.audit.law_facts import RECEIPT_FACT_FIELDS, OnsiteReceipt, known_of
from app.audit.load_money import stored_date
from app.audit.model import CaseOfficerRec, CaseRec
from app.domain.persons import IdKind, id_kind, looks_like_organisation
from app.records.fields import CASE_FIELDS, RECEIPT_FIELDS
from db.models import ImportBatch, Receipt, Unit
from db.models_publication import Publication, PublicationList

# A case register has no column for 违法事实 (the import reads it as 案由), so an imported case
# never shows it; a case entered by hand does.
NEVER_IMPORTED = frozenset({"facts"})

_DATES: dict[str, date] = {}


def iso(column: Any) -> Any:
    """A Date column read as its stored ISO text (parsed by `day`, much faster in bulk)."""
    return type_coerce(column, String).label(column.key)


def day(text: str | date | None) -> date | None:
    if not text:
        return None
    if isinstance(text, date):  # PostgreSQL returns the date itself: type_coerce does not cast in SQL
        return text
    hit = _DATES.get(text)
    if hit is None:
        hit = _DATES[text] = date.fromisoformat(text[:10])
    return hit


def _rows(s: Session, stmt: Any) -> Any:
    return s.connection().execute(stmt).all()


def unknown_by_batch(s: Session | Connection, kind: str, names: Iterable[str], always: frozenset[str] = frozenset()
                     ) -> dict[int, frozenset[str]]:
    """For each import batch of `kind`, the register fields its sheet had no column for."""
    out: dict[int, frozenset[str]] = {}
    watched = frozenset(names)
    for batch_id, mapping_json in s.execute(select(ImportBatch.id, ImportBatch.mapping_json)
                                            .where(ImportBatch.kind == kind)):
        mapped = mapped_fields(mapping_json) & watched
        out[int(batch_id)] = (watched - mapped) | always if mapped else frozenset()
    return out


def mapped_fields(mapping_json: str | None) -> set[str]:
    """The fields an import batch's columns were mapped to. The batch stores its columns as a list
    of {"column", "header", "field"} (app/imports/writer.py); older batches as {column: field}."""
    try:
        columns = json.loads(mapping_json or "{}").get("columns", [])
    except (ValueError, AttributeError):
        return set()
    if isinstance(columns, dict):
        return {f for f in columns.values() if isinstance(f, str)}
    if isinstance(columns, list):
        return {c["field"] for c in columns if isinstance(c, dict) and isinstance(c.get("field"), str)}
    return set()


STORED_KINDS = {"自然人": "person", "个体工商户": "person", "法人及非法人组织": "organisation"}


def party_kind(party_id: str, party: str, stored: str = "") -> str | None:
    """person / organisation: by the kind the register states (行政相对人类别, stored on import),
    else by the ID, else by an unmistakable organisation name; None when the data cannot tell (a
    name that does not look like an organisation is not proof of a person). A 个体工商户 counts
    with persons, as local 较大数额 rules treat it (law/penalties.py)."""
    if stored in STORED_KINDS:
        return STORED_KINDS[stored]
    kind = id_kind(party_id)
    if kind in (IdKind.PERSON, IdKind.INDIVIDUAL_BUSINESS):
        return "person"
    if kind is IdKind.ORGANISATION or looks_like_organisation(party):
        return "organisation"
    return None


class Dates(dict[Any, "date | None"]):
    """A date column's values → dates, each distinct value parsed once: ISO text as SQLite
    stores it, a date as PostgreSQL returns it, NULL or "" as None. A lookup is a plain dict
    subscript (the audit converts a dozen dates per case)."""

    def __init__(self) -> None:
        super().__init__({None: None, "": None})

    def __missing__(self, value: Any) -> date | None:
        out = self[value] = value if isinstance(value, date) else stored_date(value)
        return out


class Texts(dict[str, str]):
    """One string object per distinct text: 案由, 处罚依据, 执法领域 … repeat over a register's
    hundreds of thousands of cases, and each row read brings its own copy."""

    def __missing__(self, value: str) -> str:
        self[value] = value
        return value


_CASE_COLUMNS = ("id", "case_no", "case_key", "cause", "party", "legal_basis", "fine_fen", "filed_on", "notified_on",
                 "decided_on", "served_on", "paid_on", "closed_on", "published_on", "major", "legal_review_on",
                 "enforcement", "unit_id", "source_row", "batch_id", "field", "party_id", "penalty", "facts",
                 "confiscation_fen", "act_on", "hearing_requested_on", "hearing_on", "hearing_waived_on",
                 "legal_review_outcome", "extension_on", "extended_to", "surcharge_fen", "surcharge_exempt",
                 "party_kind")


def _cursor(s: Session, sql: str) -> Any:
    """A driver cursor over `sql` inside the session's transaction, read as it goes: a store's
    every case is more than the rows and the records should hold side by side, and the driver's
    own rows cost a third of what the ORM's do."""
    cursor = s.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(sql)
    return cursor


def _rows_of(cursor: Any, size: int = 5000) -> Iterator[tuple[Any, ...]]:
    """The cursor's rows, fetched `size` at a time (chained in C: no Python frame per row)."""
    return chain.from_iterable(iter(partial(cursor.fetchmany, size), []))


class Teams:
    """Each officer as written and each team as one object however many cases it signs (the
    officer rules' memos go by identity): `teams(written)` is the team of the (name, cert_no)
    pairs `written`, in position order."""

    def __init__(self) -> None:
        self.people: dict[tuple[str, str], CaseOfficerRec] = {}
        # Teams are keyed by their officers as written: tuples of text hash in C, where the
        # records' own dataclass hash is Python code that every case would call.
        self.teams: dict[tuple[tuple[str, str], ...], tuple[CaseOfficerRec, ...]] = {}

    def __call__(self, written: tuple[tuple[str, str], ...]) -> tuple[CaseOfficerRec, ...]:
        team = self.teams.get(written)
        if team is None:
            people = self.people
            for key in written:
                if key not in people:
                    people[key] = CaseOfficerRec(*key)
            team = self.teams[written] = tuple(people[k] for k in written)
        return team


def team_runs(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[CaseOfficerRec, ...]]]:
    """(case id, its officers in position order) from (case_id, name, cert_no) rows in case id and
    position order, NULL read as "", each team made by one `Teams`."""
    teams = Teams()
    known = teams.teams  # looked up here first: most teams sign many cases
    written_as = itemgetter(1, 2)  # (name, cert_no)
    for case_id, same in groupby(rows, itemgetter(0)):
        written = tuple(map(written_as, same))
        team = known.get(written)
        yield case_id, team if team is not None else teams(written)


def _officer_teams(s: Session) -> Iterator[tuple[int, tuple[CaseOfficerRec, ...]]]:
    """Every case's team (team_runs), in case id order."""
    cursor = _cursor(s, "SELECT case_id, COALESCE(name, ''), COALESCE(cert_no, '') FROM case_officers"
                        " ORDER BY case_id, position, id")
    try:
        yield from team_runs(_rows_of(cursor))
    finally:
        cursor.close()


# CaseRec's last four fields (listed_on, listed_in, unlisted_in, unlisted_as_of), in field order.
_Listed = tuple[date | None, str, str, date | None]
_NOT_LISTED: _Listed = (None, "", "", None)
_MAKE_CASE = maker(CaseRec)  # every field in order: no frozen __setattr__ per field (fast_records.py)


@dataclass
class _CoveringList:
    file: str
    covers_from: date
    covers_to: date
    last_published_on: date | None
    unit_ids: frozenset[int | None]


class PublicationSeen:
    """What the imported published lists say of each case: {case id: (first date, file)} and the
    lists with the span and units they cover."""

    def __init__(self, s: Session) -> None:
        p, b = Publication, ImportBatch
        self.listed: dict[int, tuple[date, str]] = {}
        stmt = select(p.case_id, iso(p.published_on), b.file_name).join(b, b.id == p.batch_id).order_by(
            p.published_on, p.id)
        for case_id, published, file in _rows(s, stmt):
            on = day(published)
            if on is not None:
                self.listed.setdefault(case_id, (on, file))
        self._by_unit: dict[int | None, list[_CoveringList]] | None = None  # made on first use
        self._answers: dict[tuple[date, int | None], _CoveringList | None] = {}
        lst = PublicationList
        stmt = select(b.file_name, iso(lst.covers_from), iso(lst.covers_to), iso(lst.last_published_on),
                      lst.unit_ids_json).join(b, b.id == lst.batch_id).order_by(lst.id)
        self.lists: list[_CoveringList] = []
        for file, first, last_decided, last, units in _rows(s, stmt):
            start, end = day(first), day(last_decided)
            if start is not None and end is not None:  # a list whose rows gave no decision date covers nothing
                self.lists.append(_CoveringList(file, start, end, day(last), frozenset(json.loads(units or "[]"))))

    def covering(self, decided_on: date | None, unit_id: int | None) -> _CoveringList | None:
        """The list covering that decision's date and unit that shows the most (latest last date;
        the first such list on a tie). Asked once per unlisted case: the lists are indexed by
        unit, and each (date, unit) answered once."""
        if decided_on is None:
            return None
        key = (decided_on, unit_id)
        if key in self._answers:
            return self._answers[key]
        if self._by_unit is None:
            self._by_unit = {}
            for x in self.lists:  # in list order, so a tie goes to the same list as before
                for unit in x.unit_ids:
                    self._by_unit.setdefault(unit, []).append(x)
        found = [x for x in self._by_unit.get(unit_id, ()) if x.covers_from <= decided_on <= x.covers_to]
        out = self._answers[key] = max(found, key=lambda x: x.last_published_on or date.min, default=None)
        return out

    def fields(self, case_id: int, decided_on: date | None, unit_id: int | None) -> _Listed:
        """The CaseRec fields for one case: (listed_on, listed_in, unlisted_in, unlisted_as_of)."""
        if case_id in self.listed:
            on, file = self.listed[case_id]
            return on, file, "", None
        cover = self.covering(decided_on, unit_id)
        if cover is None:
            return _NOT_LISTED
        return None, "", cover.file, cover.last_published_on


def load_cases(s: Session) -> list[CaseRec]:
    """Every case file in id order, its officers merged in from their own id-ordered query."""
    seen = PublicationSeen(s)
    unknown = unknown_by_batch(s, "cases", (f.name for f in CASE_FIELDS), NEVER_IMPORTED)
    unit_field = {k: (v or "").strip() for k, v in _rows(s, select(Unit.id, Unit.field))}
    empty: frozenset[str] = frozenset()
    d, t = Dates(), Texts()
    teams = _officer_teams(s)
    team_case, team = next(teams, (None, ()))
    cursor = _cursor(s, f"SELECT {', '.join(_CASE_COLUMNS)} FROM cases ORDER BY id")
    publications = bool(seen.lists or seen.listed)
    make, stored_kind = _MAKE_CASE, STORED_KINDS.get  # the kind the register states, else party_kind's reading
    out = []
    try:
        for r in _rows_of(cursor):
            case_id = r[0]
            officers: tuple[CaseOfficerRec, ...] = ()
            while team_case is not None and team_case < case_id:  # officers of a case no longer there
                team_case, team = next(teams, (None, ()))
            if team_case == case_id:
                officers = team
                team_case, team = next(teams, (None, ()))
            case_key = r[2] or ""
            case_no = case_key if r[1] == case_key else r[1] or ""  # one string where already normal
            party, party_id, batch = r[4] or "", r[21] or "", r[19]
            listed = seen.fields(case_id, d[r[9]], r[17]) if publications else _NOT_LISTED
            out.append(make(
                case_id, case_no, case_key, t[r[3] or ""], party, t[r[5] or ""], r[6], d[r[7]], d[r[8]], d[r[9]],
                d[r[10]], d[r[11]], d[r[12]], d[r[13]], bool(r[14]), d[r[15]], t[r[16] or ""], r[17], r[18],
                officers, unknown.get(batch, empty) if batch is not None else empty,
                t[(r[20] or "").strip() or unit_field.get(r[17], "")], party_id,
                stored_kind(r[34]) or party_kind(party_id, party), t[r[22] or ""], r[23] or "", r[24], d[r[25]], d[r[26]],
                d[r[27]], d[r[28]], t[r[29] or ""], d[r[30]], d[r[31]], r[32], bool(r[33]), *listed))
    finally:
        cursor.close()
    return out


def load_onsite_receipts(s: Session) -> list[OnsiteReceipt]:
    """The receipts of cash taken on the spot, as the law-versioned receipt rules read them."""
    unknown = unknown_by_batch(s, "receipts", (f.name for f in RECEIPT_FIELDS))
    t = Receipt
    stmt = select(t.receipt_no, t.receipt_key, t.case_key, t.amount_fen, iso(t.issued_on), t.onsite_reason,
                  iso(t.handed_over_on), t.voided, t.unit_id, t.batch_id).where(t.onsite.is_(True)).order_by(t.id)
    out = []
    for r in _rows(s, stmt):
        missing = unknown.get(r[9], frozenset()) if r[9] is not None else frozenset()
        facts = ReceiptFacts(r[0] or "", r[1] or "", r[2] or "", r[3], day(r[4]), True, r[5] or "", day(r[6]),
                             bool(r[7]), known_of(missing, RECEIPT_FACT_FIELDS))
        out.append(OnsiteReceipt(facts, r[8]))
    return out
