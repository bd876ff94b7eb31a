"""`caseaudit audit run / findings / sample / calendar / benchmark` (CLI.md "Audit")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import CliResult, run_cli


def run(db: str | Path, *args: str) -> CliResult:
    return run_cli("--db", db, *args)


@pytest.fixture
def demo_db(store_location: str) -> str:
    """A demo store per test (a file or a PostgreSQL database, by engine)."""
    db = store_location
    assert run(db, "demo", "--size", "60").returncode == 0
    return db


def test_audit_run_json_has_the_contract_keys_and_rerun_does_not_duplicate(demo_db: str) -> None:
    first = run(demo_db, "audit", "run", "--as-of", "2025-06-30", "--json")
    assert first.returncode == 0, first.stderr
    doc = json.loads(first.stdout)
    assert set(doc) == {"as_of", "findings", "counts", "calendar_fallback_years"}
    assert doc["as_of"] == "2025-06-30" and doc["findings"]
    for f in doc["findings"]:
        assert {"id", "code", "refs", "expected", "found", "rule", "message", "stage", "status",
                "calendar_fallback"} <= set(f)
    assert sum(doc["counts"].values()) == len(doc["findings"])

    again = json.loads(run(demo_db, "audit", "run", "--as-of", "2025-06-30", "--json").stdout)
    assert [f["id"] for f in again["findings"]] == [f["id"] for f in doc["findings"]]
    summary = json.loads(run(demo_db, "summary", "--json").stdout)
    assert summary["findings"] == len(doc["findings"])


def test_dismissed_stays_dismissed_after_a_rerun(demo_db: str) -> None:
    doc = json.loads(run(demo_db, "audit", "run", "--as-of", "2025-06-30", "--json").stdout)
    fid = doc["findings"][0]["id"]
    refused = run(demo_db, "findings", "dismiss", str(fid), "--reason", " ")
    assert refused.returncode == 2 and "理由" in refused.stderr
    ok = run(demo_db, "findings", "dismiss", str(fid), "--reason", "已核实，收据系补开")
    assert ok.returncode == 0, ok.stderr
    again = json.loads(run(demo_db, "audit", "run", "--as-of", "2025-06-30", "--json").stdout)
    assert next(f for f in again["findings"] if f["id"] == fid)["status"] == "dismissed"
    listed = json.loads(run(demo_db, "findings", "--status", "dismissed", "--json").stdout)
    assert [f["id"] for f in listed["findings"]] == [fid]
    assert listed["findings"][0]["dismiss_reason"] == "已核实，收据系补开"


def test_human_output_is_grouped_by_stage(demo_db: str) -> None:
    out = run(demo_db, "audit", "run", "--as-of", "2025-06-30")
    assert out.returncode == 0
    assert "【收据→台账】" in out.stdout and "【案卷检查】" in out.stdout
    assert run(demo_db, "audit", "run", "--as-of", "2025-13-01").returncode == 2


def test_calendar_add_year_and_show(tmp_path: Path, store_location: str) -> None:
    db = store_location
    shown = json.loads(run(db, "calendar", "show", "2019", "--json").stdout)
    assert shown["origin"] == "bundled" and "2019-10-12" in shown["workdays"]
    assert json.loads(run(db, "calendar", "show", "2031", "--json").stdout)["origin"] == "fallback"
    added = run(db, "calendar", "add-year", "2031", "--holidays", "2031-01-01,2031/1/2", "--workdays",
                "2031-01-04", "--json")
    assert added.returncode == 0, added.stderr
    shown = json.loads(run(db, "calendar", "show", "2031", "--json").stdout)
    assert shown["origin"] == "store" and shown["holidays"] == ["2031-01-01", "2031-01-02"]
    bad = run(db, "calendar", "add-year", "2031", "--holidays", "2031-02-30")
    assert bad.returncode == 2 and "无法识别" in bad.stderr


def test_benchmark_set_and_list(tmp_path: Path, store_location: str) -> None:
    db = store_location
    assert run(db, "benchmark", "set", "--violation", "无证取水", "--min", "1,000", "--max", "伍万元").returncode == 0
    rows = json.loads(run(db, "benchmark", "list", "--json").stdout)
    assert [(r["violation"], r["min_fen"], r["max_fen"]) for r in rows] == [("无证取水", 100_000, 5_000_000)]
    assert run(db, "benchmark", "set", "--violation", "x", "--min", "9", "--max", "1").returncode == 2


def test_sample_json_is_reproducible_and_normalised(tmp_path: Path, store_location: str) -> None:
    db = store_location
    assert run(db, "demo", "--size", "80").returncode == 0
    first, second = run(db, "sample", "--n", "10", "--seed", "7", "--json"), run(db, "sample", "--n", "10",
                                                                                  "--seed", "7", "--json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    doc = json.loads(first.stdout)
    assert {"seed", "method", "population", "population_sha256", "sample"} <= set(doc)
    assert doc["seed"] == 7 and doc["method"] == "simple" and doc["population"] == 80
    assert len(doc["sample"]) == 10 and all("〔" in k and "第0" not in k for k in doc["sample"])
    other = json.loads(run(db, "sample", "--n", "10", "--seed", "8", "--json").stdout)
    assert other["sample"] != doc["sample"] and other["population_sha256"] == doc["population_sha256"]
    by_unit = json.loads(run(db, "sample", "--fraction", "0.1", "--seed", "7", "--by-unit", "--json").stdout)
    assert by_unit["method"] == "stratified" and len(by_unit["sample"]) == 8


def test_sample_human_output_and_refusals(tmp_path: Path, store_location: str) -> None:
    db = store_location
    run(db, "demo", "--size", "30")
    r = run(db, "sample", "--n", "3", "--seed", "1", "--method", "mus")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "货币单位抽样" in lines[0] and lines[1].split("\t") == ["序号", "案号", "当事人", "执法单位", "罚款金额（元）"]
    assert [line.split("\t")[0] for line in lines[2:]] == ["1", "2", "3"]
    bad = run(db, "sample", "--n", "31", "--seed", "1", "--json")
    assert bad.returncode == 2 and "超过" in bad.stderr
    assert json.loads(bad.stdout) == {"error": {"message": bad.stderr.strip(), "file": None, "sheet": None,
                                                "row": None, "column": None}}  # CLI.md: the error document
    missing = run(db, "sample", "--n", "3")
    assert missing.returncode == 2 and "命令行参数有误" in missing.stderr
