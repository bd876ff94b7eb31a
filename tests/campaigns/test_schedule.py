"""Phases, milestones and the units' submissions on a real store: the current phase, what is due
this week, late units and 问题零报告 units; the received file kept with its SHA-256; refusals in
Chinese with nothing written."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from app.campaigns import create_campaign
from app.campaigns.phases import (
    SEQUENCES,
    Week,
    add_milestone,
    add_phase,
    current_phase,
    list_milestones,
    list_phases,
)
from app.campaigns.submissions import (
    expect_submission,
    late_units,
    list_submissions,
    receive_submission,
    zero_report_units,
)
from app.errors import UserError
from app.rectify.evidence import absolute_path
from app.store import Store, open_store

UNITS = ["县水利局", "县林业局", "县市场监督管理局"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "store.sqlite")
    create_campaign(s, name="行政执法乱象专项整治", doc_no="攸纪发〔2021〕3号", taxonomy="B", period_from="2019-01-01",
                    issued_on="2021-08-26", units=UNITS)
    return s


def _plan(store: Store) -> None:
    steps = SEQUENCES["四步骤（2021 攸县）"]
    for name, start, end in zip(steps, ("2021-08-26", "2021-09-11", "2021-11-01", "2021-12-01"),
                                ("2021-09-10", "2021-10-31", "2021-11-30", "2021-12-31"), strict=True):
        add_phase(store, name=name, date_from=start, date_to=end)


def test_phases_in_date_order_with_the_current_one(store: Store) -> None:
    add_phase(store, name="集中督查", date_from="2021-09-11", date_to="2021-10-31")
    add_phase(store, name="摸底排查", date_from="2021年8月26日", date_to="2021-09-10", report_deadline="2021-09-10")
    phases = list_phases(store, as_of=date(2021, 9, 20))
    assert [(p["name"], p["current"]) for p in phases] == [("摸底排查", False), ("集中督查", True)]
    assert phases[0]["report_deadline"] == date(2021, 9, 10)
    assert current_phase(phases, date(2021, 9, 20))["name"] == "集中督查"  # type: ignore[index]
    assert current_phase(phases, date(2021, 11, 5)) is None


@pytest.mark.parametrize("start, end, deadline, message", [
    ("2021-09-11", "2021-09-01", None, "结束日期 2021-09-01 早于开始日期 2021-09-11"),
    ("2021-09-11", "2021-10-01", "2021-09-01", "报送期限 2021-09-01 早于开始日期"),
    ("2021-02-29", "2021-10-01", None, "日期不存在"),
])
def test_a_bad_phase_is_refused(store: Store, start: str, end: str, deadline: str | None, message: str) -> None:
    with pytest.raises(UserError, match=message):
        add_phase(store, name="集中督查", date_from=start, date_to=end, report_deadline=deadline)
    assert list_phases(store) == []


def test_milestones_belong_to_a_phase_and_sort_by_date(store: Store) -> None:
    _plan(store)
    add_milestone(store, title="报送专项整治工作总结及统计表", due_on="2021-12-10", phase="建立长效机制")
    add_milestone(store, title="报送问题清单和整改报告", due_on="2021-09-10", phase="摸底排查")
    assert [(m["due_on"], m["phase"]) for m in list_milestones(store)] == [
        (date(2021, 9, 10), "摸底排查"), (date(2021, 12, 10), "建立长效机制")]
    with pytest.raises(UserError, match="没有阶段「总评考核」"):
        add_milestone(store, title="x", due_on="2021-12-10", phase="总评考核")


def test_submissions_late_and_zero_report_units(store: Store, tmp_path: Path) -> None:
    rows = expect_submission(store, kind="问题清单", due_on="2021-09-10")
    assert sorted(r["unit"] for r in rows) == sorted(UNITS) and {r["status"] for r in rows} <= {"待报送", "逾期未报"}
    by_unit = {r["unit"]: r["id"] for r in rows}
    scan = tmp_path / "县水利局问题清单.pdf"
    scan.write_bytes("%PDF-1.4 问题清单（盖章扫描件）\n".encode() * 30)
    got = receive_submission(store, by_unit["县水利局"], on="2021-09-08", by="王维维", file=scan, problem_count=0)
    assert got["status"] == "已报送" and got["sha256"] == hashlib.sha256(scan.read_bytes()).hexdigest()
    stored = absolute_path(store, f"evidence/{got['sha256'][:2]}/{got['sha256']}.pdf")
    assert stored.read_bytes() == scan.read_bytes()
    receive_submission(store, by_unit["县林业局"], on="2021-09-13", by="王维维", problem_count=4)

    as_of = date(2021, 9, 20)
    listed = {r["unit"]: r for r in list_submissions(store, as_of=as_of)}
    assert (listed["县水利局"]["status"], listed["县林业局"]["status"], listed["县市场监督管理局"]["status"]) == (
        "已报送", "逾期报送", "逾期未报")
    assert listed["县林业局"]["days_late"] == 3 and listed["县市场监督管理局"]["days_late"] == 10
    late = list_submissions(store, late=True, as_of=as_of)
    assert late_units(late) == ["县市场监督管理局", "县林业局"]
    assert zero_report_units(list_submissions(store, as_of=as_of)) == ["县水利局"]
    # on the due date itself a unit that has not yet reported is not late
    assert "县市场监督管理局" not in late_units(list_submissions(store, late=True, as_of=date(2021, 9, 10)))


def test_bad_submissions_are_refused_and_nothing_changes(store: Store) -> None:
    rows = expect_submission(store, kind="自查报告", due_on="2021-09-10", units=["县水利局"])
    with pytest.raises(UserError, match="已经登记"):
        expect_submission(store, kind="自查报告", due_on="2021-09-10", units=["县林业局", "县水利局"])
    assert len(list_submissions(store)) == 1  # all or nothing: 县林业局 not added either
    with pytest.raises(UserError, match="早于方案印发日期"):
        expect_submission(store, kind="统计表", due_on="2021-08-01")
    sid = rows[0]["id"]
    for on, by, message in (("2021-08-01", "王维维", "收到日期 2021-08-01 早于方案印发日期 2021-08-26"),
                            ("2099-01-01", "王维维", "晚于今天"), ("2021-09-01", " ", "须写明接收人")):
        with pytest.raises(UserError, match=message):
            receive_submission(store, sid, on=on, by=by)
    assert list_submissions(store)[0]["received_on"] is None
    receive_submission(store, sid, on="2021-09-01", by="王维维")
    with pytest.raises(UserError, match="已于 2021-09-01 由 王维维 接收"):
        receive_submission(store, sid, on="2021-09-02", by="李四")


def test_week_runs_monday_to_sunday() -> None:
    week = Week.of(date(2021, 9, 8))  # a Wednesday
    assert (week.start, week.end) == (date(2021, 9, 6), date(2021, 9, 12))
    assert week.holds(date(2021, 9, 12)) and not week.holds(date(2021, 9, 13)) and not week.holds(None)
