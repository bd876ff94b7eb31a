"""The `campaign` commands run as a user would: create, list, show, edit the taxonomy; bad input
refused in Chinese with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from app.store import open_store
from tests.cli.helpers import CliResult, run_cli

DOC = "沈水依法办发〔2019〕04号"


def change_log_rows(location: str | Path) -> int:
    """How many change_log rows the store holds, read through a Store on either engine."""
    store = open_store(location, auto_backup=False)
    try:
        with store.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM change_log")).scalar_one())
    finally:
        store.close()


def run(db: str | Path, *args: str) -> CliResult:
    return run_cli("--db", db, "--operator", "测试", *args)


def test_campaign_create_list_show_and_edit(tmp_path: Path, store_location: str) -> None:
    db = store_location
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


def test_bad_campaign_input_exits_2_in_chinese_and_writes_nothing(tmp_path: Path, store_location: str) -> None:
    db = store_location
    for extra, message in ((["--taxonomy", "D"], "未知的问题分类模板"),
                           (["--taxonomy", "B", "--from", "2021-02-29"], "日期不存在")):
        r = run(db, "campaign", "create", "--name", "专项", "--doc-no", DOC, *extra, "--json")
        assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
        assert json.loads(r.stdout)["error"]["message"] == r.stderr.strip()  # CLI.md: the error document
    assert json.loads(run(db, "campaign", "list", "--json").stdout) == []
    assert change_log_rows(db) == 0


def test_phases_submissions_and_people_from_the_command_line(tmp_path: Path, store_location: str) -> None:
    db = store_location
    assert run(db, "campaign", "create", "--name", "行政执法乱象专项整治", "--doc-no", "攸纪发〔2021〕3号", "--taxonomy",
               "B", "--issued-on", "2021-08-26", "--unit", "县水利局", "--unit", "县林业局").returncode == 0
    r = run(db, "campaign", "phase", "add", "--name", "摸底排查", "--from", "2021-08-26", "--to", "2021-09-10",
            "--deadline", "2021-09-10", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["to"] == "2021-09-10"
    r = run(db, "campaign", "phase", "add", "--name", "集中督查", "--from", "2021-09-11", "--to", "2021-09-01")
    assert r.returncode == 2 and "结束日期 2021-09-01 早于开始日期 2021-09-11" in r.stderr and r.stdout == ""
    phases = json.loads(run(db, "campaign", "phase", "list", "--as-of", "2021-09-01", "--json").stdout)
    assert [(p["name"], p["current"]) for p in phases] == [("摸底排查", True)]

    expected = json.loads(run(db, "submission", "expect", "--kind", "问题清单", "--due", "2021-09-10", "--json").stdout)
    assert sorted(e["unit"] for e in expected) == ["县林业局", "县水利局"]
    first = expected[0]["id"]
    scan = tmp_path / "问题清单.pdf"
    scan.write_bytes(b"%PDF-1.4 scan\n" * 10)
    r = run(db, "submission", "receive", str(first), "--on", "2021-08-20", "--by", "王维维")
    assert r.returncode == 2 and "早于方案印发日期" in r.stderr
    r = run(db, "submission", "receive", str(first), "--on", "2021-09-08", "--by", "王维维", "--file", scan,
            "--problems", "0", "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["status"] == "已报送" and len(got["sha256"]) == 64 and got["problem_count"] == 0
    late = json.loads(run(db, "submission", "list", "--late", "--as-of", "2021-09-20", "--json").stdout)
    assert [(x["unit"], x["status"], x["days_late"]) for x in late] == [(expected[1]["unit"], "逾期未报", 10)]
    human = run(db, "submission", "list", "--as-of", "2021-09-20")
    assert "逾期单位：" + expected[1]["unit"] in human.stdout and "问题零报告：" + expected[0]["unit"] in human.stdout

    r = run(db, "campaign", "people", "add", "--role", "组长", "--name", "易介兵", "--post", "县纪委监委副书记", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["group"] == "领导小组"
    r = run(db, "campaign", "people", "add", "--role", "联络员", "--name", "张三", "--unit", "县水利局",
            "--phone", "24257219", "--json")
    assert json.loads(r.stdout)["group"] == "单位联络员"
    r = run(db, "campaign", "people", "add", "--role", "处长", "--name", "甲")
    assert r.returncode == 2 and "职务「处长」有误" in r.stderr
    people = json.loads(run(db, "campaign", "people", "list", "--json").stdout)
    assert [p["name"] for p in people] == ["易介兵", "张三"]
    for suffix in (".pdf", ".xlsx"):
        r = run(db, "campaign", "people", "print", "--out", tmp_path / f"名单{suffix}")
        assert r.returncode == 0, r.stderr
        assert (tmp_path / f"名单{suffix}").stat().st_size > 1000
    r = run(db, "campaign", "people", "print", "--out", tmp_path / "名单.doc")
    assert r.returncode == 2 and ".pdf 或 .xlsx" in r.stderr
