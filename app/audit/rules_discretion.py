"""Stage 3: discretion (裁量基准, 行政处罚法 第三十四条).

DISCRETION_OUT_OF_RANGE compares a case's fine with the office's benchmark for its violation
(案由) or legal basis; INCONSISTENT_PENALTY looks for the same violation and basis drawing fines
that differ by more than a factor (同案异罚). Cases without a fine take no part. Both cite the
text in force on the decision date (2017 第四条 过罚相当; 2021 第五条、第三十四条 裁量基准).

同案异罚 compares like with like: the group is the violation, the basis, the party's kind (a
person and a company are fined on different scales) and the other penalty kinds imposed with the
fine (警告并处罚款 is not compared with 罚款 alone, nor 罚款 with 吊销). One decision is one member:
the same party fined on the same day for the same violation is one decision entered twice, or
its instalments (分期) — counted once, with the instalments added up.

In a run over the store the checks read only the fined cases they could report on, and only the
fields they read (case_candidates.py): for 同案异罚, of the groups whose fines may differ, a few
fields of each member and the extreme cases of the groups found whole (penalty_groups.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import NamedTuple, Protocol

from app.audit import case_candidates as cand
from app.audit import penalty_groups
from app.audit.data import AuditData, norm
from app.audit.law.penalties import FINE, PARTY_KIND_LABELS, kinds_in
from app.audit.law.provisions import PROPORTIONALITY, provision
from app.audit.model import Benchmark, CaseRef, Draft
from app.audit.rule import Rule, RunInputs
from app.domain.amounts import format_fen

DEFAULT_FACTOR = 5.0
MIN_GROUP = 3


class FinedCase(CaseRef, Protocol):
    """What the discretion checks read of a case: a CaseRec, or the store's narrow row of it
    (case_columns.FinedCase)."""

    @property
    def cause(self) -> str: ...
    @property
    def legal_basis(self) -> str: ...
    @property
    def party(self) -> str: ...
    @property
    def party_id(self) -> str: ...
    @property
    def party_kind(self) -> str | None: ...
    @property
    def penalty(self) -> str: ...
    @property
    def fine_fen(self) -> int | None: ...
    @property
    def enforcement(self) -> str: ...
    @property
    def decided_on(self) -> date | None: ...
    @property
    def instalment(self) -> bool: ...


def discretion_rule(c: FinedCase) -> str:
    return provision(PROPORTIONALITY, c.decided_on).citation + "（过罚相当、裁量基准）" if c.decided_on else ""


class BenchmarkIndex:
    """Benchmarks by normalised violation, by normalised basis, and by both."""

    def __init__(self, benchmarks: list[Benchmark]) -> None:
        self.both: dict[tuple[str, str], Benchmark] = {}
        self.by_violation: dict[str, Benchmark] = {}
        self.by_basis: dict[str, Benchmark] = {}
        for b in benchmarks:
            v, g = norm(b.violation), norm(b.legal_basis)
            if v and g:
                self.both[(v, g)] = b
            elif v:
                self.by_violation[v] = b
            elif g:
                self.by_basis[g] = b

    def find(self, case: FinedCase) -> Benchmark | None:
        v, g = norm(case.cause), norm(case.legal_basis)
        return self.both.get((v, g)) or (self.by_violation.get(v) if v else None) or (
            self.by_basis.get(g) if g else None)


def discretion_out_of_range(data: AuditData) -> Iterator[Draft]:
    """A fine below the benchmark's lowest or above its highest amount."""
    if data.benchmarks:
        yield from _out_of_range(data.benchmarks, data.cases)


def _out_of_range(benchmarks: list[Benchmark], cases: Iterable[FinedCase]) -> Iterator[Draft]:
    index = BenchmarkIndex(benchmarks)
    for c in cases:
        if not c.fine_fen or c.fine_fen <= 0:
            continue
        b = index.find(c)
        if b is None or b.min_fen <= c.fine_fen <= b.max_fen:
            continue
        side = "低于" if c.fine_fen < b.min_fen else "高于"
        what = b.violation or b.legal_basis
        yield Draft("DISCRETION_OUT_OF_RANGE", {"case_no": c.case_key},
                    {"min_fen": b.min_fen, "max_fen": b.max_fen, "benchmark_id": b.id},
                    {"fine_fen": c.fine_fen},
                    f"案卷 {c.case_no} 罚款 {format_fen(c.fine_fen)} 元，{side}「{what}」裁量基准 "
                    f"{format_fen(b.min_fen)}–{format_fen(b.max_fen)} 元",
                    unit_id=c.unit_id, case_key=c.case_key, rule=discretion_rule(c))


