"""A campaign's timetable: phases with date ranges and milestones with due dates (DOMAIN.md §1).

The plans name their phases in one of a few sequences (SEQUENCES); any other name is accepted,
since an office writes its own plan. Phases are listed by start date; the current phase is the
one whose range holds the day asked about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.campaigns.service import require_campaign, to_date
from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_campaign import CampaignMilestone, CampaignPhase

# The phase sequences of the five plans (reference/000–004).
SEQUENCES: dict[str, tuple[str, ...]] = {
    "三阶段（2017、2019 方案）": ("自查自纠", "重点抽查", "整改提高"),
    "四阶段（2022 鞍山）": ("自评自改", "提升整改", "预评立制", "总评考核"),
    "四步骤（2021 攸县）": ("摸底排查", "集中督查", "分类处置", "建立长效机制"),
}


@dataclass(frozen=True)
class Week:
    """Monday to Sunday of the week holding a day: what is "due this week"."""

    start: date
    end: date

    @classmethod
    def of(cls, day: date) -> Week:
        start = day - timedelta(days=day.weekday())
        return cls(start, start + timedelta(days=6))

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def phase_dict(p: CampaignPhase) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "from": p.date_from, "to": p.date_to, "report_deadline": p.report_deadline}


def _phases(s: Session, campaign_id: int) -> list[CampaignPhase]:
    return list(s.scalars(select(CampaignPhase).where(CampaignPhase.campaign_id == campaign_id)
                          .order_by(CampaignPhase.date_from.is_(None), CampaignPhase.date_from,
                                    CampaignPhase.position, CampaignPhase.id)))


def add_phase(store: Store, *, name: str, date_from: object, date_to: object, report_deadline: object = None,
              campaign_id: int | None = None, operator: str = "") -> dict[str, Any]:
    """Add a phase to the campaign (default: the active one). Refused: no name, no dates, an end
    before the start, a report deadline before the start, or a name the campaign already has."""
    name = (name or "").strip()
    if not name:
        raise UserError("阶段名称不能为空。")
    start = to_date(date_from, f"阶段「{name}」开始日期")
    end = to_date(date_to, f"阶段「{name}」结束日期")
    deadline = to_date(report_deadline, f"阶段「{name}」报送期限")
    if start is None or end is None:
        raise UserError(f"阶段「{name}」须写明开始日期和结束日期。")
    if end < start:
        raise UserError(f"阶段「{name}」结束日期 {end} 早于开始日期 {start}，未添加。")
    if deadline is not None and deadline < start:
        raise UserError(f"阶段「{name}」报送期限 {deadline} 早于开始日期 {start}，未添加。")
    with store.writing() as s:
        camp = require_campaign(s, campaign_id)
        if s.scalar(select(CampaignPhase.id).where(CampaignPhase.campaign_id == camp.id, CampaignPhase.name == name)):
            raise UserError(f"专项活动「{camp.name}」已有阶段「{name}」，未重复添加。")
        pos = s.scalar(select(func.max(CampaignPhase.position)).where(CampaignPhase.campaign_id == camp.id))
        phase = CampaignPhase(campaign_id=camp.id, position=(pos if pos is not None else -1) + 1, name=name,
                              date_from=start, date_to=end, report_deadline=deadline)
        s.add(phase)
        s.flush()
        out = phase_dict(phase)
        changelog.append(s, operator=operator, action="create", table_name="campaign_phases", record_id=phase.id,
                         after={**out, "campaign_id": camp.id})
        return out


def list_phases(store: Store, *, campaign_id: int | None = None, as_of: date | None = None) -> list[dict[str, Any]]:
    """The phases by start date, each with `current` (its range holds `as_of`, default today)."""
    as_of = as_of or date.today()
    with store.session() as s:
        camp = require_campaign(s, campaign_id)
        return [{**phase_dict(p), "current": is_current(p.date_from, p.date_to, as_of)} for p in _phases(s, camp.id)]


def is_current(start: date | None, end: date | None, as_of: date) -> bool:
    return start is not None and end is not None and start <= as_of <= end


def current_phase(phases: list[dict[str, Any]], as_of: date) -> dict[str, Any] | None:
    """The phase whose range holds `as_of`; between phases, None."""
    return next((p for p in phases if is_current(p["from"], p["to"], as_of)), None)


def next_phase(phases: list[dict[str, Any]], as_of: date) -> dict[str, Any] | None:
    return next((p for p in phases if p["from"] is not None and p["from"] > as_of), None)


def milestone_dict(m: CampaignMilestone, phase_names: dict[int, str]) -> dict[str, Any]:
    return {"id": m.id, "title": m.title, "due_on": m.due_on, "phase": phase_names.get(m.phase_id or 0, ""),
            "note": m.note}


def add_milestone(store: Store, *, title: str, due_on: object, phase: str = "", note: str = "",
                  campaign_id: int | None = None, operator: str = "") -> dict[str, Any]:
    """A dated milestone (e.g. 7月22日前完成领导小组、工作专班的设立), optionally within a named phase."""
    title = (title or "").strip()
    if not title:
        raise UserError("节点事项不能为空。")
    due = to_date(due_on, f"节点「{title}」期限")
    if due is None:
        raise UserError(f"节点「{title}」须写明期限。")
    with store.writing() as s:
        camp = require_campaign(s, campaign_id)
        phase_row = None
        if phase.strip():
            phase_row = s.scalar(select(CampaignPhase).where(CampaignPhase.campaign_id == camp.id,
                                                             CampaignPhase.name == phase.strip()))
            if phase_row is None:
                raise UserError(f"专项活动「{camp.name}」没有阶段「{phase.strip()}」。")
        m = CampaignMilestone(campaign_id=camp.id, phase_id=phase_row.id if phase_row else None, title=title,
                              due_on=due, note=(note or "").strip())
        s.add(m)
        s.flush()
        out = milestone_dict(m, {phase_row.id: phase_row.name} if phase_row else {})
        changelog.append(s, operator=operator, action="create", table_name="campaign_milestones",
                         record_id=m.id, after={**out, "campaign_id": camp.id})
        return out


def list_milestones(store: Store, *, campaign_id: int | None = None) -> list[dict[str, Any]]:
    """The milestones by due date."""
    with store.session() as s:
        camp = require_campaign(s, campaign_id)
        names = {p.id: p.name for p in _phases(s, camp.id)}
        rows = s.scalars(select(CampaignMilestone).where(CampaignMilestone.campaign_id == camp.id)
                         .order_by(CampaignMilestone.due_on, CampaignMilestone.id))
        return [milestone_dict(m, names) for m in rows]
