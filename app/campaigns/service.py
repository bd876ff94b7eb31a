"""Campaign use cases: create (with a copy of a taxonomy template), read, list, update.

One campaign is active at a time: creating a campaign makes it the active one, and
`update_campaign(..., active=True)` moves the flag. Sampling and review use the active
campaign's period and units when no campaign is named. Every change goes to the change log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.campaigns.templates import load_template
from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_campaign import (
    LEADERSHIP_GROUP,
    Campaign,
    CampaignCategory,
    CampaignManifestation,
    CampaignMember,
    CampaignPhase,
)

ROLES = ("组长", "常务副组长", "副组长", "成员", "联络员")
EDITABLE = ("name", "doc_no", "issuing_body", "issued_on", "period_from", "period_to", "units", "phases",
            "leadership", "hotline", "mailbox", "active", "grade_bands", "veto_items")


def to_date(value: object, label: str) -> date | None:
    """A date from a date or text ('2019-03-05', '2019年3月5日' …); UserError naming the field."""
    try:
        return parse_date(value)
    except ValueParseError as exc:
        raise UserError(f"{label}有误：{exc.reason}。") from None


def create_campaign(store: Store, *, name: str, doc_no: str, taxonomy: str, period_from: object = None,
                    period_to: object = None, issuing_body: str = "", issued_on: object = None,
                    units: Iterable[str] = (), phases: Iterable[Mapping[str, Any]] = (),
                    leadership: Iterable[Mapping[str, Any]] = (), hotline: str = "", mailbox: str = "",
                    operator: str = "") -> dict[str, Any]:
    """Create a campaign with its own copy of taxonomy A, B or C; it becomes the active one."""
    template = load_template(taxonomy)
    values = _validated({"name": name, "doc_no": doc_no, "issuing_body": issuing_body, "issued_on": issued_on,
                         "period_from": period_from, "period_to": period_to, "units": list(units),
                         "phases": list(phases), "leadership": list(leadership), "hotline": hotline,
                         "mailbox": mailbox})
    with store.writing() as s:
        if values["doc_no"] and s.scalar(select(Campaign.id).where(Campaign.doc_no == values["doc_no"])):
            raise UserError(f"文号「{values['doc_no']}」的专项活动已经存在，未重复创建。")
        s.execute(update(Campaign).values(active=False))
        camp = Campaign(taxonomy_id=template["id"], taxonomy_name=template.get("name", ""),
                        taxonomy_source=template.get("source", ""), active=True,
                        created_at=datetime.now().replace(microsecond=0), operator=operator)
        s.add(camp)
        _apply(s, camp, values)
        s.flush()
        for pos, cat in enumerate(template["categories"]):
            row = CampaignCategory(campaign_id=camp.id, position=pos, name=cat["name"])
            s.add(row)
            s.flush()
            s.add_all(CampaignManifestation(category_id=row.id, position=i, text=t)
                      for i, t in enumerate(cat["manifestations"]))
        s.flush()
        out = campaign_dict(s, camp)
        changelog.append(s, operator=operator, action="create", table_name="campaigns", record_id=camp.id,
                         after=out)
        return out


def get_campaign(store: Store, campaign_id: int) -> dict[str, Any]:
    with store.session() as s:
        return campaign_dict(s, _load(s, campaign_id))


def list_campaigns(store: Store) -> list[dict[str, Any]]:
    """Every campaign, newest first, without the taxonomy (see get_campaign for that)."""
    with store.session() as s:
        rows = s.scalars(select(Campaign).order_by(Campaign.id.desc())).all()
        return [_head(c) for c in rows]


def active_campaign(store: Store) -> dict[str, Any] | None:
    with store.session() as s:
        camp = s.scalar(select(Campaign).where(Campaign.active.is_(True)).order_by(Campaign.id.desc()).limit(1))
        return campaign_dict(s, camp) if camp is not None else None


def update_campaign(store: Store, campaign_id: int, *, operator: str = "", **changes: Any) -> dict[str, Any]:
    """Change some of the campaign's fields (see EDITABLE); lists given are replaced whole."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise UserError(f"专项活动没有这些可修改的项目：{'、'.join(unknown)}。")
    values = _validated(changes)
    with store.writing() as s:
        camp = _load(s, campaign_id)
        before = campaign_dict(s, camp)
        if values.get("active"):
            s.execute(update(Campaign).where(Campaign.id != camp.id).values(active=False))
        if "doc_no" in values and values["doc_no"] and s.scalar(
                select(Campaign.id).where(Campaign.doc_no == values["doc_no"], Campaign.id != camp.id)):
            raise UserError(f"文号「{values['doc_no']}」已被另一专项活动使用。")
        _apply(s, camp, values)
        s.flush()
        after = campaign_dict(s, camp)
        changelog.append(s, operator=operator, action="update", table_name="campaigns", record_id=camp.id,
                         before=before, after=after)
        return after


def require_campaign(s: Session, campaign_id: int | None) -> Campaign:
    """The named campaign, else the active one; UserError when there is neither."""
    if campaign_id is not None:
        return _load(s, campaign_id)
    camp = s.scalar(select(Campaign).where(Campaign.active.is_(True)).order_by(Campaign.id.desc()).limit(1))
    if camp is None:
        raise UserError("还没有当前专项活动。请先用 campaign create 创建，或用 campaign activate 选定。")
    return camp


def _load(s: Session, campaign_id: int) -> Campaign:
    camp = s.get(Campaign, campaign_id)
    if camp is None:
        raise UserError(f"找不到专项活动（编号 {campaign_id}）。")
    return camp