class Decision(NamedTuple):
    """One decision in a 同案异罚 group: its case (the first entered) and its whole fine. (A named
    tuple: a run makes one per fined case, and a frozen dataclass costs twice as much to make.)"""

    case: FinedCase
    fine_fen: int


KIND_LABELS: dict[str, str] = {str(k): v for k, v in PARTY_KIND_LABELS.items()}
GroupKey = penalty_groups.GroupKey


def _group_key(c: FinedCase) -> GroupKey | None:
    written = _written_group(c.cause, c.legal_basis, c.penalty)
    if written is None:
        return None
    v, g, others = written
    return v, g, c.party_kind or "", others


def _written_group(cause: str, legal_basis: str, penalty: str) -> tuple[str, str, tuple[str, ...]] | None:
    """A group key but for the party's kind: violation, basis, other penalty kinds (None: no violation)."""
    v = norm(cause)
    if not v:
        return None
    return v, norm(legal_basis), tuple(sorted(kinds_in(penalty) - {FINE}))


def decisions(cases: Sequence[FinedCase]) -> list[Decision]:
    """One member per decision: the same party fined on the same day is one decision — entered
    twice (the same fine: counted once) or in instalments (分期: the fines added up)."""
    by_decision: dict[tuple[str, object], list[FinedCase]] = {}
    alone: list[Decision] = []
    for c in cases:  # a group may hold tens of thousands of cases: no call, no default dict per case
        pid = c.party_id  # the party: its ID without spaces, upper-cased, else its name normalised
        party = ("".join(pid.split()).upper() if pid else "") or norm(c.party)
        if party and c.decided_on is not None:
            key = (party, c.decided_on)
            same = by_decision.get(key)
            if same is None:
                by_decision[key] = [c]
            else:
                same.append(c)
        else:
            alone.append(Decision(c, c.fine_fen or 0))
    out = list(alone)
    for same in by_decision.values():
        if len(same) == 1:  # the common case: one decision, entered once
            out.append(Decision(same[0], same[0].fine_fen or 0))
            continue
        first = min(same, key=lambda c: c.case_key)
        if len(same) > 1 and any(c.instalment for c in same):
            out.append(Decision(first, sum(c.fine_fen or 0 for c in same)))
        elif len({c.fine_fen for c in same}) == 1:
            out.append(Decision(first, first.fine_fen or 0))
        else:
            out.extend(Decision(c, c.fine_fen or 0) for c in same)
    return out


def _may_differ(cases: Sequence[FinedCase], factor: float) -> bool:
    """False when the group cannot be a finding, told without working out its decisions: fewer
    cases than a group needs (a decision is one case or more), or — no instalment among them —
    fines within the factor. Without instalments each decision's fine is one of its cases'
    fines, so the decisions' highest and lowest lie within the cases' own."""
    if len(cases) < MIN_GROUP:
        return False
    fines = [c.fine_fen or 0 for c in cases]
    if max(fines) > factor * min(fines):
        return True
    return any("分期" in c.enforcement for c in cases)  # CaseRec.instalment, without a property call per case


def _extremes(members: list[Decision]) -> tuple[Decision, Decision]:
    """The lowest and the highest decision by (fine, case number): the fines compared first as
    plain integers, the case numbers only among the decisions of the extreme fines."""
    fines = [m.fine_fen for m in members]
    lo, hi = min(fines), max(fines)
    low = min((m for m in members if m.fine_fen == lo), key=lambda m: m.case.case_key)
    high = max((m for m in members if m.fine_fen == hi), key=lambda m: m.case.case_key)
    return low, high


def _group_text(key: GroupKey, band: Benchmark | None) -> tuple[dict[str, object], str]:
    v, g, party, others = key
    group: dict[str, object] = {"violation": v, "legal_basis": g, "party_kind": party or None,
                                "penalty_kinds": [FINE, *others]}
    words = [f"违法行为「{v}」", f"处罚依据「{g or '未载明'}」",
             f"当事人类别：{KIND_LABELS.get(party, '未能区分')}",
             f"处罚种类：{'、'.join([FINE, *others])}"]
    if band is not None:
        group["benchmark"] = {"min_fen": band.min_fen, "max_fen": band.max_fen, "benchmark_id": band.id}
        words.append(f"裁量基准 {format_fen(band.min_fen)}–{format_fen(band.max_fen)} 元")
    return group, "，".join(words)


