"""The campaign's people: the leadership group (组长 / 常务副组长 / 副组长 / 成员 / 联络员, name and
post), its office (办公室主任 …), the working groups (综合督查组, 业务评审组, 信息材料组, 专项整治监督问责组 …)
and each unit's liaison (联络员) with a phone — the plans' 附件 名单 (reference/000, 001, 004).

A person belongs to one group; the leadership group is the one `campaign.leadership` shows. A
liaison named with a unit goes to 单位联络员 unless a group is given.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from app.campaigns.service import ROLES, require_campaign
from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_campaign import LEADERSHIP_GROUP, CampaignMember

PEOPLE_ROLES = (*ROLES[:3], "主任", "副主任", *ROLES[3:])  # the print order within a group
OFFICE_GROUP = "领导小组办公室"
LIAISON_GROUP = "单位联络员"
WORKING_GROUPS = ("综合督查组", "业务评审组", "信息材料组", "抽查小组", "专项整治监督问责组")
PHONE = re.compile(r"^[0-9０-９+＋()（）\- —－转]{3,40}$")


def person_dict(m: CampaignMember) -> dict[str, Any]:
    return {"id": m.id, "group": m.group_name, "role": m.role, "name": m.name, "post": m.title, "unit": m.unit,
            "phone": m.phone}


def add_person(store: Store, *, role: str, name: str, post: str = "", group: str | None = None, unit: str = "",
               phone: str = "", campaign_id: int | None = None, operator: str = "") -> dict[str, Any]:
    """Add one person to a group of the campaign (default: the active campaign)."""
    role, name, post = (role or "").strip(), (name or "").strip(), (post or "").strip()
    unit, phone = (unit or "").strip(), (phone or "").strip()
    if role not in PEOPLE_ROLES:
        raise UserError(f"职务「{role}」有误，应为 {'、'.join(PEOPLE_ROLES)} 之一。")
    if not name:
        raise UserError("姓名不能为空。")
    if phone and not PHONE.match(phone):
        raise UserError(f"联系电话「{phone}」有误：只能写数字、括号、连字符或“转”。")
    group_name = (group or "").strip() or (LIAISON_GROUP if role == "联络员" and unit else LEADERSHIP_GROUP)
    if group_name == LIAISON_GROUP and not unit:
        raise UserError("单位联络员须写明所在单位（--unit）。")
    with store.writing() as s:
        camp = require_campaign(s, campaign_id)
        same = s.scalar(select(CampaignMember.id).where(
            CampaignMember.campaign_id == camp.id, CampaignMember.group_name == group_name,
            CampaignMember.name == name, CampaignMember.unit == unit))
        if same:
            raise UserError(f"{group_name}中已有「{name}」{('（' + unit + '）') if unit else ''}，未重复添加。")
        pos = s.scalar(select(func.max(CampaignMember.position)).where(CampaignMember.campaign_id == camp.id))
        m = CampaignMember(campaign_id=camp.id, position=(pos if pos is not None else -1) + 1, role=role, name=name,
                           title=post, group_name=group_name, unit=unit, phone=phone)
        s.add(m)
        s.flush()
        out = person_dict(m)
        changelog.append(s, operator=operator, action="create", table_name="campaign_members", record_id=m.id,
                         after={**out, "campaign_id": camp.id})
        return out


def remove_person(store: Store, person_id: int, *, operator: str = "") -> None:
    with store.writing() as s:
        m = s.get(CampaignMember, person_id)
        if m is None:
            raise UserError(f"找不到人员（编号 {person_id}）。")
        before = person_dict(m)
        s.delete(m)
        changelog.append(s, operator=operator, action="delete", table_name="campaign_members", record_id=person_id,
                         before=before)


def group_rank(group: str, seen: list[str]) -> tuple[int, int]:
    """领导小组, its office, the working groups (known ones first), the units' liaisons last."""
    if group == LEADERSHIP_GROUP:
        return (0, 0)
    if group == OFFICE_GROUP:
        return (1, 0)
    if group == LIAISON_GROUP:
        return (4, 0)
    if group in WORKING_GROUPS:
        return (2, WORKING_GROUPS.index(group))
    return (3, seen.index(group) if group in seen else len(seen))


def list_people(store: Store, *, campaign_id: int | None = None) -> list[dict[str, Any]]:
    """Everyone, in print order: by group, then by role (组长 first), then as entered."""
    with store.session() as s:
        camp = require_campaign(s, campaign_id)
        rows = list(s.scalars(select(CampaignMember).where(CampaignMember.campaign_id == camp.id)
                              .order_by(CampaignMember.position, CampaignMember.id)))
    seen = list(dict.fromkeys(m.group_name for m in rows))
    order = {m.id: n for n, m in enumerate(rows)}
    rows.sort(key=lambda m: (group_rank(m.group_name, seen), m.group_name,
                             PEOPLE_ROLES.index(m.role) if m.role in PEOPLE_ROLES else len(PEOPLE_ROLES),
                             order[m.id]))
    return [person_dict(m) for m in rows]


def grouped(people: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """[(group, [person …]) …] in the order of `people`."""
    out: dict[str, list[dict[str, Any]]] = {}
    for p in people:
        out.setdefault(p["group"], []).append(p)
    return list(out.items())