def _validated(raw: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("issued_on", "period_from", "period_to"):
            out[key] = to_date(value, {"issued_on": "印发日期", "period_from": "倒查起始日期",
                                       "period_to": "倒查截止日期"}[key])
        elif key == "units":
            out[key] = sorted({str(u).strip() for u in value if str(u).strip()})
        elif key == "phases":
            out[key] = [_phase(p) for p in value]
        elif key == "leadership":
            out[key] = [_member(m) for m in value]
        elif key == "grade_bands":
            out[key] = _bands(value)
        elif key == "veto_items":
            out[key] = [str(v).strip() for v in value if str(v).strip()]
        elif key == "active":
            out[key] = bool(value)
        else:
            out[key] = "" if value is None else str(value).strip()
    if "name" in out and not out["name"]:
        raise UserError("专项活动名称不能为空。")
    if out.get("period_from") and out.get("period_to") and out["period_from"] > out["period_to"]:
        raise UserError(f"倒查起始日期 {out['period_from']} 晚于截止日期 {out['period_to']}。")
    return out


def _phase(p: Mapping[str, Any]) -> dict[str, Any]:
    name = str(p.get("name") or "").strip()
    if not name:
        raise UserError("阶段名称不能为空。")
    d_from, d_to = to_date(p.get("from"), f"阶段「{name}」开始日期"), to_date(p.get("to"), f"阶段「{name}」结束日期")
    if d_from and d_to and d_from > d_to:
        raise UserError(f"阶段「{name}」开始日期 {d_from} 晚于结束日期 {d_to}。")
    return {"name": name, "from": d_from, "to": d_to,
            "report_deadline": to_date(p.get("report_deadline"), f"阶段「{name}」报送期限")}


def _member(m: Mapping[str, Any]) -> dict[str, str]:
    role, name = str(m.get("role") or "").strip(), str(m.get("name") or "").strip()
    if role not in ROLES:
        raise UserError(f"领导小组职务「{role}」有误，应为 {'、'.join(ROLES)} 之一。")
    if not name:
        raise UserError("领导小组成员姓名不能为空。")
    return {"role": role, "name": name, "title": str(m.get("title") or "").strip()}


def _bands(value: Any) -> list[list[Any]]:
    try:
        bands: list[list[Any]] = [[str(n).strip(), int(v)] for n, v in value]
    except (TypeError, ValueError):
        raise UserError("等次分数线格式有误，应为 [[等次, 最低分], …]。") from None
    cuts = [v for _, v in bands]
    if any(not n for n, _ in bands) or cuts != sorted(cuts, reverse=True) or any(not 0 < v <= 100 for v in cuts):
        raise UserError("等次分数线须从高到低排列，分数在 1 到 100 之间，等次名称不能为空。")
    return bands


def _apply(s: Session, camp: Campaign, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if key == "units":
            camp.units_json = json.dumps(value, ensure_ascii=False)
        elif key == "grade_bands":
            camp.grade_bands_json = json.dumps(value, ensure_ascii=False)
        elif key == "veto_items":
            camp.veto_items_json = json.dumps(value, ensure_ascii=False)
        elif key == "phases":
            s.flush()
            for old in s.scalars(select(CampaignPhase).where(CampaignPhase.campaign_id == camp.id)):
                s.delete(old)
            s.add_all(CampaignPhase(campaign_id=camp.id, position=i, name=p["name"], date_from=p["from"],
                                    date_to=p["to"], report_deadline=p["report_deadline"]) for i, p in enumerate(value))
        elif key == "leadership":
            s.flush()
            for member in s.scalars(select(CampaignMember).where(CampaignMember.campaign_id == camp.id,
                                                                 CampaignMember.group_name == LEADERSHIP_GROUP)):
                s.delete(member)
            s.add_all(CampaignMember(campaign_id=camp.id, position=i, **m) for i, m in enumerate(value))
        else:
            setattr(camp, key, value)


def _head(c: Campaign) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "doc_no": c.doc_no, "issuing_body": c.issuing_body,
            "issued_on": c.issued_on, "period_from": c.period_from, "period_to": c.period_to,
            "units": json.loads(c.units_json), "hotline": c.hotline, "mailbox": c.mailbox,
            "active": bool(c.active), "taxonomy_id": c.taxonomy_id,
            "grade_bands": json.loads(c.grade_bands_json), "veto_items": json.loads(c.veto_items_json),
            "created_at": c.created_at, "operator": c.operator}


def campaign_dict(s: Session, c: Campaign) -> dict[str, Any]:
    """The campaign as plain data: its fields, phases, leadership group and taxonomy."""
    from app.campaigns.taxonomy import taxonomy_dict

    out = _head(c)
    out["phases"] = [{"name": p.name, "from": p.date_from, "to": p.date_to, "report_deadline": p.report_deadline}
                     for p in s.scalars(select(CampaignPhase).where(CampaignPhase.campaign_id == c.id)
                                        .order_by(CampaignPhase.position, CampaignPhase.id))]
    out["leadership"] = [{"role": m.role, "name": m.name, "title": m.title}
                         for m in s.scalars(select(CampaignMember).where(CampaignMember.campaign_id == c.id,
                                                                         CampaignMember.group_name == LEADERSHIP_GROUP)
                                            .order_by(CampaignMember.position, CampaignMember.id))]
    out["taxonomy"] = taxonomy_dict(s, c)
    return out
