"""`complaint add|triage|reply|close`, `complaint settings` and `complaints [--overdue] [--as-of]
[--json] [--xlsx F]` as CLI.md lists them: JSON fields, deadlines from the settings, refusals in
Chinese with exit 2, the error document and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from app.store import open_store
from tests.cli.helpers import CliResult, run_cli
from tests.reports.helpers import pdftext, sheet_rows, squeeze

REGISTER = ("id", "received_on", "channel", "subject", "unit", "status", "reply_due", "replied_on", "result_due",
            "closed_on")


def change_log_rows(location: str | Path) -> int:
    """How many change_log rows the store holds, read through a Store on either engine."""
    store = open_store(location, auto_backup=False)
    try:
        with store.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM change_log")).scalar_one())
    finally:
        store.close()


def run(db: str | Path, *args: str | Path) -> CliResult:
    return run_cli("--db", db, "--operator", "测试", *args)


def _add(db: str | Path, *extra: str) -> dict:  # type: ignore[type-arg]
    r = run(db, "complaint", "add", "--received", "2023-09-28", "--channel", "电话", "--subject", "执法人员态度粗暴",
            "--unit", "市水务局", "--from", "张三", "--contact", "13800001111", *extra, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_the_complaint_lifecycle_on_the_command_line(tmp_path: Path, store_location: str) -> None:
    db = store_location
    added = _add(db)
    assert (added["id"], added["reply_due"], added["result_due"]) == (1, "2023-10-05", "2023-10-28")
    assert added["complainant"] == "张某" and added["contact"] == "***"
    assert _add(db, "--show-complainant")["complainant"] == "张三"
    r = run(db, "complaints", "--overdue", "--as-of", "2023-10-05", "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []
    late = json.loads(run(db, "complaints", "--overdue", "--as-of", "2023-10-06", "--json").stdout)
    assert [x["id"] for x in late] == [1, 2] and set(REGISTER) <= set(late[0])
    assert run(db, "complaint", "reply", "1", "--on", "2023-10-06", "--note", "已收到").returncode == 0
    late = json.loads(run(db, "complaints", "--overdue", "--as-of", "2023-10-06", "--json").stdout)
    assert [x["id"] for x in late] == [2]
    r = run(db, "complaint", "triage", "1", "--as", "并入问题", "--category", "执法不规范", "--json")
    assert r.returncode == 0, r.stderr
    problem_id = json.loads(r.stdout)["problem_id"]
    problems = json.loads(run(db, "problems", "--json").stdout)
    assert [(p["id"], p["source"]) for p in problems] == [(problem_id, "complaint")]
    r = run(db, "complaint", "close", "1", "--on", "2023-10-20", "--result", "已约谈", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["status"] == "已办结"
    rows = json.loads(run(db, "complaints", "--json").stdout)
    assert {k: rows[0][k] for k in REGISTER} == {
        "id": 1, "received_on": "2023-09-28", "channel": "电话", "subject": "执法人员态度粗暴", "unit": "市水务局",
        "status": "已办结", "reply_due": "2023-10-05", "replied_on": "2023-10-06", "result_due": "2023-10-28",
        "closed_on": "2023-10-20"}
    human = run(db, "complaints", "--year", "2023", "--as-of", "2023-11-01")
    assert "共 2 件，已办结 1 件，未办结 1 件，逾期 1 件。" in human.stdout


def test_the_ledger_is_written_as_excel_and_pdf(tmp_path: Path, store_location: str) -> None:
    db = store_location
    _add(db)
    xlsx, pdf = tmp_path / "台账.xlsx", tmp_path / "台账.pdf"
    r = run(db, "complaints", "--year", "2023", "--xlsx", xlsx, "--pdf", pdf, "--json")
    assert r.returncode == 0, r.stderr
    assert [x["id"] for x in json.loads(r.stdout)] == [1]  # one document on stdout; the files named on stderr
    assert str(xlsx) in r.stderr
    assert sheet_rows(xlsx)[3][3] == "张某" and "张某" in squeeze(pdftext(pdf))


def test_the_working_day_setting_from_the_command_line(tmp_path: Path, store_location: str) -> None:
    db = store_location
    r = run(db, "complaint", "settings", "--working-days", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["reply_count"] == "working"
    assert _add(db)["reply_due"] == "2023-10-13"


def test_refusals_exit_2_in_chinese_with_the_error_document_and_write_nothing(tmp_path: Path, store_location: str) -> None:
    db = store_location
    _add(db)
    before = change_log_rows(db)
    for args, message in (
        (("complaint", "reply", "1", "--on", "2023-09-27", "--note", "x"), "早于投诉举报 #1 的收到日期"),
        (("complaint", "close", "1", "--on", "2023-10-09", "--result", "x"), "尚未分流"),
        (("complaint", "triage", "1", "--as", "不予受理"), "理由"),
        (("complaint", "triage", "9", "--as", "受理"), "找不到投诉举报"),
        (("complaint", "add", "--received", "2023-02-30", "--channel", "电话", "--subject", "x"), "收到日期"),
        (("complaint", "add", "--received", "2023-02-01", "--channel", "微信", "--subject", "x"), "来源渠道「微信」有误"),
        (("complaints", "--year", "2023", "--from", "2023-01-01"), "不能与"),
    ):
        r = run(db, *args, "--json")
        assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
        assert json.loads(r.stdout)["error"]["message"] == r.stderr.strip().splitlines()[-1]
    assert change_log_rows(db) == before
