"""Which problem category a finding falls under (finding code → category), per taxonomy.

The defaults ship in resources/taxonomies/finding_categories.json (one map per template A, B,
C); a campaign may change the category of a code for itself (`category_mappings`). The
categories in force are the active campaign's own taxonomy copy, or template A when there is no
campaign.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.codes import CODES
from app.campaigns.taxonomy import taxonomy_dict
from app.campaigns.templates import TEMPLATE_IDS, load_template, taxonomies_dir
from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_campaign import Campaign
from db.models_rectify import CategoryMapping


@dataclass(frozen=True)
class Scope:
    """The taxonomy in force: the active campaign's copy, or template A without a campaign."""

    campaign_id: int | None
    taxonomy_id: str
    categories: list[str]


def default_mappings() -> dict[str, dict[str, str]]:
    """{"A": {code: category}, "B": …, "C": …} as shipped."""
    path = taxonomies_dir() / "finding_categories.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"无法读取问题类别对应表 {path}（{exc}）。") from exc
    return {tid: dict(data.get(tid, {})) for tid in TEMPLATE_IDS}


def scope_of(s: Session) -> Scope:
    camp = s.scalar(select(Campaign).where(Campaign.active.is_(True)).order_by(Campaign.id.desc()).limit(1))
    if camp is None:
        return Scope(None, "A", [c["name"] for c in load_template("A")["categories"]])
    tax: dict[str, Any] = taxonomy_dict(s, camp)
    return Scope(camp.id, camp.taxonomy_id or "A", [c["name"] for c in tax["categories"]])


def mapping_in(s: Session, scope: Scope) -> dict[str, str]:
    """The effective code → category map for the scope: defaults, then the campaign's edits."""
    out = dict(default_mappings().get(scope.taxonomy_id, {}))
    if scope.campaign_id is not None:
        for m in s.scalars(select(CategoryMapping).where(CategoryMapping.campaign_id == scope.campaign_id)):
            out[m.code] = m.category
    return out


def category_mapping(store: Store) -> dict[str, Any]:
    """{"campaign_id", "taxonomy_id", "categories": [...], "mapping": {code: category}}."""
    with store.session() as s:
        scope = scope_of(s)
        return {"campaign_id": scope.campaign_id, "taxonomy_id": scope.taxonomy_id,
                "categories": scope.categories, "mapping": mapping_in(s, scope)}


def check_category(scope: Scope, category: str) -> str:
    category = (category or "").strip()
    if category not in scope.categories:
        raise UserError(f"问题类别「{category}」不在当前问题分类中，应为 {'、'.join(scope.categories)} 之一。")
    return category


def set_category_mapping(store: Store, code: str, category: str, *, campaign_id: int | None = None,
                         operator: str = "") -> dict[str, str]:
    """Change, for one campaign (default: the active one), the category a finding code falls under."""
    if code not in CODES:
        raise UserError(f"未知的问题代码「{code}」。")
    with store.writing() as s:
        scope = scope_of(s)
        if campaign_id is not None and campaign_id != scope.campaign_id:
            camp = s.get(Campaign, campaign_id)
            if camp is None:
                raise UserError(f"找不到专项活动（编号 {campaign_id}）。")
            scope = Scope(camp.id, camp.taxonomy_id or "A",
                          [c["name"] for c in taxonomy_dict(s, camp)["categories"]])
        if scope.campaign_id is None:
            raise UserError("尚未创建专项活动：默认对应关系不能修改，请先创建专项活动（campaign create）。")
        category = check_category(scope, category)
        row = s.scalar(select(CategoryMapping).where(CategoryMapping.campaign_id == scope.campaign_id,
                                                     CategoryMapping.code == code))
        before = {"code": code, "category": row.category} if row is not None else None
        if row is None:
            row = CategoryMapping(campaign_id=scope.campaign_id, code=code, category=category)
            s.add(row)
        else:
            row.category = category
        s.flush()
        changelog.append(s, operator=operator, action="update" if before else "create",
                         table_name="category_mappings", record_id=row.id, before=before,
                         after={"campaign_id": scope.campaign_id, "code": code, "category": category})
        return mapping_in(s, scope)
