"""Stage 3: the officers on each case file against the roster (执法人员名册).

An officer is matched by certificate number, else by name within the case's unit (by name
across the roster when the case names no unit). A certificate must be valid on the decision
date (valid_to on the decision day is still valid) and not 暂扣/注销 — a 暂扣 whose day is recorded
(officers.status_on) only from that day: a case decided before it is not the suspension's
business; one with no date (an imported roster) counts on every case; auxiliary staff
(辅助人员) are never counted as officers. With an empty roster nothing can be checked and
nothing is said about certificates. Both rules cite the text in force on the decision date
(2017 第三十七条 / 2021 第四十二条), or the filing date before a decision; with neither, the
code's rule naming both.

In a run over the store, SQL first sets aside the cases whose every officer is written exactly as
a certificate good on every decision day of the store, under two names or more (neither rule can
report on them); the others' officers and the fields a finding names are read (`store_candidates`),
and the checks themselves are the same code over either (`OnCase`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from sqlalchemy import CompoundSelect, Connection

from app.audit import officer_columns as oc
from app.audit.case_columns import UnknownFields, decision_span
from app.audit.data import AuditData, cert_key, norm
from app.audit.law.provisions import TWO_OFFICERS, provision
from app.audit.load_cases import Dates
from app.audit.model import CaseOfficerRec, CaseRef, Draft, OfficerRec
from app.audit.rule import Rule, RunInputs

AUXILIARY = "辅助人员"
SUSPENDED = "暂扣"
BAD_STATUSES = (SUSPENDED, "注销")
MIN_OFFICERS = 2


class OnCase(CaseRef, Protocol):
    """What the officer rules read of a case: a CaseRec, or the store's narrow row of it
    (officer_columns.OfficerCase)."""

    @property
    def decided_on(self) -> date | None: ...
    @property
    def filed_on(self) -> date | None: ...
    @property
    def officers(self) -> tuple[CaseOfficerRec, ...]: ...
    @property
    def unknown_fields(self) -> frozenset[str]: ...


def officers_rule(case: OnCase, tail: str = "") -> str:
    on = case.decided_on or case.filed_on
    return _citation(on) + tail if on is not None else ""


@lru_cache(maxsize=8192)  # one answer per day: a run asks it for every finding
def _citation(on: date) -> str:
    return provision(TWO_OFFICERS, on).citation


def match_officer(data: AuditData, unit_id: int | None, o: CaseOfficerRec) -> tuple[OfficerRec, ...]:
    """The roster entries an officer written on a case of `unit_id` may be; () = not in the roster."""
    if o.cert_no:
        hit = data.officer_by_cert.get(cert_key(o.cert_no))
        if hit is not None:
            return (hit,)
    same_name = data.officers_by_name.get(norm(o.name), [])
    if unit_id is not None:
        same_name = [x for x in same_name if x.unit_id == unit_id]
    return tuple(same_name)


def candidates(data: AuditData, unit_id: int | None, o: CaseOfficerRec) -> tuple[OfficerRec, ...]:
    """`match_officer`, once per run for each officer as written and unit (the same few thousand
    people sign every case).

    The run's memos are keyed by the record's identity, not its value: the loader makes one record
    per officer as written and one tuple per team, so identity finds them as well, without calling
    the dataclass's Python `__hash__` twice per officer per case. Each entry keeps its record and
    is used only for that very object, so an id reused after a record is freed cannot mislead."""
    cache = data.memo.setdefault("officer_candidates", {})
    key = (id(o), unit_id)  # by identity (see above)
    hit = cache.get(key)
    if hit is None or hit[0] is not o:
        hit = cache[key] = (o, match_officer(data, unit_id, o))
    return hit[1]


def problem_of(officer: OfficerRec, case: OnCase) -> str | None:
    """Why this roster entry cannot act on this case, or None when it can."""
    if officer.kind == AUXILIARY:
        return "辅助人员，不具有执法资格"
    d = case.decided_on
    if officer.status in BAD_STATUSES and not _suspended_later(officer, d):
        return f"执法证状态为「{officer.status}」"
    if d is not None and officer.valid_to is not None and officer.valid_to < d:
        return f"执法证有效期至 {officer.valid_to.isoformat()}，早于决定日期 {d.isoformat()}"
    if d is not None and officer.valid_from is not None and officer.valid_from > d:
        return f"执法证 {officer.valid_from.isoformat()} 起才有效，晚于决定日期 {d.isoformat()}"
    return None


def _suspended_later(officer: OfficerRec, decided_on: date | None) -> bool:
    """A 暂扣 that took effect after the case was decided: the officer could still act on it."""
    return (officer.status == SUSPENDED and officer.status_on is not None and decided_on is not None
            and decided_on < officer.status_on)


def officer_label(o: CaseOfficerRec) -> str:
    return f"{o.name}({o.cert_no})" if o.cert_no else o.name


class _Team(NamedTuple):
    """What the officer rules know of one team as written, on cases of one unit: the decision
    dates on which every officer of it is certified (`first` ≤ d ≤ `last`, d < `before`; on a
    case with no decision date when `undated_ok`), and how many people on it count as officers.
    The dates are a sufficient condition only: a case outside them gets the full check."""

    team: tuple[CaseOfficerRec, ...]
    first: date
    last: date
    before: date
    undated_ok: bool
    people: int


def _good_dates(found: tuple[OfficerRec, ...]) -> tuple[date, date, date, bool]:
    """The decision dates on which `problem_of` finds nothing wrong with the one roster entry
    found ((first, last, before, undated_ok)); none when there is not exactly one."""
    if len(found) != 1 or found[0].kind == AUXILIARY:
        return date.max, date.min, date.min, False
    x = found[0]
    first, last, before = x.valid_from or date.min, x.valid_to or date.max, date.max
    if x.status in BAD_STATUSES:
        if x.status != SUSPENDED or x.status_on is None:
            return date.max, date.min, date.min, False
        before = x.status_on  # a 暂扣 is not the business of a case decided before it
    return first, last, before, x.status not in BAD_STATUSES


def _team(data: AuditData, team: tuple[CaseOfficerRec, ...], unit_id: int | None,
          cache: dict[Any, _Team] | None = None) -> _Team:
    """The team's facts, once per run for each team as written and unit (memo keyed by identity,
    as in `candidates`; `cache`: the run's memo of them, looked up once by a caller's loop)."""
    if cache is None:
        cache = data.memo.setdefault("officer_teams", {})
    key = (id(team), unit_id)
    hit = cache.get(key)
    if hit is None or hit.team is not team:
        first, last, before, undated_ok = date.min, date.max, date.max, True
        for o in team:
            f, t, b, u = _good_dates(candidates(data, unit_id, o))
            first, last, before, undated_ok = max(first, f), min(last, t), min(before, b), undated_ok and u
        hit = cache[key] = _Team(team, first, last, before, undated_ok, people_on(data, team, unit_id))
    return hit


def officer_not_certified(data: AuditData) -> Iterator[Draft]:
    """An officer not in the roster, without a valid certificate on the decision date,
    suspended or revoked, or auxiliary staff. Among same-name candidates, one good is enough."""
    if data.officers:
        yield from _not_certified(data, data.cases)


def _good_on(hit: _Team, d: date | None) -> bool:
    """Every officer of the team certified on decision date `d` (the common case)."""
    return hit.undated_ok if d is None else hit.first <= d <= hit.last and d < hit.before


def _not_certified(data: AuditData, cases: Iterable[OnCase]) -> Iterator[Draft]:
    cache = data.memo.setdefault("officer_teams", {})
    for case in cases:
        team, d = case.officers, case.decided_on
        hit = _team(data, team, case.unit_id, cache)
        if _good_on(hit, d):
            continue  # the common case: every officer certified on that day
        for o in team:
            found = candidates(data, case.unit_id, o)
            if not found:
                why = "不在执法人员名册中"
            elif len(found) == 1:  # the common case: one roster entry
                problem = problem_of(found[0], case)
                if problem is None:
                    continue
                why = problem
            else:
                problems = [problem_of(x, case) for x in found]
                if any(p is None for p in problems):
                    continue
                why = problems[0] or ""
            label = officer_label(o)
            yield Draft("OFFICER_NOT_CERTIFIED", {"case_no": case.case_key, "officer": label},
                        "持有效执法证的执法人员", {"officer": label, "problem": why},
                        f"案卷 {case.case_no} 执法人员 {label}：{why}",
                        unit_id=case.unit_id, case_key=case.case_key,
                        rule=officers_rule(case, "；核对执法身份、辅助人员不得独立执法"))


def _counts_as_officer(found: tuple[OfficerRec, ...]) -> bool:
    return not found or any(x.kind != AUXILIARY for x in found)


def people_on(data: AuditData, team: tuple[CaseOfficerRec, ...], unit_id: int | None) -> int:
    """How many different people on a team, on a case of `unit_id`, count as officers
    (auxiliaries do not)."""
    return len({norm(o.name) for o in team if _counts_as_officer(candidates(data, unit_id, o))})


def too_few_officers(data: AuditData) -> Iterator[Draft]:
    """Fewer than two officers on the case, auxiliaries not counted. A case imported from a sheet
    with no officers column says nothing (the data cannot show it)."""
    yield from _too_few(data, data.cases)


def _too_few(data: AuditData, cases: Iterable[OnCase]) -> Iterator[Draft]:
    cache = data.memo.setdefault("officer_teams", {})
    names_of: dict[int, str] = {}  # by the team's identity: every team is held by its cases meanwhile
    for case in cases:
        team, unit_id = case.officers, case.unit_id
        if not team and "officers" in case.unknown_fields:
            continue
        hit = _team(data, team, unit_id, cache)
        people = hit.people
        if people < MIN_OFFICERS:
            names = names_of.get(id(team))
            if names is None:
                names = names_of[id(team)] = "、".join(officer_label(o) for o in team) or "无"
            key = case.case_key
            yield Draft("TOO_FEW_OFFICERS", {"case_no": key}, {"min_officers": MIN_OFFICERS}, {"officers": people},
                        f"案卷 {case.case_no} 执法人员 {people} 人（{names}），少于 {MIN_OFFICERS} 人",
                        unit_id, key, rule=officers_rule(case))


class _Candidates(NamedTuple):
    not_certified: list[oc.OfficerCase]
    too_few: list[oc.OfficerCase]


def store_candidates(data: AuditData, db: Connection) -> _Candidates:
    """The store's cases each officer rule could report on, in id order, as the narrow rows the
    rules read (officer_columns.OfficerCase), told apart by the same team facts the rules' quick
    test uses: a decision date outside the days its whole team is certified, or fewer than two
    officers. SQL first sets aside the cases whose every officer is written exactly as one
    certificate that is surely good on any decision day of the store, under two names or more
    (`_maybe_reported`); the others' fields and officers are read (officer_columns.officer_cases).
    Made once per run (by the first officer rule)."""
    memo = data.memo.setdefault("officer_cases", {})
    done = memo.get("candidates")
    if done is not None:
        return done
    cache = data.memo.setdefault("officer_teams", {})
    checks_certificates = bool(data.officers)
    dates = Dates()
    unknown = UnknownFields(db)
    unknown_of, none = unknown.by_batch.get, unknown.none  # its __call__, inlined (batch ids are never None)
    done = _Candidates([], [])
    for (case_id, case_no, case_key, unit_id, decided, filed, batch), team in oc.officer_cases(
            db, _maybe_reported(data, db)):
        d = dates[decided]
        hit = _team(data, team, unit_id, cache)
        uncertified = checks_certificates and not _good_on(hit, d)
        few = hit.people < MIN_OFFICERS
        if uncertified or few:
            case = oc.OfficerCase(case_id, case_no or "", case_key or "", unit_id, d, dates[filed], team,
                                  unknown_of(batch, none))
            if uncertified:
                done.not_certified.append(case)
            if few:
                done.too_few.append(case)
    memo["candidates"] = done
    return done


def _maybe_reported(data: AuditData, db: Connection) -> CompoundSelect | None:
    """A SELECT of the ids of the cases either officer rule may report on (a superset), or None:
    read them all (an empty roster, or one that vouches for no certificate, tells nothing).
    Each officer as written (name, cert_no) is judged once: bad if its number is not one of the
    certificates `_surely_fine` vouches for, or its name not one of its plain names."""
    certs, names = _surely_fine(data, *decision_span(db))
    if not certs or not names:
        return None
    written = oc.officers_as_written(db)
    return oc.teams_that_may_fail(db, written, {c for _, c in written if c not in certs},
                                  {n for n, _ in written if n not in names})


def _surely_fine(data: AuditData, first: date | None, last: date | None) -> tuple[set[str], set[str]]:
    """Certificate numbers, as the roster writes them, that a case may write to name one officer
    who is certified on every decision day from `first` to `last` (and on a case not decided), so
    neither rule finds fault with them; and names, as the roster writes them, that are their own
    normalised form (two such names that differ as written are two people). A case writing each of
    its officers with one of these numbers and one of these names, under two names or more, is
    reported on by neither rule: each officer is that roster entry (a certificate number is
    matched first, whatever the name), a certified officer on the day, and counts."""
    certs, names = set(), set()
    for x in data.officers:
        if x.name and norm(x.name) == x.name:
            names.add(x.name)
        if not x.cert_no or data.officer_by_cert.get(cert_key(x.cert_no)) is not x:
            continue  # written so, the case names another entry (or none): not this one's to vouch for
        if x.kind == AUXILIARY or x.status in BAD_STATUSES:
            continue
        if first is not None and x.valid_from is not None and x.valid_from > first:
            continue
        if last is not None and x.valid_to is not None and x.valid_to < last:
            continue
        certs.add(x.cert_no)
    return certs, names


def _not_certified_rule(run: RunInputs) -> Iterator[Draft]:
    db = run.store_db()
    if db is None:
        return officer_not_certified(run.data)
    if not run.data.officers:
        return iter(())
    return _not_certified(run.data, store_candidates(run.data, db).not_certified)


def _too_few_rule(run: RunInputs) -> Iterator[Draft]:
    """TOO_FEW_OFFICERS, the second and last officer rule: it lets the candidates go."""
    db = run.store_db()
    if db is None:
        return too_few_officers(run.data)
    cases = store_candidates(run.data, db).too_few
    run.data.memo.pop("officer_cases", None)
    return _too_few(run.data, cases)


RULES: tuple[Rule, ...] = (
    Rule("核对执法人员", _not_certified_rule),
    Rule("核对执法人员", _too_few_rule),
)
