"""What each unit must hand in to the office (自查报告, 问题清单, 整改报告, 统计表 …) by when,
and what came in: the date, the person who received it, the file (kept with its SHA-256 in the
store's evidence folder, like 整改佐证材料) and, for a report of problems, how many it reported.

    expect_submission · receive_submission · list_submissions · late_units · zero_report_units

A submission is 待报送 until its due date, 逾期未报 after it; once received it is 已报送, or 逾期报送
when it came after the due date. Units whose report listed no problem at all (问题零报告) are
the ones the plans send the 重点抽查 to (reference/000, 001).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns.service import require_campaign, to_date
from app.errors import UserError
from app.rectify import evidence as ev
from app.store import Store
from db import changelog
from db.models import Unit
from db.models_campaign import Campaign, CampaignSubmission

KINDS = ("自查报告", "问题清单", "整改报告", "整改台账", "销号台账", "统计表", "工作部署", "工作总结", "执法台账")
PENDING, OVERDUE, RECEIVED, RECEIVED_LATE = "待报送", "逾期未报", "已报送", "逾期报送"
LATE = (OVERDUE, RECEIVED_LATE)


def status_of(due_on: date, received_on: date | None, as_of: date) -> str:
    if received_on is None:
        return OVERDUE if due_on < as_of else PENDING
    return RECEIVED_LATE if received_on > due_on else RECEIVED


def submission_dict(row: CampaignSubmission, as_of: date) -> dict[str, Any]:
    status = status_of(row.due_on, row.received_on, as_of)
    late_by = ((row.received_on or as_of) - row.due_on).days if status in LATE else 0
    return {"id": row.id, "unit": row.unit, "kind": row.kind, "due_on": row.due_on, "received_on": row.received_on,
            "received_by": row.received_by, "problem_count": row.problem_count, "file_name": row.file_name,
            "sha256": row.sha256, "size": row.size, "note": row.note, "status": status, "late": status in LATE,
            "days_late": late_by}


def _units(s: Session, camp: Campaign, given: Iterable[str] | None) -> list[str]:
    names = [u.strip() for u in given or () if u.strip()]
    if not names:
        names = list(json.loads(camp.units_json or "[]")) or list(s.scalars(select(Unit.name).order_by(Unit.name)))
    if not names:
        raise UserError("本专项活动未列执法单位，库中也还没有执法单位：请用 --unit 写明报送单位。")
    return list(dict.fromkeys(names))


def expect_submission(store: Store, *, kind: str, due_on: object, units: Iterable[str] | None = None,
                      note: str = "", campaign_id: int | None = None, operator: str = "") -> list[dict[str, Any]]:
    """Expect `kind` from each unit (default: the campaign's units, else every unit) by `due_on`.
    All or nothing: refused when one of them is already expected for that date."""
    kind = (kind or "").strip()
    if not kind:
        raise UserError("报送材料名称不能为空（如 " + "、".join(KINDS[:4]) + "）。")
    due = to_date(due_on, "报送期限")
    if due is None:
        raise UserError("请写明报送期限。")
    with store.writing() as s:
        camp = require_campaign(s, campaign_id)
        if camp.issued_on is not None and due < camp.issued_on:
            raise UserError(f"报送期限 {due} 早于方案印发日期 {camp.issued_on}，未登记。")
        names = _units(s, camp, units)
        taken = sorted(s.scalars(select(CampaignSubmission.unit).where(
            CampaignSubmission.campaign_id == camp.id, CampaignSubmission.kind == kind,
            CampaignSubmission.due_on == due, CampaignSubmission.unit.in_(names))))
        if taken:
            raise UserError(f"{'、'.join(taken)} 的「{kind}」（{due} 前报送）已经登记，未作任何改动。")
        out = []
        for unit in names:
            row = CampaignSubmission(campaign_id=camp.id, unit=unit, kind=kind, due_on=due, note=(note or "").strip())
            s.add(row)
            s.flush()
            d = submission_dict(row, date.today())
            changelog.append(s, operator=operator, action="create", table_name="campaign_submissions",
                             record_id=row.id, after={"campaign_id": camp.id, "unit": unit, "kind": kind, "due_on": due})
            out.append(d)
        return out


def _check_receipt(camp: Campaign, row: CampaignSubmission, on: date, by: str, problem_count: int | None) -> None:
    what = f"{row.unit} 的「{row.kind}」"
    if row.received_on is not None:
        raise UserError(f"{what}已于 {row.received_on} 由 {row.received_by or '—'} 接收，未重复登记。")
    if not by:
        raise UserError(f"登记收到{what}须写明接收人（--by）。")
    if on > date.today():
        raise UserError(f"收到日期 {on} 晚于今天，未登记。")
    if camp.issued_on is not None and on < camp.issued_on:
        raise UserError(f"收到日期 {on} 早于方案印发日期 {camp.issued_on}，未登记。")
    if problem_count is not None and (isinstance(problem_count, bool) or problem_count < 0):
        raise UserError("报告的问题数应为非负整数。")


def receive_submission(store: Store, submission_id: int, *, on: object, by: str, file: Path | str | None = None,
                       problem_count: int | None = None, note: str = "", operator: str = "") -> dict[str, Any]:
    """Record that the submission came in: on `on`, received by `by`, with its file (kept by
    SHA-256) and, for a report of problems, the number of problems it reported."""
    received = to_date(on, "收到日期") or date.today()
    by = (by or "").strip()
    source = ev.check_readable(file) if file is not None else None
    kept: list[ev.StoredFile] = []
    try:
        with store.writing() as s:
            row = s.get(CampaignSubmission, submission_id)
            if row is None:
                raise UserError(f"找不到报送事项（编号 {submission_id}）。")
            camp = s.get(Campaign, row.campaign_id)
            assert camp is not None  # the foreign key says so
            _check_receipt(camp, row, received, by, problem_count)
            row.received_on, row.received_by, row.problem_count = received, by, problem_count
            if note.strip():
                row.note = note.strip()
            if source is not None:
                f = ev.keep(store, source)
                kept.append(f)
                row.file_name, row.sha256, row.stored_path, row.size = f.file_name, f.sha256, f.stored_path, f.size
            s.flush()
            out = submission_dict(row, date.today())
            changelog.append(s, operator=operator, action="update", table_name="campaign_submissions",
                             record_id=row.id, before={"received_on": None},
                             after={k: out[k] for k in ("received_on", "received_by", "problem_count", "file_name",
                                                        "sha256", "size")})
            return out
    except BaseException:
        ev.discard(store, kept)
        raise


def list_submissions(store: Store, *, late: bool = False, unit: str | None = None, kind: str | None = None,
                     as_of: date | None = None, campaign_id: int | None = None) -> list[dict[str, Any]]:
    """The campaign's submissions by due date, unit, kind; `late`: only 逾期未报 and 逾期报送."""
    as_of = as_of or date.today()
    with store.session() as s:
        camp = require_campaign(s, campaign_id)
        stmt = select(CampaignSubmission).where(CampaignSubmission.campaign_id == camp.id)
        if unit is not None:
            stmt = stmt.where(CampaignSubmission.unit == unit)
        if kind is not None:
            stmt = stmt.where(CampaignSubmission.kind == kind)
        stmt = stmt.order_by(CampaignSubmission.due_on, CampaignSubmission.unit, CampaignSubmission.kind,
                             CampaignSubmission.id)
        rows = [submission_dict(r, as_of) for r in s.scalars(stmt)]
    return [r for r in rows if r["late"]] if late else rows


def late_units(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Units with a submission overdue or received late, in name order."""
    return sorted({r["unit"] for r in rows if r["late"]})


def zero_report_units(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Units whose received report listed no problem (问题零报告): the 重点抽查's targets."""
    return sorted({r["unit"] for r in rows if r["received_on"] is not None and r["problem_count"] == 0})
