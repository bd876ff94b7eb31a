"""Separation of duties through the real CLI on an office store with accounts (issue 16 point 3):
a 录入员 cannot 销号 (exit 2, the message names 负责人/审核员, nothing written); nobody approves
their own measure or closes out their own problem; the approver recorded is the logged-in account;
each refusal for a missing role names the role and leaves the store as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.accounts.conftest import as_user


def _count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def _log_size(db: Path) -> int:
    return _count(db, "SELECT count(*) FROM change_log")


def _ok(db: Path, name: str, *args: str | Path) -> str:
    done = as_user(db, name, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _refused(db: Path, name: str, *args: str | Path) -> str:
    before = _log_size(db)
    done = as_user(db, name, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert _log_size(db) == before  # nothing written
    return done.stderr


def _problem_with_measure(db: Path, owner: str = "刘建国") -> str:
    """A problem confirmed by a 审核员 whose measure a 录入员 entered, with progress."""
    fid = json.loads(_ok(db, "钱审核", "findings", "--json"))["findings"][0]["id"]
    pid = str(json.loads(_ok(db, "钱审核", "findings", "confirm", str(fid), "--json"))["problems"][0])
    _ok(db, "李录入", "rectify", pid, "--measure", "补录台账", "--dept", "财务审计科", "--owner", owner,
        "--deadline", "2024-08-31")
    return pid


def _status(db: Path, pid: str) -> tuple[str, str]:
    con = sqlite3.connect(db)
    try:
        status, approver = con.execute("SELECT status, approver FROM problems WHERE id=?", (int(pid),)).fetchone()
        return status, approver
    finally:
        con.close()


def test_a_clerk_cannot_close_out_and_the_message_names_the_roles(office_db: Path, evidence_file: Path) -> None:
    pid = _problem_with_measure(office_db)
    stderr = _refused(office_db, "李录入", "rectify", "close", pid, "--evidence", evidence_file, "--approver", "李录入")
    assert "负责人" in stderr and "审核员" in stderr
    assert _status(office_db, pid) == ("整改中", "")
    assert _count(office_db, "SELECT count(*) FROM evidence_files") == 0


@pytest.mark.parametrize("name", ["王管理", "周评查"])
def test_neither_the_administrator_nor_a_reviewer_closes_out(office_db: Path, evidence_file: Path, name: str) -> None:
    pid = _problem_with_measure(office_db)
    assert "负责人或审核员" in _refused(office_db, name, "rectify", "close", pid, "--evidence", evidence_file)


def test_the_approver_recorded_is_the_logged_in_account(office_db: Path, evidence_file: Path) -> None:
    pid = _problem_with_measure(office_db)
    stderr = _refused(office_db, "赵局长", "rectify", "close", pid, "--evidence", evidence_file, "--approver", "王局长")
    assert "赵局长" in stderr and "王局长" in stderr
    done = json.loads(_ok(office_db, "赵局长", "rectify", "close", pid, "--evidence", evidence_file, "--json"))
    assert done["approver"] == "赵局长" and done["status"] == "已销号"
    assert _status(office_db, pid) == ("已销号", "赵局长")


def test_the_problems_owner_cannot_close_it_out(office_db: Path, evidence_file: Path) -> None:
    pid = _problem_with_measure(office_db, owner="钱审核")
    stderr = _refused(office_db, "钱审核", "rectify", "close", pid, "--evidence", evidence_file)
    assert "本人" in stderr
    assert _status(office_db, pid) == ("整改中", "")
    _ok(office_db, "孙审核", "rectify", "close", pid, "--evidence", evidence_file)
    assert _status(office_db, pid) == ("已销号", "孙审核")


def test_nobody_approves_their_own_measure(office_db: Path) -> None:
    pid = _problem_with_measure(office_db, owner="钱审核")
    assert "本人不能审核自己的整改措施" in _refused(office_db, "钱审核", "rectify", "approve", pid)
    assert "审核员" in _refused(office_db, "李录入", "rectify", "approve", pid)  # the one who entered it
    done = json.loads(_ok(office_db, "孙审核", "rectify", "approve", pid, "--json"))
    assert done["approved_by"] == "孙审核" and done["entered_by"] == "李录入"


def test_a_measure_entered_again_needs_approving_again(office_db: Path) -> None:
    pid = _problem_with_measure(office_db)
    _ok(office_db, "孙审核", "rectify", "approve", pid)
    _ok(office_db, "李录入", "rectify", pid, "--measure", "改为逐笔核对", "--dept", "财务审计科", "--owner", "刘建国",
        "--deadline", "2024-09-30")
    assert _count(office_db, f"SELECT count(*) FROM measure_accounts WHERE problem_id={pid} AND approved_by=''") == 1


def test_only_a_clerk_enters_measures_and_progress(office_db: Path) -> None:
    fid = json.loads(_ok(office_db, "钱审核", "findings", "--json"))["findings"][0]["id"]
    pid = str(json.loads(_ok(office_db, "钱审核", "findings", "confirm", str(fid), "--json"))["problems"][0])
    stderr = _refused(office_db, "钱审核", "rectify", pid, "--measure", "补录", "--dept", "科", "--owner", "人",
                      "--deadline", "2024-08-31")
    assert "录入员" in stderr
    assert "录入员" in _refused(office_db, "赵局长", "rectify", "progress", pid, "--note", "进展")


def test_findings_are_confirmed_and_dismissed_by_a_checker_only(office_db: Path) -> None:
    findings = json.loads(_ok(office_db, "李录入", "findings", "--json"))["findings"]
    start = _log_size(office_db)
    first, second = str(findings[0]["id"]), str(findings[1]["id"])
    assert "审核员" in _refused(office_db, "李录入", "findings", "confirm", first)
    assert "审核员" in _refused(office_db, "赵局长", "findings", "dismiss", second, "--reason", "不是问题")
    _ok(office_db, "孙审核", "findings", "dismiss", second, "--reason", "不是问题")
    _ok(office_db, "孙审核", "findings", "confirm", first)
    con = sqlite3.connect(office_db)
    try:
        operators = {r[0] for r in con.execute("SELECT operator FROM change_log WHERE table_name IN ('findings', 'problems')"
                                                    " AND id > ?", (start,))}
    finally:
        con.close()
    assert operators == {"孙审核"}


def test_dispositions_are_the_leaders_decision(office_db: Path) -> None:
    pid = _problem_with_measure(office_db)
    stderr = _refused(office_db, "钱审核", "dispose", pid, "--kind", "约谈")
    assert "负责人" in stderr
    _ok(office_db, "赵局长", "dispose", pid, "--kind", "约谈")
    assert _count(office_db, f"SELECT count(*) FROM dispositions WHERE problem_id={pid} AND operator='赵局长'") == 1


def test_settings_and_backups_are_the_administrators(office_db: Path) -> None:
    assert "管理员" in _refused(office_db, "赵局长", "backup", "create")
    done = as_user(office_db, "王管理", "backup", "create", "--json")
    assert done.returncode == 0, done.stderr
