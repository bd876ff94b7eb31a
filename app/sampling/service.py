"""Draw a sample of case files and record it (the algorithm is in app/sampling/draw.py).

The population is every case file in scope: when a campaign is active (or named), the cases
its scope covers (app/campaigns/scope.py: decided within its period — a case with no decision
date is then out — and belonging to its units when it lists any); otherwise, or with
`all_records`, every case file.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.campaigns.scope import session_scope
from app.errors import UserError
from app.sampling.draw import (
    NO_UNIT,
    allocate,
    check_size,
    lines_sha256,
    mus_indices,
    simple_indices,
    size_from_fraction,
)
from app.store import Store
from db import changelog
from db.models import CaseFile, Unit
from db.models_sampling import SampleDraw

METHODS = ("simple", "mus")


@dataclass(frozen=True)
class CaseRow:
    case_key: str
    case_no: str
    party: str
    unit: str
    fine_fen: int | None


@dataclass
class Population:
    rows: list[CaseRow]
    campaign_id: int | None = None
    scope: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [r.case_key for r in self.rows]

    @property
    def sha256(self) -> str:
        return lines_sha256(self.keys)


def population(store: Store, campaign_id: int | None = None, *, all_records: bool = False,
               units: list[str] | None = None) -> Population:
    """The frozen population: case files in scope, sorted by normalised case key.

    The scope is the named (else the active) campaign's (app/campaigns/scope.py); `all_records`
    takes every case file. `units` narrows it further to those units (e.g. the units that
    reported zero problems, 问题零报告, which the plans name as sampling targets)."""
    with store.session() as s:
        scope = session_scope(s, campaign_id=campaign_id, all_records=all_records)
        stmt = select(CaseFile.case_key, CaseFile.case_no, CaseFile.party, Unit.name, CaseFile.fine_fen,
                      CaseFile.decided_on).outerjoin(Unit, CaseFile.unit_id == Unit.id)
        described: dict[str, Any] = {}
        if scope is not None:
            described = scope.describe()
            stmt = stmt.where(scope.case_filter(CaseFile))
        if units is not None:
            stmt = stmt.where(Unit.name.in_(units))
            described = {**described, "target_units": sorted(units)}
        rows = {r[0]: CaseRow(r[0], r[1], r[2] or "", r[3] or "", r[4]) for r in s.execute(stmt) if r[0]}
    return Population([rows[k] for k in sorted(rows)], scope.campaign_id if scope is not None else None, described)


def draw_sample(store: Store, *, seed: int, n: int | None = None, fraction: float | str | None = None,
                method: str = "simple", by_unit: bool = False, campaign_id: int | None = None,
                all_records: bool = False, units: list[str] | None = None, operator: str = "") -> dict[str, Any]:
    """Draw, record and return a sample: {seed, method, population, population_sha256, sample, …}.

    `sample` holds normalised case keys in population order; `cases` the same with party, unit
    and fine for printing. The same store contents, seed and options always give the same result.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise UserError(f"随机种子应为非负整数，现为「{seed}」。")
    if method not in METHODS:
        raise UserError(f"未知的抽样方法「{method}」，应为 simple（简单随机）或 mus（货币单位抽样）。")
    if (n is None) == (fraction is None):
        raise UserError("请指定样本量 --n 或抽样比例 --fraction 之一。")
    if method == "mus" and by_unit:
        raise UserError("货币单位抽样（mus）不能与按执法单位分层（--by-unit）同时使用。")
    pop = population(store, campaign_id, all_records=all_records, units=units)
    size = n if n is not None else size_from_fraction(fraction, len(pop.rows))  # type: ignore[arg-type]
    options: dict[str, Any] = {"n": n, "fraction": None if fraction is None else str(fraction), "by_unit": by_unit,
                               "campaign_id": pop.campaign_id, "scope": pop.scope}
    rng = random.Random(seed)
    if method == "mus":
        frame = [r for r in pop.rows if r.fine_fen and r.fine_fen > 0]
        check_size(size, len(frame), "有罚款的")
        picked = [frame[i] for i in mus_indices([r.fine_fen or 0 for r in frame], size, rng)]
        options["frame"] = {"size": len(frame), "total_fen": sum(r.fine_fen or 0 for r in frame),
                            "frame_sha256": lines_sha256([f"{r.case_key}\t{r.fine_fen}" for r in frame])}
    elif by_unit:
        check_size(size, len(pop.rows))
        picked = _stratified(pop.rows, size, rng, options)
    else:
        check_size(size, len(pop.rows))
        picked = [pop.rows[i] for i in simple_indices(len(pop.rows), size, rng)]
    picked.sort(key=lambda r: r.case_key)
    label = "mus" if method == "mus" else ("stratified" if by_unit else "simple")
    result = {"seed": seed, "method": label, "population": len(pop.rows), "population_sha256": pop.sha256,
              "sample": [r.case_key for r in picked], "n": size, "options": options}
    with store.writing() as s:
        row = SampleDraw(campaign_id=pop.campaign_id, seed=seed, method=label,
                         options_json=json.dumps(options, ensure_ascii=False, default=_iso),
                         population=len(pop.rows), population_sha256=pop.sha256,
                         case_keys_json=json.dumps(result["sample"], ensure_ascii=False),
                         drawn_at=datetime.now().replace(microsecond=0), operator=operator)
        s.add(row)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="samples", record_id=row.id,
                         after={k: v for k, v in result.items() if k != "options"})
        sample_id = row.id
    return {**result, "sample_id": sample_id,
            "cases": [{"case_key": r.case_key, "case_no": r.case_no, "party": r.party, "unit": r.unit,
                       "fine_fen": r.fine_fen} for r in picked]}


def _stratified(rows: list[CaseRow], n: int, rng: random.Random, options: dict[str, Any]) -> list[CaseRow]:
    strata: dict[str, list[CaseRow]] = {}
    for r in rows:
        strata.setdefault(r.unit or NO_UNIT, []).append(r)
    names = sorted(strata)
    alloc = allocate([(name, len(strata[name])) for name in names], n)
    options["strata"] = [[name, len(strata[name]), a] for name, a in zip(names, alloc, strict=True)]
    picked: list[CaseRow] = []
    for name, a in zip(names, alloc, strict=True):
        members = strata[name]
        picked += [members[i] for i in simple_indices(len(members), a, rng)]
    return picked


def list_samples(store: Store) -> list[dict[str, Any]]:
    """The recorded draws, newest first."""
    with store.session() as s:
        return [{"id": d.id, "campaign_id": d.campaign_id, "seed": d.seed, "method": d.method,
                 "options": json.loads(d.options_json), "population": d.population,
                 "population_sha256": d.population_sha256, "sample": json.loads(d.case_keys_json),
                 "drawn_at": d.drawn_at, "operator": d.operator}
                for d in s.scalars(select(SampleDraw).order_by(SampleDraw.id.desc()))]


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")
