"""Schema step 3→4 on a real version-3 file, and the `campaign` commands run as a user would."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from app.store import open_store
from db.migrations import CAMPAIGN_TABLES, CURRENT_VERSION

ROOT = Path(__file__).resolve().parents[2]
DOC = "沈水依法办发〔2019〕04号"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "--operator", "测试", *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def test_a_version_3_store_gains_the_campaign_tables(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    for table in CAMPAIGN_TABLES:
        con.execute(f"DROP TABLE {table.name}")
    con.execute("PRAGMA user_version=3")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 3 and store.backup_path is not None
        with store.session() as s:
            names = {r[0] for r in s.connection().exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            assert {t.name for t in CAMPAIGN_TABLES} <= names
            assert s.connection().exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION >= 4
    finally:
        store.close()


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
        assert r.returncode == 2 and r.stdout == "" and message in r.stderr and "Traceback" not in r.stderr
    assert json.loads(run(db, "campaign", "list", "--json").stdout) == []
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
    con.close()
