"""Return visits (回访, reference/000 and 001: 随机选择处罚对象进行回访): parties of decided cases
drawn at random, and for each the visit's record.

    draw_visits · visit_population · record_visit · list_visits · visit_summary

The draw is the case sample's algorithm (app/sampling/draw.py) over its own population: the case
files in scope (the active campaign's period and units, app/campaigns/scope.py; every file with
`all_records` or without a campaign) that have a decision date and a party, by normalised case
key in code-point order. The seed, the options and the population's SHA-256 are recorded, so the
same store contents and seed give the same parties — whatever order the cases were entered in.

A visit is recorded only for a party in a draw: any other is refused. Problems the party raises
become problems on the problem list with source `visit` (回访), through the rectification service.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.accounts.actor import check
from app.campaigns.scope import session_scope
from app.concurrency import check_version, refuse_stale, version_of
from app.errors import UserError
from app.registers.values import a_date, one_of, required_text
from app.sampling.draw import NO_UNIT, allocate, check_size, lines_sha256, simple_indices
from app.store import Store
from db import changelog
from db.models import CaseFile, Unit
from db.models_registers import SATISFACTION, VISIT_WAYS, Visit, VisitDraw

PENDING, DONE = "待回访", "已回访"
WHAT = "回访"  # how a refused stale save names the record
VISIT_SNAPSHOT = ("draw_id", "case_key", "case_no", "party", "unit", "visited_on", "way", "visitor", "statement",
                  "satisfaction", "problem_ids_json")


@dataclass(frozen=True)
class Party:
    case_key: str
    case_no: str
    party: str
    unit: str
    decided_on: date | None  # never None in a population: its query asks for a decision date


def visit_population(store: Store, *, campaign_id: int | None = None,
                     all_records: bool = False) -> tuple[list[Party], int | None]:
    """The decided cases with a party, in scope, sorted by case key (each key once), and the
    campaign whose scope applied (None: every case file)."""
    with store.session() as s:
        scope = session_scope(s, campaign_id=campaign_id, all_records=all_records)
        stmt = (select(CaseFile.case_key, CaseFile.case_no, CaseFile.party, Unit.name, CaseFile.decided_on)
                .outerjoin(Unit, CaseFile.unit_id == Unit.id)
                .where(CaseFile.decided_on.is_not(None), CaseFile.party != ""))
        if scope is not None:
            stmt = stmt.where(scope.case_filter(CaseFile))
        rows = {r[0]: Party(r[0], r[1], r[2].strip(), r[3] or "", r[4]) for r in s.execute(stmt)
                if r[0] and (r[2] or "").strip()}
        campaign = scope.campaign_id if scope is not None else None
    return [rows[k] for k in sorted(rows)], campaign


def _stratified(rows: list[Party], n: int, rng: random.Random, options: dict[str, Any]) -> list[Party]:
    strata: dict[str, list[Party]] = {}
    for r in rows:
        strata.setdefault(r.unit or NO_UNIT, []).append(r)
    names = sorted(strata)
    alloc = allocate([(name, len(strata[name])) for name in names], n)
    options["strata"] = [[name, len(strata[name]), a] for name, a in zip(names, alloc, strict=True)]
    picked: list[Party] = []
    for name, a in zip(names, alloc, strict=True):
        picked += [strata[name][i] for i in simple_indices(len(strata[name]), a, rng)]
    return picked


def draw_visits(store: Store, *, n: int, seed: int, by_unit: bool = False, campaign_id: int | None = None,
                all_records: bool = False, operator: str = "") -> dict[str, Any]:
    """Draw `n` parties to visit and record the draw and a visit (待回访) for each.

    {"seed", "method", "population", "population_sha256", "sample": [case_key …], "draw_id", "visits"}."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise UserError(f"随机种子应为非负整数，现为「{seed}」。")
    rows, campaign = visit_population(store, campaign_id=campaign_id, all_records=all_records)
    check_size(n, len(rows), "已作出处罚决定的")
    rng = random.Random(seed)
    options: dict[str, Any] = {"n": n, "by_unit": by_unit, "campaign_id": campaign, "all_records": all_records}
    if by_unit:
        picked = _stratified(rows, n, rng, options)
    else:
        picked = [rows[i] for i in simple_indices(len(rows), n, rng)]
    picked.sort(key=lambda r: r.case_key)
    keys = [r.case_key for r in rows]
    result: dict[str, Any] = {"seed": seed, "method": "stratified" if by_unit else "simple", "population": len(rows),
                              "population_sha256": lines_sha256(keys), "sample": [r.case_key for r in picked]}
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    with store.writing() as s:
        draw = VisitDraw(campaign_id=campaign, seed=seed, method=result["method"],
                         options_json=json.dumps(options, ensure_ascii=False), population=len(rows),
                         population_sha256=result["population_sha256"],
                         case_keys_json=json.dumps(result["sample"], ensure_ascii=False),
                         drawn_at=datetime.now().replace(microsecond=0), operator=operator)
        s.add(draw)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="visit_draws", record_id=draw.id,
                         after={**result, "options": options})
        visits = []
        for r in picked:
            v = Visit(draw_id=draw.id, case_key=r.case_key, case_no=r.case_no, party=r.party, unit=r.unit,
                      operator=operator)
            s.add(v)
            s.flush()
            changelog.append(s, operator=operator, action="create", table_name="visits", record_id=v.id,
                             after=_snap(v))
            visits.append(visit_dict(v))
        return {**result, "draw_id": draw.id, "options": options, "visits": visits}


def _snap(v: Visit) -> dict[str, Any]:
    return {k: getattr(v, k) for k in VISIT_SNAPSHOT}


