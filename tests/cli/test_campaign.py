"""The `campaign` commands run as a user would: create, list, show, edit the taxonomy; bad input
refused in Chinese with nothing written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.helpers import CliResult, run_cli

DOC = "沈水依法办发〔2019〕04号"


def run(db: Path, *args: str) -> CliResult:
    return run_cli("--db", db, "--operator", "测试", *args)


def test_campaign_create_list_show_and_edit(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    r = run(db, "campaign", "create", "--name", "规范文明执法专项活动", "--doc-no", DOC, "--taxonomy", "A",
            "--from", "2017-01-01", "--json")
    assert r.returncode == 0, r.stderr
    camp = json.loads(r.stdout)
    assert camp["id"] == 1 and camp["doc_no"] == DOC and camp["period_from"] == "2017-01-01"
    assert camp["taxonomy"]["id"] == "A" and len(camp["taxonomy"]["categories"]) == 5
    assert "发现违法问题不处理" in camp["taxonomy"]["categories"][0]["manifestations"]
    listed = json.loads(run(db, "campaign", "list", "--json").stdout)
    assert [(c["id"], c["active"]) for c in listed] == [(1, True)]
    shown = json.loads(run(db, "campaign", "show", "1", "--json").stdout)
    assert shown == camp
    r = run(db, "campaign", "taxonomy", "1", "add-item", "执法不规范", "未按规定送达", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["categories"][2]["manifestations"][-1] == "未按规定送达"
    human = run(db, "campaign", "show")
    assert "未按规定送达" in human.stdout and DOC in human.stdout


def test_bad_campaign_input_exits_2_in_chinese_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    for extra, message in ((["--taxonomy", "D"], "未知的问题分类模板"),
                           (["--taxonomy", "B", "--from", "2021-02-29"], "日期不存在")):
        r = run(db, "campaign", "create", "--name", "专项", "--doc-no", DOC, *extra, "--json")
        assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
        assert json.loads(r.stdout)["error"]["message"] == r.stderr.strip()  # CLI.md: the error document
    assert json.loads(run(db, "campaign", "list", "--json").stdout) == []
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
    con.close()
