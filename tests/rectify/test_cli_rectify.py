"""The rectification commands run as a user would (`caseaudit --db X …`, in-process): audit run →
findings confirm --all → problems --json → rectify → rectify progress → rectify close (refused
without --evidence) → problems shows 已销号; and dispose, stats, office."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.cli.helpers import CliResult, run_cli


def run(db: Path, *args: str) -> CliResult:
    return run_cli("--db", db, "--operator", "测试", *args)


def ok(db: Path, *args: str) -> str:
    done = run(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def refused(db: Path, *args: str) -> str:
    done = run(db, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and any("\u4e00" <= ch <= "\u9fff" for ch in done.stderr)
    return done.stderr


@pytest.fixture
def db(audited_template: Path, tmp_path: Path) -> Path:
    import shutil

    path = tmp_path / "store" / "cli.sqlite"
    path.parent.mkdir()
    shutil.copy(audited_template, path)
    return path


def test_the_whole_flow_from_audit_to_close_out(db: Path, evidence_file: Path) -> None:
    audit = json.loads(ok(db, "audit", "run", "--as-of", "2024-06-30", "--json"))
    confirmed = json.loads(ok(db, "findings", "confirm", "--all", "--json"))["problems"]
    assert len(confirmed) == len(audit["findings"])
    problems = json.loads(ok(db, "problems", "--json"))
    assert [p["id"] for p in problems] == confirmed
    for key in ("id", "category", "manifestation", "unit", "case_no", "measure", "dept", "owner", "deadline", "status"):
        assert key in problems[0]
    pid = str(problems[0]["id"])
    assert problems[0]["status"] == "待整改" and problems[0]["deadline"] is None

    ok(db, "rectify", pid, "--measure", "补录台账", "--dept", "财务审计科", "--owner", "刘建国",
       "--deadline", "2024-08-31", "--immediate")
    ok(db, "rectify", "progress", pid, "--note", "已补录台账", "--evidence", str(evidence_file))
    stderr = refused(db, "rectify", "close", pid, "--approver", "王局长")
    assert "不解决不销号" in stderr
    assert json.loads(ok(db, "problems", "--json"))[0]["status"] == "整改中"
    refused(db, "rectify", "close", pid, "--evidence", str(evidence_file))  # no approver
    out = ok(db, "rectify", "close", pid, "--evidence", str(evidence_file), "--approver", "王局长")
    assert "销号" in out

    after = json.loads(ok(db, "problems", "--json"))[0]
    assert (after["status"], after["measure"], after["dept"], after["owner"], after["deadline"], after["immediate"]) == (
        "已销号", "补录台账", "财务审计科", "刘建国", "2024-08-31", True)
    assert after["close_evidence_sha256"] == hashlib.sha256(evidence_file.read_bytes()).hexdigest()
    assert "已销号" in ok(db, "problems")
    assert [p["id"] for p in json.loads(ok(db, "problems", "--status", "已销号", "--json"))] == [int(pid)]
    shown = json.loads(ok(db, "problems", "show", pid, "--json"))
    assert shown["progress"][0]["note"] == "已补录台账" and shown["close_evidence"][0]["file_name"] == evidence_file.name


def test_confirm_needs_ids_or_all_and_refuses_a_dismissed_finding(db: Path) -> None:
    refused(db, "findings", "confirm")
    ok(db, "findings", "dismiss", "1", "--reason", "系录入错误，已核实")
    assert "已排除" in refused(db, "findings", "confirm", "1")
    assert json.loads(ok(db, "findings", "confirm", "2", "3", "--category", "执法不文明", "--json"))["problems"] == [1, 2]
    assert {p["category"] for p in json.loads(ok(db, "problems", "--json"))} == {"执法不文明"}
    refused(db, "findings", "confirm", "4", "--category", "不存在的类别")


def test_rectify_mistakes_are_refused_in_chinese(db: Path) -> None:
    ok(db, "findings", "confirm", "--all")
    refused(db, "rectify")
    refused(db, "rectify", "progress", "--note", "x")
    refused(db, "rectify", "abc", "--measure", "m")
    assert "--deadline" in refused(db, "rectify", "1", "--measure", "m", "--dept", "d", "--owner", "o")
    refused(db, "rectify", "1", "--measure", "m", "--dept", "d", "--owner", "o", "--deadline", "2024-02-30")
    refused(db, "rectify", "999", "--measure", "m", "--dept", "d", "--owner", "o", "--deadline", "2024-09-01")
    refused(db, "rectify", "close", "1", "--evidence", "没有这个文件.pdf", "--approver", "王局长")


def test_dispose_feeds_stats_and_overdue_lists(db: Path) -> None:
    ok(db, "findings", "confirm", "--all")
    ok(db, "rectify", "1", "--measure", "m", "--dept", "d", "--owner", "o", "--deadline", "2024-07-15")
    ok(db, "dispose", "1", "--kind", "约谈", "--people", "2", "--sanctions", "1")
    ok(db, "dispose", "1", "--kind", "纪律检查建议书", "--referral", "纪检监察机关", "--people", "1")
    refused(db, "dispose", "1", "--kind", "罚站")
    stats = json.loads(ok(db, "stats", "--json"))
    assert [r["category"] for r in stats["rows"]] == ["执法不严格", "执法不公正", "执法不规范", "执法不廉洁", "执法不文明"]
    assert stats["total"]["people_handled"] == 3 and stats["total"]["sanctions"] == 1
    assert "党纪政务处分人数" in ok(db, "stats")
    assert [p["id"] for p in json.loads(ok(db, "problems", "--overdue", "--as-of", "2024-08-01", "--json"))] == [1]
    # overdue is a warning (预警), not 挂牌督办: problem 1 is late but nobody decided to supervise it
    late = json.loads(ok(db, "warnings", "--as-of", "2024-08-01", "--json"))
    assert [(p["id"], p["warning"]) for p in late] == [(1, "yellow")]
    assert json.loads(ok(db, "supervised", "--as-of", "2024-08-01", "--json")) == []
    assert json.loads(ok(db, "warnings", "--as-of", "2024-07-15", "--json")) == []
    refused(db, "dispose", "2", "--kind", "挂牌督办", "--decided-by", "领导小组")  # no deadline
    ok(db, "dispose", "2", "--kind", "挂牌督办", "--decided-by", "领导小组", "--on", "2024-07-01",
       "--deadline", "2024-07-20")
    sup = json.loads(ok(db, "supervised", "--as-of", "2024-07-15", "--json"))
    assert [(p["id"], p["decided_by"], p["decided_on"], p["supervision_deadline"], p["warning"]) for p in sup] == [
        (2, "领导小组", "2024-07-01", "2024-07-20", "")]
    assert json.loads(ok(db, "supervised", "--as-of", "2024-07-21", "--json"))[0]["warning"] == "red"


def test_office_set_and_show(db: Path) -> None:
    refused(db, "office", "set")
    ok(db, "office", "set", "--name", "沈阳市水务局", "--unit", "政策法规处", "--leader", "王局长")
    info = json.loads(ok(db, "office", "show", "--json"))
    assert (info["office_name"], info["office_unit"], info["principal_leader"]) == ("沈阳市水务局", "政策法规处", "王局长")
    assert info["office_id"] == json.loads(ok(db, "office", "show", "--json"))["office_id"]
    assert "王局长" in ok(db, "office", "show")
