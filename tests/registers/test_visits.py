"""Return visits: the same draw from two stores filled in different orders is identical; only
decided cases are drawn; a visit for a party not in the sample is refused; problems raised become
problems with source 回访; the summary counts satisfaction by unit."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.errors import UserError
from app.rectify.service import get_problem
from app.registers.visits import draw_visits, list_draws, list_visits, record_visit, visit_population, visit_summary
from tests.registers.builders import UNITS, decided_cases, store_with

CONTRACT = ("seed", "method", "population", "population_sha256", "sample")


@pytest.fixture
def two_stores(tmp_path: Path):  # type: ignore[no-untyped-def]
    cases = decided_cases()
    shuffled = cases[:]
    random.Random(5).shuffle(shuffled)
    a, b = store_with(tmp_path / "a.sqlite", cases), store_with(tmp_path / "b.sqlite", shuffled)
    yield a, b
    a.close()
    b.close()


@pytest.mark.parametrize("by_unit", [False, True])
def test_the_same_draw_from_two_stores_filled_in_different_orders_is_identical(two_stores, by_unit) -> None:  # type: ignore[no-untyped-def]
    a, b = two_stores
    ra, rb = draw_visits(a, n=6, seed=2024, by_unit=by_unit), draw_visits(b, n=6, seed=2024, by_unit=by_unit)
    assert {k: ra[k] for k in CONTRACT} == {k: rb[k] for k in CONTRACT}
    assert [(v["case_no"], v["party"], v["unit"]) for v in ra["visits"]] == \
           [(v["case_no"], v["party"], v["unit"]) for v in rb["visits"]]
    assert ra["method"] == ("stratified" if by_unit else "simple") and len(ra["sample"]) == 6
    assert draw_visits(a, n=6, seed=2025, by_unit=by_unit)["sample"] != ra["sample"]
    if by_unit:
        assert sorted({v["unit"] for v in ra["visits"]}) == sorted(UNITS)  # every unit has a place


def test_only_decided_cases_form_the_population_and_the_draw_is_recorded(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    rows, campaign = visit_population(a)
    assert campaign is None and len(rows) == 30 - 4  # cases 7, 14, 21, 28 have no decision date
    keys = [r.case_key for r in rows]
    assert keys == sorted(keys)
    r = draw_visits(a, n=5, seed=1, operator="法规科")
    assert r["population"] == 26
    assert r["population_sha256"] == hashlib.sha256("".join(k + "\n" for k in keys).encode()).hexdigest()
    assert list_draws(a)[-1]["sample"] == r["sample"] and list_draws(a)[-1]["operator"] == "法规科"
    assert [v["case_key"] for v in list_visits(a, draw_id=r["draw_id"])] == r["sample"]
    assert all(v["status"] == "待回访" for v in r["visits"])


@pytest.mark.parametrize(("kw", "message"), [({"n": 27, "seed": 1}, "超过"), ({"n": 0, "seed": 1}, "至少为 1"),
                                             ({"n": 3, "seed": -1}, "非负整数")])
def test_bad_draws_are_refused(two_stores, kw, message) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    with pytest.raises(UserError, match=message):
        draw_visits(a, **kw)
    assert list_draws(a) == []


def test_a_visit_for_a_party_not_in_the_sample_is_refused(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    r = draw_visits(a, n=3, seed=9)
    population, _campaign = visit_population(a)
    outside = next(p.case_no for p in population if p.case_key not in r["sample"])  # decided, but not drawn
    con = sqlite3.connect(a.path)
    before = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    with pytest.raises(UserError, match="不在回访抽样名单中"):
        record_visit(a, case_no=outside, on=date(2024, 3, 1), way="电话", visitor="王五", satisfaction="满意")
    with pytest.raises(UserError, match="找不到回访"):
        record_visit(a, 9999, on=date(2024, 3, 1), way="电话", visitor="王五", satisfaction="满意")
    assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == before
    con.close()


def test_a_visit_is_recorded_once_and_problems_raised_go_on_the_list(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    first, second = draw_visits(a, n=3, seed=9)["visits"][:2]
    done = record_visit(a, case_no=first["case_no"], on=date(2024, 3, 1), way="上门", visitor="王五",
                        statement="态度好，但文书送达慢", satisfaction="基本满意",
                        problems=["处罚决定书送达超期"], category="执法不规范", operator="法规科")
    assert done["status"] == "已回访" and done["way"] == "上门" and len(done["problem_ids"]) == 1
    problem = get_problem(a, done["problem_ids"][0])
    assert problem["source"] == "visit" and problem["case_no"] == first["case_no"]
    assert "处罚决定书送达超期" in problem["manifestation"] and problem["unit"] == first["unit"]
    with pytest.raises(UserError, match="已于 2024-03-01 回访"):
        record_visit(a, first["id"], on=date(2024, 3, 2), way="电话", visitor="王五", satisfaction="满意")
    with pytest.raises(UserError, match="问题类别"):
        record_visit(a, second["id"], on=date(2024, 3, 2), way="电话", visitor="王五", satisfaction="满意",
                     problems=["x"])
    with pytest.raises(UserError, match="满意度"):
        record_visit(a, second["id"], on=date(2024, 3, 2), way="电话", visitor="王五", satisfaction="很好")
    with pytest.raises(UserError, match="早于处罚决定日期"):
        record_visit(a, second["id"], on=date(2017, 1, 1), way="电话", visitor="王五", satisfaction="满意")


def test_the_summary_counts_satisfaction_by_unit(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    visits = draw_visits(a, n=9, seed=3, by_unit=True)["visits"]
    grades = ["满意", "基本满意", "不满意", "满意"]
    for v, grade in zip(visits, grades, strict=False):
        record_visit(a, v["id"], on=date(2024, 3, 1), way="电话", visitor="王五", satisfaction=grade)
    data = visit_summary(a)
    by_unit = {r["unit"]: r for r in data["units"]}
    assert sum(r["drawn"] for r in by_unit.values()) == 9 and data["total"]["visited"] == 4
    assert (data["total"]["满意"], data["total"]["基本满意"], data["total"]["不满意"]) == (2, 1, 1)
    assert data["total"]["rate"] == 0.75
    for unit, r in by_unit.items():
        mine = [g for v, g in zip(visits, grades, strict=False) if v["unit"] == unit]
        assert r["visited"] == len(mine) and r["满意"] == mine.count("满意")
    assert json.dumps(data, ensure_ascii=False)  # plain data, for data.json
