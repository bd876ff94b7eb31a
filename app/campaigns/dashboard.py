"""首页 figures for a leader at a glance: the active campaign, its phase and next deadlines, the
problems by category and by unit, rectified / in progress / pending / overdue, how many are
under 挂牌督办, and which units are late or reported zero problems.

    dashboard(store, as_of=None) -> Dashboard        plain dataclasses, no Qt

The problem figures are those of the problem list (app.rectify.problems.list_problems): the
active campaign's own problems within its scope, so the 首页, the forms and the report agree.
The window draws it (ui/campaigns/dashboard_page.py); the 整改报告 PDF can draw the same
figures with ReportLab graphics.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from app.campaigns.phases import Week, current_phase, list_milestones, list_phases, next_phase
from app.campaigns.service import active_campaign
from app.campaigns.submissions import late_units, list_submissions, zero_report_units
from app.campaigns.templates import load_template
from app.domain.annual_due import annual_due
from app.rectify.problems import list_problems
from app.rectify.status_counts import Count, StatusCounts, status_counts
from app.registers.complaints import overdue_count
from app.store import Store
from db.models_rectify import Disposition

SUPERVISED_KIND = "挂牌督办"
NO_UNIT = "（未注明单位）"
MAX_DEADLINES = 8


@dataclass(frozen=True)
class PhaseInfo:
    name: str
    date_from: date | None
    date_to: date | None
    number: int  # 1-based, of `of`
    of: int
    days_left: int | None  # to the end of the phase, for the current one


@dataclass(frozen=True)
class Deadline:
    due_on: date
    what: str
    kind: str  # "phase" (end or report deadline), "milestone", "submission"
    days_left: int  # negative: past

    @property
    def late(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class Dashboard:
    as_of: date
    campaign_id: int | None
    campaign_name: str
    doc_no: str
    period: str
    phase: PhaseInfo | None
    next_phase: PhaseInfo | None
    deadlines: list[Deadline]
    this_week: list[Deadline]
    by_category: list[Count]
    by_unit: list[Count]
    status: StatusCounts
    supervised: int
    late_units: list[str] = field(default_factory=list)
    zero_report_units: list[str] = field(default_factory=list)
    submissions_expected: int = 0
    submissions_received: int = 0
    annual_report_due: date | None = None  # the 统计年报's due date, from December to 31 January
    complaints_overdue: int = 0  # complaints past their reply or result deadline (app/registers)


def _period(camp: dict[str, Any]) -> str:
    start, end = camp.get("period_from"), camp.get("period_to")
    if not start and not end:
        return "不限"
    return f"{start or '…'} 至 {end or '今'}"


def _phase_info(p: dict[str, Any] | None, phases: list[dict[str, Any]], as_of: date) -> PhaseInfo | None:
    if p is None:
        return None
    left = (p["to"] - as_of).days if p["to"] is not None and p["from"] is not None and p["from"] <= as_of else None
    return PhaseInfo(p["name"], p["from"], p["to"], phases.index(p) + 1, len(phases), left)


def _deadlines(camp_id: int, phases: list[dict[str, Any]], submissions: list[dict[str, Any]],
               store: Store, as_of: date) -> list[Deadline]:
    out: list[Deadline] = []
    for p in phases:
        if p["to"] is not None:
            out.append(Deadline(p["to"], f"「{p['name']}」阶段结束", "phase", (p["to"] - as_of).days))
        if p["report_deadline"] is not None:
            out.append(Deadline(p["report_deadline"], f"「{p['name']}」阶段报送", "phase",
                                (p["report_deadline"] - as_of).days))
    for m in list_milestones(store, campaign_id=camp_id):
        out.append(Deadline(m["due_on"], m["title"], "milestone", (m["due_on"] - as_of).days))
    waiting = Counter((r["kind"], r["due_on"]) for r in submissions if r["received_on"] is None)
    for (kind, due), n in waiting.items():
        out.append(Deadline(due, f"{kind}（{n} 个单位未报）", "submission", (due - as_of).days))
    return sorted(out, key=lambda d: (d.due_on, d.kind, d.what))


def _supervised(store: Store, ids: list[int]) -> int:
    if not ids:
        return 0
    with store.session() as s:
        found = set(s.scalars(select(Disposition.problem_id).where(Disposition.kind == SUPERVISED_KIND,
                                                                    Disposition.problem_id.in_(ids))))
    return len(found)


def _by_category(problems: list[dict[str, Any]], categories: list[str]) -> list[Count]:
    counts = Counter(p["category"] or "未分类" for p in problems)
    names = list(categories) + sorted(c for c in counts if c not in categories)
    return [Count(c, counts.get(c, 0)) for c in names]


def _by_unit(problems: list[dict[str, Any]]) -> list[Count]:
    counts = Counter(p["unit"] or NO_UNIT for p in problems)
    return [Count(u, n) for u, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def dashboard(store: Store, as_of: date | None = None) -> Dashboard:
    """The 首页 figures on `as_of` (default today)."""
    as_of = as_of or date.today()
    camp = active_campaign(store)
    problems = list_problems(store, as_of=as_of)
    status = status_counts(problems)
    supervised = _supervised(store, [p["id"] for p in problems])
    complaints = overdue_count(store, as_of)
    if camp is None:
        categories = [c["name"] for c in load_template("A")["categories"]]
        return Dashboard(as_of, None, "", "", "不限", None, None, [], [], _by_category(problems, categories),
                         _by_unit(problems), status, supervised, annual_report_due=annual_due(as_of),
                         complaints_overdue=complaints)
    phases = list_phases(store, campaign_id=camp["id"], as_of=as_of)
    submissions = list_submissions(store, campaign_id=camp["id"], as_of=as_of)
    deadlines = _deadlines(camp["id"], phases, submissions, store, as_of)
    week = Week.of(as_of)
    return Dashboard(
        as_of=as_of, campaign_id=camp["id"], campaign_name=camp["name"], doc_no=camp["doc_no"],
        period=_period(camp), phase=_phase_info(current_phase(phases, as_of), phases, as_of),
        next_phase=_phase_info(next_phase(phases, as_of), phases, as_of),
        deadlines=[d for d in deadlines if d.days_left >= 0][:MAX_DEADLINES],
        this_week=[d for d in deadlines if week.holds(d.due_on)],
        by_category=_by_category(problems, [c["name"] for c in camp["taxonomy"]["categories"]]),
        by_unit=_by_unit(problems), status=status, supervised=supervised,
        late_units=late_units(submissions), zero_report_units=zero_report_units(submissions),
        submissions_expected=len(submissions),
        submissions_received=sum(r["received_on"] is not None for r in submissions),
        annual_report_due=annual_due(as_of), complaints_overdue=complaints)
