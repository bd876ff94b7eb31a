"""同案异罚 over the store (rules_discretion.inconsistent_penalty): each group's members read
narrow, merged into decisions as rules_discretion.decisions merges them, and only what a finding
names read whole.

A finding says how many decisions its group holds and names its two extremes; nothing else of
the members. So a member is read as its id, the columns its group is made of as written (案由,
处罚依据, 处罚: a register repeats a few), the party's kind as the register states it (told in
SQL), the party's ID and name, the decision date, the fine and the case key (which decides
between equal fines) — no case number, no enforcement text, no row object — and told column by
column where it can be (a name `norm` leaves alone, most often; no party fined twice on a day).
The rest is read afterwards, and only where it decides something: whether a case is paid in
instalments (分期), for the cases of one party fined on one day; the two extreme cases of each
group found, whole, as the payment check reads them (case_candidates.fined_cases_by_id).

The groups and decisions are those of the check over the same cases: the party's kind is the one
the register states, else `party_kind`'s reading of the ID and name (as the loader reads it);
the party of a decision its ID without whitespace, upper-cased, else its name normalised; one
party's cases of one day are one decision — their fines added up if one is paid in instalments,
else one fine when all are the same, else each its own. The case key is unique in the store, so
the extremes do not depend on the order the members come in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, case, select

from app.audit.case_candidates import fined_cases_by_id
from app.audit.case_columns import C, FinedCase, driver_rows, rows_by_id
from app.audit.data import norm
from app.audit.load_cases import STORED_KINDS, Dates, party_kind
from app.domain.persons import looks_like_organisations

WrittenGroup = tuple[str, str, tuple[str, ...]]  # violation, basis, other penalty kinds
Written = Callable[[str, str, str], WrittenGroup | None]  # (cause, basis, penalty) as written → its group
GroupKey = tuple[str, str, str, tuple[str, ...]]  # violation, basis, party kind ("" unknown), other kinds

# The kinds the register may state, numbered in SQL (0: none stated, read from the ID and name).
_KINDS: tuple[str, ...] = tuple(sorted(set(STORED_KINDS.values())))
_STATED = case(*((C.party_kind.in_(sorted(k for k, v in STORED_KINDS.items() if v == kind)), n + 1)
                 for n, kind in enumerate(_KINDS)), else_=0)
_MEMBER_COLUMNS = (C.id, C.cause, C.legal_basis, C.penalty, _STATED, C.party_id, C.party, C.decided_on, C.fine_fen,
                   C.case_key)
Member = tuple[Any, ...]  # a row of _MEMBER_COLUMNS: id, cause, basis, penalty, stated kind, ID, name, date, fine, key
_PID, _NAME, _DAY, _FINE, _KEY = (itemgetter(i) for i in range(5, 10))


class Extremes(NamedTuple):
    """A group whose fines differ by more than the factor: its key, its count of decisions, and
    the lowest and highest decision's case and whole fine."""

    key: GroupKey
    decisions: int
    low: FinedCase
    low_fine: int
    high: FinedCase
    high_fine: int


class _Decision(NamedTuple):
    """One decision of several cases: one party's of one day (named by its lowest case key)."""

    fine: int
    members: tuple[Member, ...]


def groups_beyond(db: Connection, written: Written, factor: float, min_group: int,
                  where: Sequence[ColumnElement[bool]], split: Callable[[str], bool] = lambda v: True) -> list[Extremes]:
    """The groups of the fined cases (fine_fen > 0) meeting `where` that hold `min_group`
    decisions or more, the highest fine more than `factor` times the lowest, in key order.
    `split(violation)`: whether a case of that violation may be paid in instalments (分期) —
    where none is, a group whose cases' fines lie within the factor is none (each decision's
    fine is one of its cases')."""
    stmt = select(*_MEMBER_COLUMNS).where(C.fine_fen > 0, *where).order_by(C.id)
    groups = _groups(driver_rows(db, stmt), written)
    dates = Dates()
    found: list[tuple[GroupKey, int, Member, int, Member, int]] = []
    for key in sorted(groups):
        members = groups[key]
        if len(members) < min_group:  # a decision is one case or more
            continue
        fines = list(map(_FINE, members))
        if max(fines) <= factor * min(fines) and not split(key[0]):
            continue
        alone, merged = _decisions(db, members, dates)
        if len(alone) + len(merged) < min_group:
            continue
        if alone is not members:
            fines = list(map(_FINE, alone))
        lo, hi = min(fines + [d.fine for d in merged]), max(fines + [d.fine for d in merged])
        if hi > factor * lo:
            found.append((key, len(alone) + len(merged), _extreme(min, alone, fines, merged, lo), lo,
                          _extreme(max, alone, fines, merged, hi), hi))
    whole = {c.id: c for c in fined_cases_by_id(db, {r[0] for f in found for r in (f[2], f[4])})}
    return [Extremes(key, n, whole[low[0]], lo, whole[high[0]], hi) for key, n, low, lo, high, hi in found]


