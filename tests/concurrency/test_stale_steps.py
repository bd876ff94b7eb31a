"""A problem's measure and a complaint's steps, two desks at once on one real SQLite file: the
second is refused with who and when, the first's data kept, nothing else written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.concurrency import StaleRecordError
from app.rectify import problems
from app.rectify import service as rectify
from app.registers import complaints
from app.store import Store, open_store
from db.models import ChangeLogEntry
from db.models_rectify import Problem


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    path = tmp_path / "office.sqlite"
    first, second = open_store(path), open_store(path)
    yield first, second
    second.close()
    first.close()


def _entries(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count(ChangeLogEntry.id))) or 0)


def test_two_desks_setting_the_same_measure(desks: tuple[Store, Store]) -> None:
    a, b = desks
    pid = rectify.add_problem(a, category="执法不规范", manifestation="未送达", operator="录入员甲")
    seen_a, seen_b = problems.get_problem(a, pid), problems.get_problem(b, pid)
    assert seen_a["row_version"] == seen_b["row_version"]
    rectify.set_measure(a, pid, measure="补送达", dept="法制科", owner="王五", deadline=date(2030, 1, 1),
                        operator="王五", expected_version=seen_a["row_version"])
    before = _entries(a)
    with pytest.raises(StaleRecordError, match="王五") as refused:
        rectify.set_measure(b, pid, measure="另一个措施", dept="执法科", owner="赵六", deadline=date(2030, 2, 1),
                            operator="赵六", expected_version=seen_b["row_version"])
    assert refused.value.change.operator == "王五"
    kept = problems.get_problem(a, pid)
    assert (kept["measure"], kept["dept"], kept["owner"]) == ("补送达", "法制科", "王五")
    assert _entries(a) == before


def test_a_problem_changed_by_any_step_is_a_newer_version(desks: tuple[Store, Store]) -> None:
    """Every ORM write moves the version (version_id_col), not only the form's own save."""
    a, b = desks
    pid = rectify.add_problem(a, category="执法不规范", manifestation="未送达")
    version = problems.get_problem(b, pid)["row_version"]
    rectify.set_measure(a, pid, measure="补送达", dept="法制科", owner="王五", deadline=date(2030, 1, 1))
    with a.session() as s:
        stored = s.get(Problem, pid)
        assert stored is not None and stored.row_version == version + 1


def test_two_desks_triaging_the_same_complaint(desks: tuple[Store, Store]) -> None:
    a, b = desks
    cid = complaints.add_complaint(a, received_on=date(2026, 11, 2), channel="电话", subject="噪声扰民",
                                   operator="录入员甲")["id"]
    seen_a, seen_b = complaints.get_complaint(a, cid), complaints.get_complaint(b, cid)
    complaints.triage_complaint(a, cid, as_="受理", on=date(2026, 11, 3), operator="王五",
                                expected_version=seen_a["row_version"])
    before = _entries(a)
    with pytest.raises(StaleRecordError, match="王五"):
        complaints.triage_complaint(b, cid, as_="不予受理", reason="不属于本机关", on=date(2026, 11, 3),
                                    operator="赵六", expected_version=seen_b["row_version"])
    kept = complaints.get_complaint(a, cid, unmasked=True)
    assert kept["triage"] == "受理" and kept["triage_reason"] == ""
    assert _entries(a) == before


def test_a_reply_over_a_newer_complaint_is_refused(desks: tuple[Store, Store]) -> None:
    a, b = desks
    cid = complaints.add_complaint(a, received_on=date(2026, 11, 2), channel="电话", subject="噪声扰民")["id"]
    stale = complaints.get_complaint(b, cid)["row_version"]
    complaints.triage_complaint(a, cid, as_="受理", on=date(2026, 11, 3), operator="王五")
    with pytest.raises(StaleRecordError):
        complaints.reply_complaint(b, cid, on=date(2026, 11, 4), note="已收到", expected_version=stale)
    assert complaints.get_complaint(a, cid)["replied_on"] is None
    fresh = complaints.get_complaint(b, cid)["row_version"]
    complaints.reply_complaint(b, cid, on=date(2026, 11, 4), note="已收到", expected_version=fresh)
    assert complaints.get_complaint(a, cid)["replied_on"] == date(2026, 11, 4)


def test_two_desks_triaging_without_a_form_the_second_is_refused(desks: tuple[Store, Store],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line sends no version: the version read for the checks is the one the write
    must find, so another desk's triage landing in between is not overwritten."""
    a, b = desks
    cid = complaints.add_complaint(a, received_on=date(2026, 11, 2), channel="电话", subject="噪声扰民")["id"]
    real_writing = b.writing

    def a_triages_first():  # type: ignore[no-untyped-def]
        complaints.triage_complaint(a, cid, as_="转办", referred_to="区城管局", on=date(2026, 11, 3), operator="王五")
        return real_writing()

    monkeypatch.setattr(b, "writing", a_triages_first)
    with pytest.raises(StaleRecordError, match="王五"):
        complaints.triage_complaint(b, cid, as_="受理", on=date(2026, 11, 3), operator="赵六")
    assert complaints.get_complaint(a, cid)["triage"] == "转办"


def test_a_visit_recorded_twice_at_once_keeps_the_first(desks: tuple[Store, Store],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.demo import load_demo
    from app.registers import visits

    a, b = desks
    load_demo(a, size=40)
    draw = visits.draw_visits(a, n=2, seed=1)
    visit = visits.list_visits(a, draw_id=draw["draw_id"])[0]
    real_writing = b.writing

    def a_records_first():  # type: ignore[no-untyped-def]
        visits.record_visit(a, visit["id"], on=date(2026, 11, 3), way="电话", visitor="王五", satisfaction="满意",
                            operator="王五")
        return real_writing()

    monkeypatch.setattr(b, "writing", a_records_first)
    with pytest.raises(StaleRecordError, match="王五"):
        visits.record_visit(b, visit["id"], on=date(2026, 11, 3), way="上门", visitor="赵六", satisfaction="不满意",
                            operator="赵六", expected_version=visit["row_version"])
    kept = visits.list_visits(a, draw_id=draw["draw_id"])[0]
    assert (kept["visitor"], kept["satisfaction"]) == ("王五", "满意")
