"""The 首页 figures (app/campaigns/dashboard.py) equal what the store holds, counted here with SQL."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import distinct, func, select

from app.campaigns.dashboard import dashboard
from app.rectify.service import confirm_findings
from app.store import Store
from db.models_rectify import Disposition, Problem
from tests.campaigns.builders import DASHBOARD_DAY as AS_OF
from tests.campaigns.builders import FOREST, WATER, campaign_with_work


def test_the_figures_equal_the_stores_counts(two_years: Store, tmp_path: Path) -> None:
    cid, zero, late = campaign_with_work(two_years, tmp_path)
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