def visit_dict(v: Visit) -> dict[str, Any]:
    return {"id": v.id, "draw_id": v.draw_id, "case_key": v.case_key, "case_no": v.case_no, "party": v.party,
            "unit": v.unit, "status": DONE if v.visited_on else PENDING, "visited_on": v.visited_on, "way": v.way,
            "visitor": v.visitor, "statement": v.statement, "satisfaction": v.satisfaction,
            "problem_ids": json.loads(v.problem_ids_json or "[]"),
            "row_version": v.row_version}  # what the dialog hands back (app/concurrency.py)


def _visit_for(s: Any, visit_id: int | None, case_no: str | None) -> Visit:
    if visit_id is not None:
        v = s.get(Visit, visit_id)
        if v is None:
            raise UserError(f"找不到回访（编号 {visit_id}），回访只能登记抽中的当事人。")
        return v
    from app.domain.numbers import normalise_case_no

    key = normalise_case_no(required_text(case_no, "案号"))
    v = s.scalar(select(Visit).where(Visit.case_key == key).order_by(Visit.visited_on.is_not(None), Visit.id.desc())
                 .limit(1))
    if v is None:
        raise UserError(f"案号 {case_no} 的当事人不在回访抽样名单中，不能登记回访（请先 visit draw 抽取），未作任何改动。")
    return v


def record_visit(store: Store, visit_id: int | None = None, *, case_no: str | None = None, on: object,
                 way: str, visitor: str, statement: str = "", satisfaction: str,
                 problems: list[str] | None = None, category: str | None = None,
                 operator: str = "", expected_version: int | None = None) -> dict[str, Any]:
    """The visit's record: date, way, visitor, what the party said, satisfaction, problems raised.
    Refused with StaleRecordError (app/concurrency.py) when another desk has recorded it since the
    dialog read it (`expected_version`) or since the checks below read it."""
    on_day = a_date(on, "回访日期")
    way = one_of(way, VISIT_WAYS, "回访方式")
    visitor = required_text(visitor, "回访人")
    satisfaction = one_of(satisfaction, SATISFACTION, "满意度")
    raised = [p.strip() for p in problems or [] if p and p.strip()]
    if raised and not (category or "").strip():
        raise UserError("回访发现的问题须指定问题类别（--category），未作任何改动。")
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    with store.session() as s:
        v = _visit_for(s, visit_id, case_no)
        check_version(s, v, expected_version, WHAT)
        expected_version = version_of(v)
        if v.visited_on is not None:
            raise UserError(f"当事人 {v.party}（案号 {v.case_no}）已于 {v.visited_on} 回访，未作任何改动。")
        decided = s.scalar(select(CaseFile.decided_on).where(CaseFile.case_key == v.case_key))
        if decided is not None and on_day < decided:
            raise UserError(f"回访日期（{on_day}）早于处罚决定日期（{decided}），未作任何改动。")
        vid, party, unit, number = v.id, v.party, v.unit, v.case_no
    from app.rectify.service import add_problem

    ids = [add_problem(store, category=category or "", unit=unit, case_no=number, source="visit", operator=operator,
                       manifestation=f"回访发现（案号 {number}，当事人 {party}）：{text}") for text in raised]
    with refuse_stale(store, WHAT, "visits", vid), store.writing() as s:
        row = s.get(Visit, vid)
        assert row is not None
        check_version(s, row, expected_version, WHAT)
        before = _snap(row)
        row.visited_on, row.way, row.visitor, row.satisfaction = on_day, way, visitor, satisfaction
        row.statement, row.problem_ids_json = (statement or "").strip(), json.dumps(ids)
        s.flush()
        changelog.append(s, operator=operator, action="update", table_name="visits", record_id=row.id,
                         before=before, after=_snap(row))
        return visit_dict(row)


def list_visits(store: Store, *, draw_id: int | None = None, unit: str | None = None) -> list[dict[str, Any]]:
    stmt = select(Visit).order_by(Visit.draw_id, Visit.case_key)
    if draw_id is not None:
        stmt = stmt.where(Visit.draw_id == draw_id)
    if unit is not None:
        stmt = stmt.where(Visit.unit == unit)
    with store.session() as s:
        return [visit_dict(v) for v in s.scalars(stmt)]


def list_draws(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [{"id": d.id, "seed": d.seed, "method": d.method, "population": d.population,
                 "population_sha256": d.population_sha256, "sample": json.loads(d.case_keys_json),
                 "options": json.loads(d.options_json), "drawn_at": d.drawn_at, "operator": d.operator}
                for d in s.scalars(select(VisitDraw).order_by(VisitDraw.id))]


def visit_summary(store: Store, *, draw_id: int | None = None) -> dict[str, Any]:
    """Satisfaction by unit: drawn, visited, each grade, and the rate (满意 + 基本满意) / visited."""
    visits = list_visits(store, draw_id=draw_id)
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for v in visits:
        by_unit.setdefault(v["unit"] or NO_UNIT, []).append(v)

    def row(name: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        grades = Counter(v["satisfaction"] for v in items if v["visited_on"])
        visited = sum(grades.values())
        good = grades["满意"] + grades["基本满意"]
        return {"unit": name, "drawn": len(items), "visited": visited, **{g: grades[g] for g in SATISFACTION},
                "rate": round(good / visited, 4) if visited else None,
                "problems": sum(len(v["problem_ids"]) for v in items)}

    rows = [row(name, by_unit[name]) for name in sorted(by_unit)]
    return {"draw_id": draw_id, "units": rows, "total": row("合计", visits)}