def _extreme(pick: Callable[..., Member], alone: list[Member], fines: list[int], merged: list[_Decision],
             fine: int) -> Member:
    """Of the decisions of this fine the one of the lowest (`min`) or highest (`max`) case key: a
    decision of several cases is named by its lowest. (The key is NOT NULL: a plain text.)"""
    named = [*compress(alone, map(fine.__eq__, fines)), *(min(d.members, key=_KEY) for d in merged if d.fine == fine)]
    return pick(named, key=_KEY)


def _groups(rows: Any, written: Written) -> dict[GroupKey, list[Member]]:
    """The members by group: by the columns as written first (a register repeats a few), then
    each member of no stated kind by the kind its ID and name tell."""
    by_written: dict[tuple[Any, ...], list[Member]] = {}
    for r in rows:
        k = r[1:5]
        same = by_written.get(k)
        if same is None:
            by_written[k] = [r]
        else:
            same.append(r)
    groups: dict[GroupKey, list[Member]] = {}
    for (cause, basis, penalty, stated), members in by_written.items():
        group = written(cause or "", basis or "", penalty or "")
        if group is None:
            continue
        v, g, others = group
        if stated:
            groups.setdefault((v, g, _KINDS[stated - 1], others), []).extend(members)
            continue
        for r, kind in zip(members, _kinds(members), strict=True):
            groups.setdefault((v, g, kind, others), []).append(r)
    return groups


def _kinds(members: list[Member]) -> list[str]:
    """`party_kind` of each member of no stated kind ("" unknown): by its ID, else by whether its
    name looks like an organisation's — told of all the names of the members without an ID at once."""
    if not any(map(_PID, members)):
        return ["organisation" if o else "" for o in looks_like_organisations([n or "" for n in map(_NAME, members)])]
    by_name = iter(looks_like_organisations([r[6] or "" for r in members if not r[5]]))
    return [(party_kind(r[5], r[6] or "") or "") if r[5] else ("organisation" if next(by_name) else "")
            for r in members]


def _decisions(db: Connection, members: list[Member], dates: Dates) -> tuple[list[Member], list[_Decision]]:
    """rules_discretion.decisions over a group's members: the members that are a decision on
    their own, and the decisions of several (one party's cases of one day whose fines are added
    up or the same)."""
    parties = _parties(members)
    if len(set(parties)) == len(parties):  # the common case: no party fined twice
        return members, []
    days = list(map(_DAY, members))
    if len(set(zip(parties, days, strict=True))) == len(members):  # … or none twice on one day
        written = set(days)  # … as written: a day written two ways (SQLite keeps text) would be one
        if len({dates[d] for d in written}) == len(written):
            return members, []
    pairs = list(zip(parties, [dates[d] for d in days], strict=True))
    alone: list[Member] = []
    by_day: dict[tuple[str, object], list[Member]] = {}
    for r, (party, on) in zip(members, pairs, strict=True):
        if party and on is not None:
            by_day.setdefault((party, on), []).append(r)
        else:
            alone.append(r)
    same_day = [same for same in by_day.values() if len(same) > 1]
    alone += [same[0] for same in by_day.values() if len(same) == 1]
    merged: list[_Decision] = []
    if same_day:
        split = _instalments(db, [r[0] for same in same_day for r in same])
        for same in same_day:
            if any(r[0] in split for r in same):
                merged.append(_Decision(sum(r[8] for r in same), tuple(same)))
            elif len({r[8] for r in same}) == 1:
                merged.append(_Decision(same[0][8], tuple(same)))
            else:
                alone += same
    return alone, merged


def _parties(members: list[Member]) -> list[str]:
    """Each member's party as rules_discretion.decisions tells it: its ID without whitespace,
    upper-cased, else its name normalised (`norm`). Told of them all at once where it can be:
    the ID's change and what `norm` returns unchanged (printable text, no space, already NFKC)
    are told character by character — but for NFKC, which a "|" between two texts keeps apart —
    so a joined text left as it is holds only texts left as they are: each its own key."""
    ids = list(map(_PID, members))
    if None in ids:  # NOT NULL columns: only a store written around the program holds NULL
        ids = [i or "" for i in ids]
    if any(ids):
        joined = "|".join(ids)
        if "".join(joined.split()).upper() != joined:
            ids = ["".join(i.split()).upper() for i in ids]
    names = list(map(_NAME, members))
    if None in names:
        names = [n or "" for n in names]
    joined = "|".join(names)
    plain = joined.isprintable() and " " not in joined and unicodedata.is_normalized("NFKC", joined)
    if not any(ids):
        return names if plain else list(map(norm, names))
    return [i or (n if plain else norm(n)) for i, n in zip(ids, names, strict=True)]


def _instalments(db: Connection, ids: list[int]) -> set[int]:
    """Of these cases, those paid in instalments (分期 in 执行情况, as CaseRec.instalment tells)."""
    return {i for i, text in rows_by_id(db, (C.id, C.enforcement), ids) if "分期" in (text or "")}