def inconsistent_penalty(data: AuditData, factor: float = DEFAULT_FACTOR) -> Iterator[Draft]:
    """Within a group of ≥3 fined decisions of the same violation, legal basis, party kind and
    other penalty kinds, the highest fine is more than `factor` times the lowest. One finding per
    group, naming the extremes and the group it compared (with the benchmark band, if any)."""
    yield from _inconsistent(data.benchmarks, data.cases, factor)


def _inconsistent(benchmarks: list[Benchmark], cases: Iterable[FinedCase], factor: float) -> Iterator[Draft]:
    groups: dict[GroupKey, list[FinedCase]] = defaultdict(list)
    keys: dict[tuple[str, str, str | None, str], GroupKey | None] = {}  # a register repeats its few violations
    for c in cases:
        if c.fine_fen and c.fine_fen > 0:
            written = (c.cause, c.legal_basis, c.party_kind, c.penalty)
            key = keys[written] if written in keys else keys.setdefault(written, _group_key(c))
            if key is not None:
                groups[key].append(c)
    index = BenchmarkIndex(benchmarks) if benchmarks else None
    for key, group_cases in sorted(groups.items()):
        if not _may_differ(group_cases, factor):
            continue
        members = decisions(group_cases)
        if len(members) < MIN_GROUP:
            continue
        low, high = _extremes(members)
        if high.fine_fen <= factor * low.fine_fen:
            continue
        yield _finding(key, len(members), low, high, index, factor)


def _finding(key: GroupKey, members: int, low: Decision, high: Decision, index: BenchmarkIndex | None,
             factor: float) -> Draft:
    """The INCONSISTENT_PENALTY finding on a group of `members` decisions, `low` and `high` its extremes."""
    ratio = round(high.fine_fen / low.fine_fen, 2)
    band = index.find(high.case) if index is not None else None
    group, described = _group_text(key, band)
    refs: dict[str, object] = {"violation": key[0], "legal_basis": key[1], "case_no": high.case.case_key,
                               "case_nos": [low.case.case_key, high.case.case_key]}
    if key[2]:
        refs["party_kind"] = key[2]
    if key[3]:
        refs["penalty_kinds"] = list(key[3])
    return Draft("INCONSISTENT_PENALTY", refs, {"max_ratio": factor, "group": group},
                 {"ratio": ratio, "min_fen": low.fine_fen, "max_fen": high.fine_fen, "cases": members},
                 f"「{low.case.cause}」同类 {members} 案罚款相差 {ratio} 倍：{low.case.case_no} "
                 f"{format_fen(low.fine_fen)} 元，{high.case.case_no} {format_fen(high.fine_fen)} 元"
                 f"（比较范围：{described}）",
                 unit_id=high.case.unit_id, case_key=high.case.case_key, rule=discretion_rule(high.case))


def _out_of_range_rule(run: RunInputs) -> Iterable[Draft]:
    data, db = run.data, run.store_db()
    if db is None:
        return discretion_out_of_range(data)
    return _out_of_range(data.benchmarks, cand.out_of_range_candidates(db, data.benchmarks))


def _inconsistent_rule(run: RunInputs) -> Iterable[Draft]:
    """Over the store's cases: of the groups whose fines may differ enough (told in SQL), each
    member's few fields, and only the extreme cases of the groups found whole (penalty_groups)."""
    data, db = run.data, run.store_db()
    if db is None:
        return inconsistent_penalty(data, run.factor)
    counted = cand.may_differ(db, _written_group, run.factor, MIN_GROUP)
    index = BenchmarkIndex(data.benchmarks) if data.benchmarks else None

    def split(violation: str) -> bool:  # its union (the key the SQL counted) holds a case paid in instalments
        return _written_group(violation, "", "") in counted.split

    return [_finding(g.key, g.decisions, Decision(g.low, g.low_fine), Decision(g.high, g.high_fine), index,
                     run.factor)
            for g in penalty_groups.groups_beyond(db, _written_group, run.factor, MIN_GROUP, counted.where or (),
                                                  split)]


RULES: tuple[Rule, ...] = (
    Rule("检查裁量", _out_of_range_rule),
    Rule("检查裁量", _inconsistent_rule),
)
