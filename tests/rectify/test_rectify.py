"""Measures, progress with evidence, close-out (不解决不销号), overdue and supervised lists,
dispositions and the statistics form, on a real audited store."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.campaigns.templates import load_template
from app.errors import UserError
from app.rectify import service
from app.rectify.evidence import evidence_dir
from app.store import Store
from db.changelog import first_bad_entry
from db.models import ChangeLogEntry
from db.models_rectify import EvidenceFile, Problem

from .conftest import AS_OF


def _problems(store: Store) -> list[int]:
    return service.confirm_findings(store, None, operator="审核员")


def _measure(store: Store, pid: int, deadline: date = date(2024, 8, 31)) -> None:
    service.set_measure(store, pid, measure="补录台账并核对全部收据", dept="财务审计科", owner="刘建国",
                        deadline=deadline, timetable="7月完成核对，8月完成补录", operator="法规处")


def _state(store: Store, pid: int) -> tuple[object, ...]:
    with store.session() as s:
        p = s.get(Problem, pid)
        assert p is not None
        return (p.status, p.closed_on, p.approver, p.close_evidence_sha256,
                s.scalar(select(func.count(ChangeLogEntry.id))), s.scalar(select(func.count(EvidenceFile.id))))


def test_a_measure_puts_the_problem_in_hand(audited: Store) -> None:
    pid = _problems(audited)[0]
    _measure(audited, pid)
    p = service.get_problem(audited, pid)
    assert (p["status"], p["dept"], p["owner"], p["deadline"], p["immediate"]) == (
        "整改中", "财务审计科", "刘建国", date(2024, 8, 31), False)
    assert p["timetable"] == "7月完成核对，8月完成补录"
    with pytest.raises(UserError, match="责任人"):
        service.set_measure(audited, pid, measure="x", dept="y", owner=" ", deadline=date(2024, 9, 1))
    with pytest.raises(UserError, match="找不到问题"):
        _measure(audited, 999_999)


@pytest.mark.parametrize("case", ["no evidence", "missing file", "empty file", "no approver", "no measure"])
def test_close_out_is_refused_without_evidence_approver_or_measure_and_nothing_is_written(
        audited: Store, evidence_file: Path, tmp_path: Path, case: str) -> None:
    pid = _problems(audited)[0]
    if case != "no measure":
        _measure(audited, pid)
    empty = tmp_path / "空白.pdf"
    empty.write_bytes(b"")
    evidence: Path | list[Path] = {"no evidence": [], "missing file": tmp_path / "没有这个文件.pdf",
                                   "empty file": empty}.get(case, evidence_file)
    approver = "" if case == "no approver" else "王局长"
    before = _state(audited, pid)
    with pytest.raises(UserError) as exc:
        service.close_problem(audited, pid, evidence=evidence, approver=approver, operator="法规处")
    assert any(ch >= "\u4e00" for ch in exc.value.message)
    assert _state(audited, pid) == before
    assert not evidence_dir(audited).exists() or not any(evidence_dir(audited).rglob("*.*"))


def test_close_out_keeps_the_evidence_with_its_hash(audited: Store, evidence_file: Path) -> None:
    pid = _problems(audited)[0]
    _measure(audited, pid)
    service.close_problem(audited, pid, evidence=evidence_file, approver="王局长", on=date(2024, 8, 20),
                          operator="法规处")
    p = service.get_problem(audited, pid)
    digest = hashlib.sha256(evidence_file.read_bytes()).hexdigest()
    assert (p["status"], p["closed_on"], p["approver"]) == ("已销号", date(2024, 8, 20), "王局长")
    assert p["close_evidence_sha256"] == digest
    (kept,) = p["close_evidence"]
    stored = Path(kept["path"])
    assert stored == evidence_dir(audited) / digest[:2] / f"{digest}.pdf"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest == kept["sha256"]
    assert kept["file_name"] == evidence_file.name and kept["size"] == evidence_file.stat().st_size
    with pytest.raises(UserError, match="已于 2024-08-20 销号"):
        service.close_problem(audited, pid, evidence=evidence_file, approver="王局长")
    with pytest.raises(UserError, match="销号"):
        _measure(audited, pid)
    with audited.session() as s:
        assert first_bad_entry(s) is None


def test_progress_entries_carry_their_evidence_stored_once_by_content(
        audited: Store, evidence_file: Path, tmp_path: Path) -> None:
    pid = _problems(audited)[0]
    _measure(audited, pid)
    e1 = service.add_progress(audited, pid, note="已核对 2017 年全部收据", on=date(2024, 7, 10), operator="刘建国")
    e2 = service.add_progress(audited, pid, note="已补录台账", evidence=evidence_file, on=date(2024, 8, 1))
    second = tmp_path / "补录后台账.xlsx"
    second.write_bytes(b"PK\x03\x04 ledger")
    service.close_problem(audited, pid, evidence=[evidence_file, second], approver="王局长")
    p = service.get_problem(audited, pid)
    assert [(e["id"], e["on"], e["note"]) for e in p["progress"]] == [
        (e1, date(2024, 7, 10), "已核对 2017 年全部收据"), (e2, date(2024, 8, 1), "已补录台账")]
    assert p["progress"][0]["evidence"] == [] and p["progress"][0]["operator"] == "刘建国"
    assert p["progress"][1]["evidence"][0]["sha256"] == p["close_evidence"][0]["sha256"]
    assert [e["file_name"] for e in p["close_evidence"]] == [evidence_file.name, second.name]
    assert len([f for f in evidence_dir(audited).rglob("*") if f.is_file()]) == 2
    with pytest.raises(UserError, match="不能为空"):
        service.add_progress(audited, pid, note=" ")


def test_overdue_warnings_follow_as_of(audited: Store, evidence_file: Path) -> None:
    p1, p2, p3 = _problems(audited)[:3]
    _measure(audited, p1, date(2024, 7, 1))
    _measure(audited, p2, date(2024, 9, 1))
    assert service.warnings(audited, AS_OF) == []
    assert [p["id"] for p in service.warnings(audited, date(2024, 8, 1))] == [p1]
    assert [(p["id"], p["warning"]) for p in service.warnings(audited, date(2024, 9, 2))] == [
        (p1, "red"), (p2, "yellow")]  # 63 days late is red, one day late yellow
    assert service.supervised(audited, date(2024, 9, 2)) == []  # overdue is not 挂牌督办
    late = service.list_problems(audited, overdue=True, as_of=date(2024, 8, 1))
    assert [p["id"] for p in late] == [p1] and late[0]["overdue"] is True
    assert p3 in {p["id"] for p in service.list_problems(audited, overdue=False, as_of=date(2024, 8, 1))}
    assert not service.list_problems(audited, as_of=date(2024, 7, 1), overdue=True)  # deadline day is not late
    service.close_problem(audited, p1, evidence=evidence_file, approver="王局长")
    assert [p["id"] for p in service.warnings(audited, date(2024, 9, 2))] == [p2]
    assert [p["id"] for p in service.list_problems(audited, status="已销号")] == [p1]
    with pytest.raises(UserError, match="未知的整改状态"):
        service.list_problems(audited, status="closed")


def test_dispositions_feed_the_statistics_in_the_taxonomy_order(audited: Store, evidence_file: Path) -> None:
    ids = _problems(audited)
    problems = {p["id"]: p for p in service.list_problems(audited)}
    a, b = ids[0], next(i for i in ids if problems[i]["category"] != problems[ids[0]]["category"])
    service.add_disposition(audited, a, kind="约谈", people_handled=2, operator="领导小组")
    service.add_disposition(audited, a, kind="纪律检查建议书", referral="纪检监察机关", people_handled=1, sanctions=1,
                            note="移送线索", on=date(2024, 9, 10))
    service.add_disposition(audited, b, kind="诫勉谈话", people_handled=3, sanctions=2)
    _measure(audited, b)
    service.close_problem(audited, b, evidence=evidence_file, approver="王局长")
    stats = service.statistics(audited)
    assert [r["category"] for r in stats["rows"]] == [c["name"] for c in load_template("A")["categories"]]
    by_cat = {r["category"]: r for r in stats["rows"]}
    for cat, row in by_cat.items():
        members = [p for p in problems.values() if p["category"] == cat]
        assert row["found"] == len(members)
        assert row["rectified"] == (1 if cat == problems[b]["category"] else 0)
    assert by_cat[problems[a]["category"]]["people_handled"] == 3 and by_cat[problems[a]["category"]]["sanctions"] == 1
    assert by_cat[problems[b]["category"]]["people_handled"] == 3 and by_cat[problems[b]["category"]]["sanctions"] == 2
    assert by_cat["执法不文明"] == {"category": "执法不文明", "found": 0, "rectified": 0, "people_handled": 0,
                                 "sanctions": 0}
    assert stats["total"] == {"category": "合计", "found": len(ids), "rectified": 1, "people_handled": 6,
                              "sanctions": 3}
    p = service.get_problem(audited, a)
    assert (p["people_handled"], p["sanctions"]) == (3, 1)
    assert [(d["kind"], d["referral"]) for d in p["dispositions"]] == [("约谈", ""), ("纪律检查建议书", "纪检监察机关")]
    for bad in ({"kind": "罚站"}, {"kind": "约谈", "referral": "派出所"}, {"kind": "约谈", "people_handled": -1}):
        with pytest.raises(UserError):
            service.add_disposition(audited, a, **bad)  # type: ignore[arg-type]
