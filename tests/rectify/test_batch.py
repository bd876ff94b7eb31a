"""Batch work (issue 14 point 3): many findings dismissed with one reason, many problems given a
department and person or a deadline — all or nothing, each change in the change log — and the
command-line forms (`findings dismiss ID…`, `problems assign ID…`, `problems deadline ID…`)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.service import dismiss_findings, get_finding, list_findings
from app.errors import UserError
from app.rectify import service
from app.rectify.batch import PastDeadlineError, assign_problems, set_deadlines
from app.store import Store
from db.models import ChangeLogEntry
from tests.cli.helpers import run_cli


def _entries(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count(ChangeLogEntry.id))) or 0)


def _open_ids(store: Store, n: int) -> list[int]:
    return [f["id"] for f in list_findings(store, status="open", all_records=True)[:n]]


def test_many_findings_dismissed_with_one_reason(audited: Store) -> None:
    ids = _open_ids(audited, 3)
    before = _entries(audited)
    assert dismiss_findings(audited, ids, "经核对为同一笔款项", operator="甲") == ids
    for fid in ids:
        f = get_finding(audited, fid)
        assert (f["status"], f["dismiss_reason"]) == ("dismissed", "经核对为同一笔款项")
    assert _entries(audited) == before + 3


def test_one_bad_finding_dismisses_none(audited: Store) -> None:
    ids = _open_ids(audited, 3)
    service.confirm_findings(audited, [ids[2]], operator="甲")
    with pytest.raises(UserError, match=f"#{ids[2]} 已确认"):
        dismiss_findings(audited, ids, "理由")
    assert [get_finding(audited, i)["status"] for i in ids[:2]] == ["open", "open"]
    with pytest.raises(UserError, match="理由"):
        dismiss_findings(audited, ids[:2], "  ")


def test_many_problems_assigned_and_given_a_deadline(audited: Store) -> None:
    problems = service.confirm_findings(audited, _open_ids(audited, 4), operator="甲")
    assert assign_problems(audited, problems, dept="法制科", owner="王五", operator="甲") == problems
    due = date.today() + timedelta(days=30)
    assert set_deadlines(audited, problems, due, operator="甲") == problems
    for pid in problems:
        p = service.get_problem(audited, pid)
        assert (p["dept"], p["owner"], p["deadline"]) == ("法制科", "王五", due)


def test_a_past_deadline_or_a_closed_problem_changes_none(audited: Store, evidence_file) -> None:  # type: ignore[no-untyped-def]
    problems = service.confirm_findings(audited, _open_ids(audited, 2), operator="甲")
    with pytest.raises(PastDeadlineError, match="早于今天"):
        set_deadlines(audited, problems, date.today() - timedelta(days=1))
    service.set_measure(audited, problems[1], measure="补录台账", dept="财务科", owner="李四",
                        deadline=date.today() + timedelta(days=5))
    service.close_problem(audited, problems[1], evidence=evidence_file, approver="局长")
    with pytest.raises(UserError, match="已于 .* 销号"):
        assign_problems(audited, problems, dept="法制科", owner="王五")
    assert service.get_problem(audited, problems[0])["dept"] == ""


def test_the_command_line_forms(audited: Store) -> None:
    db = audited.path
    ids = _open_ids(audited, 2)
    audited.close()  # the command line takes the store's lock
    done = run_cli("--db", db, "findings", "dismiss", *map(str, ids), "--reason", "重复记录", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"dismissed": ids, "reason": "重复记录"}
    mixed = run_cli("--db", db, "findings", "dismiss", str(ids[0]), "999999", "--reason", "再排除")
    assert mixed.returncode == 2 and "找不到问题线索（编号 999999）" in mixed.stderr
    more = [f["id"] for f in json.loads(run_cli("--db", db, "findings", "--status", "open", "--all-records",
                                                  "--json").stdout)["findings"][:2]]
    problems = json.loads(run_cli("--db", db, "findings", "confirm", *map(str, more), "--json").stdout)["problems"]
    assigned = run_cli("--db", db, "problems", "assign", *map(str, problems), "--dept", "法制科", "--owner", "王五")
    assert assigned.returncode == 0 and f"已为 {len(problems)} 个问题" in assigned.stdout
    past = run_cli("--db", db, "problems", "deadline", *map(str, problems), "--deadline", "2020-01-01")
    assert past.returncode == 2 and "早于今天" in past.stderr
    due = (date.today() + timedelta(days=10)).isoformat()
    ok = run_cli("--db", db, "problems", "deadline", *map(str, problems), "--deadline", due, "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["deadline"] == due
