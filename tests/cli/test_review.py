"""`review …` as a user runs it: start, mark, submit, show; a blind pair, diff and consensus."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import CliResult, run_cli


def run(db: str | Path, *args: str) -> CliResult:
    return run_cli("--db", db, *args)


def test_review_commands(store_location: str) -> None:
    db = store_location
    assert run(db, "demo", "--size", "30").returncode == 0
    case = json.loads(run(db, "sample", "--n", "1", "--seed", "3", "--json").stdout)["sample"][0]
    a = json.loads(run(db, "review", "start", case, "--reviewer", "甲", "--blind", "--json").stdout)
    b = json.loads(run(db, "review", "start", case, "--reviewer", "乙", "--json").stdout)
    assert len(a["items"]) == 40 and a["items"][0]["text"] == "主体不合法"
    r = run(db, "review", "mark", str(a["id"]), "8", "problem", "--note", "受理投诉不及时", "--deduct", "10",
            "--evidence", "卷第3页")
    assert r.returncode == 0, r.stderr
    assert run(db, "review", "submit", str(a["id"]), "--rest", "ok").returncode == 0
    hidden = json.loads(run(db, "review", "show", case, "--reviewer", "乙", "--json").stdout)
    assert [x["hidden"] for x in hidden] == [True, False]
    assert run(db, "review", "submit", str(b["id"]), "--rest", "ok").returncode == 0
    diff = json.loads(run(db, "review", "diff", case, "--json").stdout)
    assert [d["item_no"] for d in diff] == [8]
    bad = run(db, "review", "consensus", case)
    assert bad.returncode == 2 and "第 8 项" in bad.stderr
    done = run(db, "review", "consensus", case, "--decide", "8=problem:5", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["score"] == 95
    rows = json.loads(run(db, "findings", "--json").stdout)["findings"]
    assert any(f["code"] == "REVIEW_PROBLEM" and f["refs"]["manifestation"] == "受理投诉不及时" for f in rows)
    shown = run(db, "review", "show", case)
    assert "合议" in shown.stdout and "得分 95" in shown.stdout
    refused = run(db, "review", "mark", str(a["id"]), "1", "ok")
    assert refused.returncode == 2 and "已提交" in refused.stderr
