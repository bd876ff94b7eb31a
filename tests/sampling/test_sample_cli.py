"""`sample` as a user runs it: JSON per the contract, identical on a second run, and a
numbered list for people."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def test_sample_json_is_reproducible_and_normalised(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
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


def test_sample_human_output_and_refusals(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    run(db, "demo", "--size", "30")
    r = run(db, "sample", "--n", "3", "--seed", "1", "--method", "mus")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "货币单位抽样" in lines[0] and lines[1].split("\t") == ["序号", "案号", "当事人", "执法单位", "罚款金额（元）"]
    assert [line.split("\t")[0] for line in lines[2:]] == ["1", "2", "3"]
    bad = run(db, "sample", "--n", "31", "--seed", "1", "--json")
    assert bad.returncode == 2 and bad.stdout == "" and "超过" in bad.stderr
    missing = run(db, "sample", "--n", "3")
    assert missing.returncode == 2 and "命令行参数有误" in missing.stderr
