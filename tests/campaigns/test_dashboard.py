"""The 首页 figures (app/campaigns/dashboard.py) equal what the store holds, counted here with SQL."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import distinct, func, select

from app.campaigns import create_campaign
from app.campaigns.dashboard import dashboard
from app.campaigns.phases import add_milestone, add_phase
from app.campaigns.submissions import expect_submission, receive_submission
from app.rectify.service import add_disposition, close_problem, confirm_findings, set_measure
from app.store import Store
from db.models_rectify import Disposition, Problem
from tests.campaigns.conftest import FOREST, WATER

AS_OF = date(2022, 9, 14)  # a Wednesday in the second phase


def _campaign_with_work(store: Store, tmp_path: Path) -> tuple[int, str, str]:
    """The campaign's id, the unit that reported zero problems on time, the unit that did not report."""
    camp = create_campaign(store, name="行政执法突出问题集中整治", doc_no="鞍依法组〔2022〕1号", taxonomy="A",
                           period_from="2022-01-01", issued_on="2022-07-15", units=[WATER, FOREST])
    ids = confirm_findings(store, None)
    evidence = tmp_path / "佐证.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence\n" * 20)
    for n, pid in enumerate(ids):
        set_measure(store, pid, measure="补正案卷", dept="法制科", owner="王五",
                    deadline=date(2022, 8, 31) if n % 2 else date(2022, 12, 31))
    close_problem(store, ids[0], evidence=evidence, approver="李局长", on=date(2022, 9, 1))
    close_problem(store, ids[1], evidence=evidence, approver="李局长", on=date(2022, 9, 2))
    add_disposition(store, ids[2], kind="挂牌督办", on=date(2022, 9, 5))
    add_disposition(store, ids[2], kind="约谈", on=date(2022, 9, 6))
    add_disposition(store, ids[3], kind="挂牌督办", on=date(2022, 9, 6))
    add_phase(store, name="自评自改", date_from="2022-07-18", date_to="2022-07-31")
    add_phase(store, name="提升整改", date_from="2022-08-01", date_to="2022-09-19", report_deadline="2022-09-16")
    add_phase(store, name="预评立制", date_from="2022-09-20", date_to="2022-09-30")
    add_milestone(store, title="第二次督导", due_on="2022-09-15")
    rows = expect_submission(store, kind="问题清单", due_on="2022-07-25")
    expect_submission(store, kind="整改报告", due_on="2022-09-16")
    receive_submission(store, rows[0]["id"], on="2022-07-24", by="王维维", problem_count=0)
    return int(camp["id"]), rows[0]["unit"], rows[1]["unit"]


def test_the_figures_equal_the_stores_counts(two_years: Store, tmp_path: Path) -> None:
    cid, zero, late = _campaign_with_work(two_years, tmp_path)
    d = dashboard(two_years, as_of=AS_OF)
    with two_years.session() as s:
        own = Problem.campaign_id == cid
        total = s.scalar(select(func.count(Problem.id)).where(own))
        by_status = dict(s.execute(select(Problem.status, func.count(Problem.id)).where(own)
                                   .group_by(Problem.status)).all())
        overdue = s.scalar(select(func.count(Problem.id)).where(own, Problem.deadline < AS_OF,
                                                                Problem.status != "已销号"))
        by_category = dict(s.execute(select(Problem.category, func.count(Problem.id)).where(own)
                                     .group_by(Problem.category)).all())
        by_unit = Counter(dict(s.execute(select(Problem.unit, func.count(Problem.id)).where(own)
                                         .group_by(Problem.unit)).all()))
        supervised = s.scalar(select(func.count(distinct(Disposition.problem_id)))
                              .where(Disposition.kind == "挂牌督办"))
    assert d.campaign_id == cid and d.period == "2022-01-01 至 今"
    assert d.status.found == total and d.status.rectified == by_status["已销号"] == 2
    assert d.status.in_progress == by_status.get("整改中", 0) and d.status.pending == by_status.get("待整改", 0)
    assert d.status.overdue == overdue > 0 and d.status.open == total - 2
    assert abs(d.status.rate - 2 / total) < 1e-9
    assert {c.label: c.value for c in d.by_category if c.value} == by_category
    assert [c.label for c in d.by_category][:5] == ["执法不严格", "执法不公正", "执法不规范", "执法不廉洁", "执法不文明"]
    assert {c.label: c.value for c in d.by_unit} == {(u or "（未注明单位）"): n for u, n in by_unit.items()}
    assert [c.value for c in d.by_unit] == sorted((c.value for c in d.by_unit), reverse=True)
    assert d.supervised == supervised == 2

    assert d.phase is not None and (d.phase.name, d.phase.number, d.phase.of, d.phase.days_left) == (
        "提升整改", 2, 3, 5)
    assert d.next_phase is not None and d.next_phase.name == "预评立制"
    week = [(x.due_on, x.kind) for x in d.this_week]
    assert (date(2022, 9, 15), "milestone") in week and (date(2022, 9, 16), "submission") in week
    assert all(x.days_left >= 0 for x in d.deadlines) and d.deadlines[0].due_on == date(2022, 9, 15)
    assert d.late_units == [late] and d.zero_report_units == [zero] and {late, zero} == {WATER, FOREST}
    assert (d.submissions_expected, d.submissions_received) == (4, 1)


def test_without_a_campaign_everything_counts(two_years: Store) -> None:
    ids = confirm_findings(two_years, None)
    d = dashboard(two_years, as_of=AS_OF)
    assert d.campaign_id is None and d.phase is None and d.deadlines == []
    assert d.status.found == len(ids) and sum(c.value for c in d.by_category) == len(ids)
