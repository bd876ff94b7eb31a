"""Which case files the per-case law checks need to read, chosen in SQL over the store.

The law pass (rules_law.case_pass) used to make a CaseFacts of every case and put it to every
check; most cases pass every check, so most of that work was for nothing. Here each check has a
WHERE that holds for every case it could report on: a condition its finding requires, loosened
where the exact rule is more than plain SQL says (a calendar-day span bounds a working-day span;
a LIKE '%吊%销%' holds wherever "吊销" does once the blanks are taken out). Only the rows where
some check's condition holds are read, and on each row only the checks whose condition holds
run — the checks themselves, unchanged, decide. So the findings are exactly those of the full
pass, in the same (id) order.

The audit's `calendar_fallback_years` must stay exact too: a working-day period that reaches a
year with no holiday data notes that year on the calendar whether or not a finding comes of it.
So a check that counts working days from a date also reads every case whose date lies in, or
just before, a year without data (case_columns.near_a_year_without_data; on the decision date only
where the store's first and last decisions leave room for one: decisions_clear_of_gaps), and reads
them all when the office's own rule counts that topic in working days (its period can be years long).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import reduce
from typing import Any

from sqlalchemy import ColumnElement, Connection, Integer, and_, case, false, not_, or_, select, type_coerce

from app.audit.case_columns import decision_span, driver_rows, near_a_year_without_data
from app.audit.law.inputs import CaseFacts
from app.audit.law.office import DEFAULT_BACKLOG_DAYS
from app.audit.law.office_rules import OfficeRules
from app.audit.law.penalties import PARTY_KINDS, keywords_for
from app.audit.law.provisions import BOOK, DECISION_PERIOD, HEARING_SCOPE, PAYMENT, SERVICE
from app.audit.law.texts import REVISION_DAY
from app.audit.law_facts import CASE_FACT_FIELDS, MAKE_FACTS, known_of
from app.audit.load_cases import NEVER_IMPORTED, Dates, iso, party_kind, unknown_by_batch
from app.audit.rule import RunInputs
from app.audit.rules_procedure import REJECTED_WORDS
from app.audit.sql_dates import days_after
from app.domain.calendar import Calendar
from app.records.fields import CASE_FIELDS
from db.models import CaseFile, Unit

C = CaseFile.__table__.c

# Words no empty 处罚依据 contains (EMPTY_BASIS, blanks aside) and nearly every real one does (法律、
# 条例、第…条): a basis with one of them is not empty, and the few others are read and judged by
# the check itself.
BASIS_WORDS = ("法", "条")


# What most registers write as the 法制审核 outcome, none of it a rejection: tested by equality before
# the LIKEs that look for one, the commonest first (a row stops at the first that matches).
PLAIN_OUTCOMES = ("通过", "", "同意")


def spread(word: str) -> str:
    """A LIKE pattern that holds wherever `word` does once blanks are taken out ("吊销" → "%吊%销%")."""
    return "%" + "%".join(word) + "%"


def shortest_period(topic: str, office: OfficeRules | None) -> int | None:
    """The shortest period, in days of any kind, that the statute or the office's rules set on `topic`:
    no deadline on it falls sooner than that many calendar days after its start."""
    periods = [p.period for p in BOOK.values() if p.topic == topic and p.period]
    if office is not None:
        periods += [r.period for r in office.sector_rules if r.topic == topic]
    return min(periods) if periods else None


def earliest_statutory_start(topic: str) -> date | None:
    """The first start date from which a statutory period on `topic` can run out while its text is in
    force (a text's period governs only a step due under it): before it, only an office rule can
    set a deadline. None: no bound (a text with a period was in force from the start)."""
    starts = [p.text.first_day - timedelta(days=p.period) if p.text.first_day else date.min
              for p in BOOK.values() if p.topic == topic and p.period]
    first = min(starts, default=None)
    return None if first is None or first == date.min else first


def working_sector_rule(topic: str, office: OfficeRules | None) -> bool:
    return office is not None and any(r.topic == topic and r.day_kind == "working" for r in office.sector_rules)


def decisions_clear_of_gaps(conn: Connection, calendar: Calendar) -> bool:
    """True when no decision date of the store is near a year without holiday data (as
    case_columns.near_a_year_without_data reads "near": in a year whose next year, or itself, the
    calendar lacks) — so that no row meets that condition on the decision date, and the scan can
    leave it out. The first and last dates come off the index on decided_on (decision_span)."""
    first, last = decision_span(conn)
    if first is None or last is None:
        return True  # no decision date at all: the condition needs one
    known = set(calendar.years)
    return all(y in known and y + 1 in known for y in range(first.year, last.year + 1))


def _flag(conn: Connection) -> ColumnElement[bool]:
    """`major` as Python's bool() reads the stored value (SQLite keeps an integer)."""
    if conn.dialect.name == "sqlite":
        return type_coerce(C.major, Integer) != 0
    return C.major.is_(True)


# The penalties most registers write, tested by equality before the LIKEs that look for a kind
# open to a hearing: only those that hold none of its words (`holds_spread`) are kept as plain.
COMMON_PENALTIES = ("", "罚款", "警告", "警告、罚款", "警告，罚款", "罚款、警告", "没收违法所得", "没收违法所得、罚款",
                    "罚款、没收违法所得", "没收违法所得，罚款", "没收非法财物", "没收违法所得、没收非法财物、罚款")


def holds_spread(text: str, word: str) -> bool:
    """Whether LIKE spread(word) holds on `text`: the word's characters in order, anything between
    (ASCII case aside, as SQLite's LIKE ignores it)."""
    rest = iter(text.casefold())
    return all(ch in rest for ch in word.casefold())


def hearing_words() -> tuple[str, ...]:
    """The words by which a penalty text names a kind some text opens to a hearing."""
    return keywords_for(frozenset().union(*(p.kinds for p in BOOK.values() if p.topic == HEARING_SCOPE)))


def plain_penalties(words: Sequence[str]) -> list[str]:
    """The COMMON_PENALTIES in which no LIKE spread(word) holds."""
    return [p for p in COMMON_PENALTIES if not any(holds_spread(p, w) for w in words)]


def _open_to_hearing(office: OfficeRules | None) -> list[ColumnElement[bool]]:
    """What can make a case open to a hearing: a penalty kind a text lists, or a 较大数额 amount.
    A plain penalty (plain_penalties) is told apart by equality first: most rows stop there,
    before the LIKEs."""
    words = hearing_words()
    out: list[ColumnElement[bool]] = [and_(*(C.penalty != p for p in plain_penalties(words)),
                                           or_(*(C.penalty.like(spread(w)) for w in words)))] if words else []
    if office is not None and office.hearing_thresholds:
        fine = min(t.fine_limit(k) for t in office.hearing_thresholds for k in PARTY_KINDS)
        taken = min(t.confiscation_limit(k) for t in office.hearing_thresholds for k in PARTY_KINDS)
        out += [C.fine_fen >= fine, C.confiscation_fen >= taken]
    return out


def check_conditions(run: RunInputs, conn: Connection) -> dict[str, ColumnElement[bool]]:
    """For each per-case check (by the name rules_law.PER_CASE gives it) and for the acts
    DOUBLE_PENALTY compares ("act"), a condition every case it reports on (or whose working days
    it counts in a year without data) meets.

    Each condition is evaluated on every case, so each begins with the test that most cases fail
    (a date most cases have is tested for NULL last), and a comparison stands for the IS NOT NULL
    of its columns (NULL compares as unknown, which neither the WHERE nor candidate_rows' CASE counts
    as true)."""
    office, calendar = run.office, run.calendar
    filed, notified, decided, served, paid = C.filed_on, C.notified_on, C.decided_on, C.served_on, C.paid_on
    review = C.legal_review_on
    out: dict[str, ColumnElement[bool]] = {}

    out["no_legal_basis"] = and_(or_(and_(*(not_(C.legal_basis.like(f"%{w}%")) for w in BASIS_WORDS)),
                                     C.legal_basis.is_(None)), decided.isnot(None))

    decision = shortest_period(DECISION_PERIOD, office)
    overdue = decided > days_after(filed, decision) if decision else false()
    first = earliest_statutory_start(DECISION_PERIOD)  # the 2021 text's 90 days reach back to 2021-04-16
    if first is not None and not (office is not None and any(r.topic == DECISION_PERIOD for r in office.sector_rules)):
        overdue = and_(filed >= first, overdue)
    backlog = office.backlog_days if office is not None else DEFAULT_BACKLOG_DAYS
    pending = and_(decided.is_(None), filed < run.as_of - timedelta(days=backlog))
    if working_sector_rule(DECISION_PERIOD, office):
        overdue, pending = filed.isnot(None), filed.isnot(None)
    out["decision_overdue"], out["case_pending_too_long"] = overdue, pending

    out["notice_missing"] = and_(notified.is_(None), decided.isnot(None))

    out["hearing_rights_ignored"] = and_(
        or_(*_open_to_hearing(office), near_a_year_without_data(notified, calendar)),
        C.hearing_on.is_(None), C.hearing_waived_on.is_(None), notified.isnot(None), decided.isnot(None))

    out["hearing_without_legal_review"] = and_(C.hearing_on.isnot(None), decided >= REVISION_DAY,
                                               or_(review.is_(None), review > decided))

    major = [_flag(conn)]
    if office is not None and office.review_catalogues:
        major.append(decided.isnot(None))
    out["major_without_legal_review"] = and_(or_(*major), or_(review.is_(None), review > decided))

    out["decided_after_review_rejected"] = and_(
        *(C.legal_review_outcome != p for p in PLAIN_OUTCOMES), decided.isnot(None),
        or_(*(C.legal_review_outcome.like(spread(w)) for w in REJECTED_WORDS)), or_(review.is_(None), decided >= review))

    service = shortest_period(SERVICE, office)
    assert service is not None  # both texts set a service period
    late = served > days_after(decided, service)
    if not decisions_clear_of_gaps(conn, calendar):
        late = or_(late, near_a_year_without_data(decided, calendar))
    if working_sector_rule(SERVICE, office):
        late = decided.isnot(None)
    out["service_late"] = and_(served.isnot(None), late)

    payment = shortest_period(PAYMENT, None)  # calendar days in both texts; no office rule on it
    assert payment is not None
    out["late_payment_no_surcharge"] = and_(paid.isnot(None), C.fine_fen > 0, paid > days_after(served, payment))

    out["act"] = and_(or_(C.act_on.isnot(None), C.facts != ""), decided.isnot(None), C.fine_fen > 0)
    return out


def candidate_rows(conn: Connection, columns: Sequence[ColumnElement[Any]],
                   conditions: Sequence[ColumnElement[bool]]) -> Iterator[tuple[Any, ...]]:
    """The rows (in id order) where any condition holds: `columns`, then which conditions hold as
    one number (bit i: condition i), as the driver's own tuples (dates as the driver gives them:
    `Dates`). One number, not a flag per condition: SQLite makes a column of each, and a CASE
    costs less than a boolean column."""
    held = reduce(operator.add, [case((cond, 1 << i), else_=0) for i, cond in enumerate(conditions)])
    stmt = select(*columns, held.label("checks")).where(or_(*conditions)).order_by(C.id)
    return driver_rows(conn, stmt)


DATE_COLUMNS = frozenset({"act_on", "filed_on", "notified_on", "hearing_requested_on", "hearing_on",
                           "hearing_waived_on", "legal_review_on", "decided_on", "served_on", "paid_on", "closed_on",
                           "extension_on", "extended_to"})
# The register fields a CaseFacts is made of, in the order FactsReader reads them.
FACT_COLUMNS = ("id", "case_no", "case_key", "field", "party", "party_id", "party_kind", "cause", "facts", "act_on",
                "legal_basis", "penalty", "fine_fen", "confiscation_fen", "filed_on", "notified_on",
                "hearing_requested_on", "hearing_on", "hearing_waived_on", "legal_review_on", "legal_review_outcome",
                "decided_on", "served_on", "paid_on", "closed_on", "major", "extension_on", "extended_to",
                "surcharge_fen", "surcharge_exempt", "enforcement", "unit_id", "batch_id")


def fact_columns() -> list[ColumnElement[Any]]:
    return [iso(C[n]) if n in DATE_COLUMNS else C[n] for n in FACT_COLUMNS]


class FactsReader:
    """A row of FACT_COLUMNS → the CaseFacts that law_facts.case_facts makes of the CaseRec the
    case loader (load_cases.py) makes of the same row: the same values, field by field."""

    def __init__(self, conn: Connection) -> None:
        self.unknown = unknown_by_batch(conn, "cases", (f.name for f in CASE_FIELDS), NEVER_IMPORTED)
        self.unit_field = {k: (v or "").strip() for k, v in conn.execute(select(Unit.id, Unit.field))}
        self.dates = Dates()
        self.known: dict[frozenset[str], frozenset[str] | None] = {}

    def _known(self, batch: int | None) -> frozenset[str] | None:
        unknown = self.unknown.get(batch, frozenset()) if batch is not None else frozenset()
        if unknown not in self.known:
            self.known[unknown] = known_of(unknown, CASE_FACT_FIELDS)
        return self.known[unknown]

    def __call__(self, r: Sequence[Any]) -> CaseFacts:
        d = self.dates
        party, party_id, penalty = r[4] or "", r[5] or "", r[11] or ""
        stored_kind = party_kind(party_id, party, r[6] or "")
        return MAKE_FACTS(
            r[1] or "", r[2] or "", (r[3] or "").strip() or self.unit_field.get(r[31], ""), "", party, party_id,
            stored_kind if stored_kind in PARTY_KINDS else None, r[7] or "", r[8] or "", d[r[9]], r[10] or "",
            (penalty,) if penalty.strip() else (), r[12], r[13], d[r[14]], d[r[15]], d[r[16]], d[r[17]], d[r[18]],
            d[r[19]], r[20] or "", d[r[21]], d[r[22]], d[r[23]], d[r[24]], bool(r[25]), d[r[26]], d[r[27]], r[28],
            bool(r[29]), "分期" in (r[30] or ""), self._known(r[32]))


def keys_and_units(conn: Connection, keys: Sequence[str], chunk: int = 500) -> list[tuple[str, int | None]]:
    """(case_key or case_no, unit_id) of the cases whose key or number is one of `keys`, in id order
    (as the case loader reads both: NULL as "")."""
    rows: list[tuple[int, str, int | None]] = []
    for at in range(0, len(keys), chunk):
        part = list(keys[at:at + chunk])
        stmt = select(C.id, C.case_key, C.case_no, C.unit_id).where(or_(C.case_key.in_(part), C.case_no.in_(part)))
        rows += [(i, key or no or "", unit) for i, key, no, unit in conn.execute(stmt)]
    rows.sort()
    seen: set[int] = set()
    out = []
    for i, key, unit in rows:  # a case matched in two chunks is read once
        if i not in seen:
            seen.add(i)
            out.append((key, unit))
    return out
