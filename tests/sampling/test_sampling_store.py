"""Sampling over real stores: the same data in a different insertion order gives the same
sample; seeds, scope, strata, MUS and the population hash behave as documented."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.campaigns import create_campaign
from app.errors import UserError
from app.records.service import save
from app.sampling import draw_sample, list_samples, population
from app.store import open_store
from db.models_sampling import SampleDraw

UNITS = ("沈阳市水务事务服务与行政执法中心", "沈阳市浑河管理处", "沈阳市节约用水办公室")


def _cases(count: int = 60) -> list[dict[str, Any]]:
    rng = random.Random(1)
    out = []
    for i in range(count):
        unit = UNITS[0] if i < count // 2 else UNITS[1 + i % 2]
        out.append({"case_no": f"沈水罚字[{2017 + i % 3}]第{i + 1:03d}号", "party": f"当事人{i}", "unit": unit,
                    "fine_fen": "" if i % 5 == 0 else str(rng.choice((200, 1000, 5000, 80000))),
                    "decided_on": f"{2017 + i % 3}-0{1 + i % 9}-15"})
    return out


def _store(path: Path, cases: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    store = open_store(path)
    for values in cases:
        save(store, "cases", values)
    return store


@pytest.fixture
def two_stores(tmp_path: Path):  # type: ignore[no-untyped-def]
    cases = _cases()
    shuffled = cases[:]
    random.Random(99).shuffle(shuffled)
    a, b = _store(tmp_path / "a.sqlite", cases), _store(tmp_path / "b.sqlite", shuffled)
    yield a, b
    a.close()
    b.close()


CONTRACT = ("seed", "method", "population", "population_sha256", "sample")


@pytest.mark.parametrize("options", [{"n": 10}, {"fraction": "0.25"}, {"n": 9, "by_unit": True},
                                     {"n": 8, "method": "mus"}])
def test_same_seed_same_sample_whatever_the_insertion_order(two_stores, options) -> None:  # type: ignore[no-untyped-def]
    a, b = two_stores
    ra, rb = draw_sample(a, seed=7, **options), draw_sample(b, seed=7, **options)
    assert {k: ra[k] for k in CONTRACT} == {k: rb[k] for k in CONTRACT}
    assert ra["options"] == rb["options"]
    assert ra == {**draw_sample(a, seed=7, **options), "sample_id": ra["sample_id"]}  # again on the same store
    assert draw_sample(a, seed=8, **options)["sample"] != ra["sample"]


def test_result_shape_keys_normalised_and_recorded(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    r = draw_sample(a, seed=7, n=10, operator="法规处")
    assert r["method"] == "simple" and r["population"] == 60 and len(r["sample"]) == 10
    assert all("[" not in k and "第0" not in k for k in r["sample"]) and r["sample"] == sorted(r["sample"])
    keys = population(a).keys
    assert r["population_sha256"] == hashlib.sha256("".join(k + "\n" for k in keys).encode()).hexdigest()
    with a.session() as s:
        row = s.scalar(select(SampleDraw).where(SampleDraw.id == r["sample_id"]))
    assert row is not None and row.seed == 7 and row.operator == "法规处"
    assert json.loads(row.case_keys_json) == r["sample"] and row.population_sha256 == r["population_sha256"]
    assert list_samples(a)[0]["sample"] == r["sample"]


def test_population_hash_changes_when_a_case_is_added(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    before = draw_sample(a, seed=7, n=5)["population_sha256"]
    save(a, "cases", {"case_no": "沈浑罚字〔2019〕第500号", "party": "新当事人", "unit": UNITS[1]})
    after = draw_sample(a, seed=7, n=5)
    assert after["population"] == 61 and after["population_sha256"] != before


def test_stratified_respects_units(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    r = draw_sample(a, seed=3, n=12, by_unit=True)
    strata = {name: (size, n) for name, size, n in r["options"]["strata"]}
    assert strata == {UNITS[0]: (30, 6), UNITS[1]: (15, 3), UNITS[2]: (15, 3)}
    per_unit: dict[str, int] = {}
    for c in r["cases"]:
        per_unit[c["unit"]] = per_unit.get(c["unit"], 0) + 1
    assert per_unit == {name: n for name, (_, n) in strata.items()} and r["method"] == "stratified"


def test_mus_never_draws_a_case_without_a_fine(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    for seed in range(15):
        r = draw_sample(a, seed=seed, n=10, method="mus")
        assert all(c["fine_fen"] for c in r["cases"]), seed
        assert r["options"]["frame"]["size"] == 48


def test_campaign_scope_limits_the_population(two_stores) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    create_campaign(a, name="专项", doc_no="x〔2019〕1号", taxonomy="A", period_from="2018-01-01",
                    period_to="2018-12-31", units=[UNITS[0]])
    r = draw_sample(a, seed=1, n=3)
    expected = [c for c in _cases() if c["unit"] == UNITS[0] and c["decided_on"].startswith("2018")]
    assert r["population"] == len(expected) == 10
    assert all(c["unit"] == UNITS[0] for c in r["cases"]) and r["options"]["campaign_id"] == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 61}, "超过"), ({"n": 0}, "至少为 1"), ({"n": 50, "method": "mus"}, "有罚款"),
    ({"n": 5, "fraction": "0.1"}, "之一"), ({"n": 5, "method": "pps"}, "未知的抽样方法"),
    ({"n": 5, "method": "mus", "by_unit": True}, "不能与"),
])
def test_impossible_requests_are_refused_and_not_recorded(two_stores, kwargs, message) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_stores
    with pytest.raises(UserError, match=message):
        draw_sample(a, seed=1, **kwargs)
    assert list_samples(a) == []
    with pytest.raises(UserError, match="非负整数"):
        draw_sample(a, seed=-1, n=3)
