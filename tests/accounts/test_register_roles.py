"""The registers (complaints, return visits, surveys) and the process registers (whole-process
records, 三项制度 tasks) under login, run as a user would (the real CLI on real SQLite files):
the 录入员 enters them; a 负责人, 审核员, 评查员 or 管理员 is refused with exit 2, the message
naming the 录入员, and nothing written; the change log's operator is the account, never the name
typed with --operator. Without accounts the same commands work as always."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.accounts.conftest import as_user
from tests.cli.helpers import CliResult, run_cli
from tests.process.test_tasks import plan_sheet

OTHERS = ("赵局长", "钱审核", "周评查", "王管理")  # every role but the 录入员
COMPLAINT = ("complaint", "add", "--received", "2024-05-06", "--channel", "信件", "--subject", "执法人员未出示证件",
             "--json")
SURVEY = ("survey", "create", "--title", "执法满意度问卷", "--audience", "社会公众",
          "--q", "单选", "执法人员态度如何", "好", "一般", "差", "--json")


def _count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608 - a test's own names
    finally:
        con.close()


def _last_operator(db: Path) -> tuple[str, str]:
    con = sqlite3.connect(db)
    try:
        operator, table = con.execute("SELECT operator, table_name FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
        return operator, table
    finally:
        con.close()


def _a_case_no(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("SELECT case_no FROM cases WHERE case_no != '' ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        con.close()


def _refused_for_all_but_the_clerk(db: Path, table: str, *args: str | Path) -> None:
    before = (_count(db, "change_log"), _count(db, table))
    for name in OTHERS:
        done = as_user(db, name, *args)
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        assert "录入员" in done.stderr and name in done.stderr, done.stderr
        assert (_count(db, "change_log"), _count(db, table)) == before, name


def _as_clerk(db: Path, *args: str | Path) -> CliResult:
    done = run_cli("--db", db, "--operator", "冒名者", "--user", "李录入", *args,
                   env={"CASEAUDIT_PASSWORD": "clerk-pass-01"})
    assert done.returncode == 0, done.stderr
    return done


def test_only_the_clerk_registers_and_handles_a_complaint(office_db: Path) -> None:
    _refused_for_all_but_the_clerk(office_db, "complaints", *COMPLAINT)
    cid = str(json.loads(_as_clerk(office_db, *COMPLAINT).stdout)["id"])
    assert _last_operator(office_db) == ("李录入", "complaints")
    reply = ("complaint", "reply", cid, "--on", "2024-05-08", "--note", "已收悉，正在核查")
    _refused_for_all_but_the_clerk(office_db, "complaint_files", *reply)
    for name in OTHERS:
        assert as_user(office_db, name, "complaint", "triage", cid, "--as", "受理").returncode == 2
    _as_clerk(office_db, *reply)
    _as_clerk(office_db, "complaint", "triage", cid, "--as", "受理")
    close = ("complaint", "close", cid, "--on", "2024-05-20", "--result", "已责令改正")
    _refused_for_all_but_the_clerk(office_db, "complaint_files", *close)
    _as_clerk(office_db, *close)
    assert _last_operator(office_db) == ("李录入", "complaints")
    shown = json.loads(as_user(office_db, "赵局长", "complaints", "--json").stdout)  # reading stays open to all
    assert any(c["id"] == int(cid) and c["closed_on"] == "2024-05-20" for c in shown)


def test_only_the_clerk_draws_and_records_return_visits(office_db: Path) -> None:
    draw = ("visit", "draw", "--n", "2", "--seed", "7", "--json")
    _refused_for_all_but_the_clerk(office_db, "visits", *draw)
    visits = json.loads(_as_clerk(office_db, *draw).stdout)["visits"]
    assert _last_operator(office_db) == ("李录入", "visits")
    record = ("visit", "record", str(visits[0]["id"]), "--on", "2024-07-01", "--way", "电话", "--visitor", "李录入",
              "--satisfaction", "满意")
    before = _count(office_db, "change_log")
    for name in OTHERS:
        done = as_user(office_db, name, *record)
        assert done.returncode == 2 and "录入员" in done.stderr, done.stderr
    assert _count(office_db, "change_log") == before
    _as_clerk(office_db, *record)
    assert _last_operator(office_db) == ("李录入", "visits")


def test_only_the_clerk_creates_a_survey_and_imports_its_answers(office_db: Path, tmp_path: Path) -> None:
    _refused_for_all_but_the_clerk(office_db, "surveys", *SURVEY)
    sid = str(json.loads(_as_clerk(office_db, *SURVEY).stdout)["id"])
    assert _last_operator(office_db) == ("李录入", "surveys")
    sheet = tmp_path / "答卷.xlsx"
    assert as_user(office_db, "赵局长", "survey", "print", sid, "--out", sheet).returncode == 0  # printing is open
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    wb["问卷"].cell(4, 2, "甲局")
    wb["问卷"].cell(4, 4, "好")
    wb.save(sheet)
    _refused_for_all_but_the_clerk(office_db, "survey_imports", "survey", "import", sid, sheet, "--json")
    assert json.loads(_as_clerk(office_db, "survey", "import", sid, sheet, "--json").stdout)["imported"] == 1
    assert _last_operator(office_db)[0] == "李录入"


def test_only_the_clerk_enters_whole_process_records(office_db: Path, tmp_path: Path) -> None:
    case_no = _a_case_no(office_db)
    add = ("record", "add", case_no, "--stage", "执行", "--kind", "音像", "--on", "2024-05-06", "--json")
    _refused_for_all_but_the_clerk(office_db, "process_records", *add)
    _as_clerk(office_db, *add)
    assert _last_operator(office_db) == ("李录入", "process_records")
    folder = tmp_path / "记录"
    folder.mkdir()
    (folder / f"{case_no}.mp4").write_bytes(b"\x00video" * 50)
    attach = ("record", "attach", folder, "--stage", "调查取证", "--kind", "音像", "--json")
    _refused_for_all_but_the_clerk(office_db, "process_records", *attach)
    _as_clerk(office_db, *attach)
    assert _count(office_db, "process_records") == 2


def test_only_the_clerk_imports_and_advances_the_three_systems_tasks(office_db: Path, tmp_path: Path) -> None:
    sheet = plan_sheet(tmp_path / "附件2.xlsx")
    _refused_for_all_but_the_clerk(office_db, "plan_tasks", "task", "import", sheet, "--json")
    _as_clerk(office_db, "task", "import", sheet, "--json")
    assert _count(office_db, "plan_tasks") == 7
    progress = ("task", "progress", "1", "--note", "已印发公示办法", "--on", "2024-05-06")
    _refused_for_all_but_the_clerk(office_db, "plan_task_progress", *progress)
    _as_clerk(office_db, *progress)
    assert _last_operator(office_db) == ("李录入", "plan_task_progress")
    status = ("task", "status", "1", "--as", "已完成", "--on", "2024-05-06")
    before = _count(office_db, "change_log")
    for name in OTHERS:
        assert as_user(office_db, name, *status).returncode == 2
    assert _count(office_db, "change_log") == before
    _as_clerk(office_db, *status)
    assert _last_operator(office_db) == ("李录入", "plan_tasks")


@pytest.mark.parametrize("args", [COMPLAINT, SURVEY])
def test_without_accounts_the_registers_are_open_as_always(tmp_path: Path, args: tuple[str, ...]) -> None:
    db = tmp_path / "one-desk.sqlite"
    done = run_cli("--db", db, "--operator", "张三", *args)
    assert done.returncode == 0, done.stderr
    assert _last_operator(db)[0] == "张三"  # no account: the name typed is the operator
