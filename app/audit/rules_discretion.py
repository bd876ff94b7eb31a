"""Stage 3: discretion (裁量基准, 行政处罚法 第三十四条).

DISCRETION_OUT_OF_RANGE compares a case's fine with the office's benchmark for its violation
(案由) or legal basis; INCONSISTENT_PENALTY looks for the same violation and basis drawing fines
that differ by more than a factor (同案异罚). Cases without a fine take no part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from app.audit.data import AuditData, norm
from app.audit.model import Benchmark, CaseRec, Draft
from app.audit.rule import Rule
from app.domain.amounts import format_fen

DEFAULT_FACTOR = 5.0
MIN_GROUP = 3


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

    def find(self, case: CaseRec) -> Benchmark | None:
        v, g = norm(case.cause), norm(case.legal_basis)
        return self.both.get((v, g)) or (self.by_violation.get(v) if v else None) or (
            self.by_basis.get(g) if g else None)


def discretion_out_of_range(data: AuditData) -> Iterator[Draft]:
    """A fine below the benchmark's lowest or above its highest amount."""
    if not data.benchmarks:
        return
    index = BenchmarkIndex(data.benchmarks)
    for c in data.cases:
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
                    unit_id=c.unit_id, case_key=c.case_key)


def inconsistent_penalty(data: AuditData, factor: float = DEFAULT_FACTOR) -> Iterator[Draft]:
    """Within a group of ≥3 fined cases with the same violation and legal basis, the highest
    fine is more than `factor` times the lowest. One finding per group, naming the extremes."""
    groups: dict[tuple[str, str], list[CaseRec]] = defaultdict(list)
    for c in data.cases:
        if c.fine_fen and c.fine_fen > 0:
            v, g = norm(c.cause), norm(c.legal_basis)
            if v:
                groups[(v, g)].append(c)
    for (v, g), cases in sorted(groups.items()):
        if len(cases) < MIN_GROUP:
            continue
        low = min(cases, key=lambda c: (c.fine_fen, c.case_key))
        high = max(cases, key=lambda c: (c.fine_fen, c.case_key))
        assert low.fine_fen and high.fine_fen
        if high.fine_fen <= factor * low.fine_fen:
            continue
        ratio = round(high.fine_fen / low.fine_fen, 2)
        yield Draft("INCONSISTENT_PENALTY",
                    {"violation": v, "legal_basis": g, "case_no": high.case_key, "case_nos": [low.case_key, high.case_key]},
                    {"max_ratio": factor}, {"ratio": ratio, "min_fen": low.fine_fen, "max_fen": high.fine_fen,
                                           "cases": len(cases)},
                    f"「{low.cause}」同类 {len(cases)} 案罚款相差 {ratio} 倍：{low.case_no} "
                    f"{format_fen(low.fine_fen)} 元，{high.case_no} {format_fen(high.fine_fen)} 元",
                    unit_id=high.unit_id, case_key=high.case_key)


RULES: tuple[Rule, ...] = (
    Rule("检查裁量", lambda run: discretion_out_of_range(run.data)),
    Rule("检查裁量", lambda run: inconsistent_penalty(run.data, run.factor)),
)
