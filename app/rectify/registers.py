"""Two small registers of a campaign: typical cases (典型案例, which feed 通报 and the report) and
the leadership's assessments of units (一票否优 / 一票否决, reference/000 五(二), reference/004 三(三)4).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.errors import UserError
from app.rectify.problems import load_problem
from app.rectify.vocabulary import active_campaign_id
from app.store import Store
from db import changelog
from db.models_rectify import TypicalCase, UnitAssessment

VERDICTS = ("一票否优", "一票否决")


def _case_dict(c: TypicalCase) -> dict[str, Any]:
    return {"id": c.id, "campaign_id": c.campaign_id, "problem_id": c.problem_id, "title": c.title, "unit": c.unit,
            "case_no": c.case_no, "summary": c.summary, "handling": c.handling, "on": c.on}


def add_typical_case(store: Store, *, title: str, summary: str, handling: str = "", unit: str = "",
                     case_no: str = "", problem_id: int | None = None, on: date | None = None,
                     operator: str = "") -> dict[str, Any]:
    """Enter a typical case; from a problem, its unit and case number are taken over when not given."""
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title or not summary:
        raise UserError("典型案例须写明标题（--title）和基本案情（--summary）。")
    with store.writing() as s:
        if problem_id is not None:
            p = load_problem(s, problem_id)
            unit, case_no = unit or p.unit, case_no or p.case_no
        row = TypicalCase(campaign_id=active_campaign_id(s), problem_id=problem_id, title=title,
                          unit=(unit or "").strip(), case_no=(case_no or "").strip(), summary=summary,
                          handling=(handling or "").strip(), on=on or date.today(), operator=operator)
        s.add(row)
        s.flush()
        out = _case_dict(row)
        changelog.append(s, operator=operator, action="create", table_name="typical_cases", record_id=row.id,
                         after=out)
        return out


def list_typical_cases(store: Store, ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The active campaign's typical cases (or the ones named), in entry order."""
    with store.session() as s:
        stmt = select(TypicalCase).order_by(TypicalCase.id)
        cid = active_campaign_id(s)
        if ids:
            stmt = stmt.where(TypicalCase.id.in_(ids))
        else:
            stmt = stmt.where(TypicalCase.campaign_id.is_(None) if cid is None else TypicalCase.campaign_id == cid)
        rows = [_case_dict(c) for c in s.scalars(stmt)]
    if ids:
        missing = sorted(set(ids) - {r["id"] for r in rows})
        if missing:
            raise UserError(f"找不到典型案例（编号 {'、'.join(map(str, missing))}）。")
    return rows


def assess_unit(store: Store, unit: str, *, verdict: str, reason: str, decided_by: str, on: date | None = None,
                operator: str = "") -> dict[str, Any]:
    """Record 一票否优 or 一票否决 for a unit in the active campaign."""
    unit, reason, decided_by = (unit or "").strip(), (reason or "").strip(), (decided_by or "").strip()
    if verdict not in VERDICTS:
        raise UserError(f"考核结论「{verdict}」有误，应为 {'、'.join(VERDICTS)} 之一。")
    if not unit or not reason or not decided_by:
        raise UserError(f"{verdict}须写明单位、理由（--reason）和决定人（--decided-by）。")
    with store.writing() as s:
        row = UnitAssessment(campaign_id=active_campaign_id(s), unit=unit, verdict=verdict, reason=reason,
                             decided_by=decided_by, on=on or date.today(), operator=operator)
        s.add(row)
        s.flush()
        out = _assessment_dict(row)
        changelog.append(s, operator=operator, action="create", table_name="unit_assessments", record_id=row.id,
                         after=out)
        return out


def _assessment_dict(a: UnitAssessment) -> dict[str, Any]:
    return {"id": a.id, "campaign_id": a.campaign_id, "unit": a.unit, "verdict": a.verdict, "reason": a.reason,
            "decided_by": a.decided_by, "on": a.on}


def assessments(store: Store, unit: str | None = None) -> list[dict[str, Any]]:
    """The active campaign's assessments (of one unit when given)."""
    with store.session() as s:
        cid = active_campaign_id(s)
        stmt = select(UnitAssessment).order_by(UnitAssessment.id)
        stmt = stmt.where(UnitAssessment.campaign_id.is_(None) if cid is None else UnitAssessment.campaign_id == cid)
        if unit:
            stmt = stmt.where(UnitAssessment.unit == unit)
        return [_assessment_dict(a) for a in s.scalars(stmt)]
