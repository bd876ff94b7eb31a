"""`visit draw|record|sheet|summary` and `visits`: the draw's JSON as CLI.md gives it, the same
draw again from a store filled in another order, a visit outside the sample refused."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.domain.numbers import normalise_case_no
from tests.cli.helpers import CliResult, run_cli
from tests.registers.builders import decided_cases, store_with
from tests.reports.helpers import page_texts, sheet_rows

DRAW = ("seed", "method", "population", "population_sha256", "sample")


def run(db: str | Path, *args: str | Path) -> CliResult:
    return run_cli("--db", db, "--operator", "测试", *args)


def test_draw_record_print_and_summarise(tmp_path: Path, store_location: str) -> None:
    cases = decided_cases(20)
    shuffled = cases[:]
    random.Random(3).shuffle(shuffled)
    a, b = store_location, tmp_path / "b.sqlite"  # b, filled in another order, is a file on either engine
    for where, rows in ((a, cases), (b, shuffled)):
        store_with(where, rows).close()  # type: ignore[arg-type]  # open_store takes a path or a URL
    ra = run(a, "visit", "draw", "--n", "4", "--seed", "11", "--by-unit", "--json")
    rb = run(b, "visit", "draw", "--n", "4", "--seed", "11", "--by-unit", "--json")
    assert ra.returncode == 0, ra.stderr
    da, db_ = json.loads(ra.stdout), json.loads(rb.stdout)
    assert {k: da[k] for k in DRAW} == {k: db_[k] for k in DRAW} and da["method"] == "stratified"
    assert len(da["sample"]) == 4 and da["population"] == 18
    first = da["visits"][0]
    r = run(a, "visit", "record", "--case", first["case_no"], "--on", "2024-03-01", "--way", "电话", "--visitor", "王五",
            "--satisfaction", "不满意", "--said", "罚款过重", "--problem", "自由裁量不当", "--category", "执法不规范", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["satisfaction"] == "不满意"
    assert json.loads(run(a, "problems", "--json").stdout)[0]["source"] == "visit"
    outside = next(c["case_no"] for c in cases if c["decided_on"] and normalise_case_no(c["case_no"]) not in da["sample"])
    r = run(a, "visit", "record", "--case", outside, "--on", "2024-03-01", "--way", "电话", "--visitor", "王五",
            "--satisfaction", "满意", "--json")
    assert r.returncode == 2 and "不在回访抽样名单中" in r.stderr and json.loads(r.stdout)["error"]["message"]
    listed = json.loads(run(a, "visits", "--json").stdout)
    assert [v["status"] for v in listed].count("已回访") == 1 and len(listed) == 4
    pdf = tmp_path / "记录表.pdf"
    assert run(a, "visit", "sheet", "--out", pdf).returncode == 0 and len(page_texts(pdf)) == 4
    xlsx = tmp_path / "统计.xlsx"
    r = run(a, "visit", "summary", "--out", xlsx, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["total"]["不满意"] == 1
    assert sheet_rows(xlsx)[-1][1] == "合计"


def test_a_draw_larger_than_the_population_is_refused(tmp_path: Path, store_location: str) -> None:
    db = store_location
    store_with(db, decided_cases(5)).close()  # type: ignore[arg-type]  # open_store takes a path or a URL
    r = run(db, "visit", "draw", "--n", "9", "--seed", "1", "--json")
    assert r.returncode == 2 and "超过" in r.stderr and "error" in json.loads(r.stdout)
    r = run(db, "visit", "record", "--on", "2024-01-01", "--way", "电话", "--visitor", "甲", "--satisfaction", "满意")
    assert r.returncode == 2 and "回访编号或 --case" in r.stderr
