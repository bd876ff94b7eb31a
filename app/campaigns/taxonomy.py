"""A campaign's own taxonomy copy: read it, and edit it (add / rename / remove).

Categories and manifestations are addressed by their text, as the office sees them. Reviews
already started keep the item texts they were built with; edits apply to reviews started later.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_campaign import Campaign, CampaignCategory, CampaignManifestation

ACTIONS = ("add_category", "rename_category", "remove_category",
           "add_manifestation", "rename_manifestation", "remove_manifestation")


def taxonomy_dict(s: Session, c: Campaign) -> dict[str, Any]:
    """{"id","name","source","categories":[{"name","manifestations":[…]}]} — the template's shape."""
    cats = s.scalars(select(CampaignCategory).where(CampaignCategory.campaign_id == c.id)
                     .order_by(CampaignCategory.position, CampaignCategory.id)).all()
    items: dict[int, list[str]] = {cat.id: [] for cat in cats}
    if cats:
        stmt = (select(CampaignManifestation).where(CampaignManifestation.category_id.in_(list(items)))
                .order_by(CampaignManifestation.position, CampaignManifestation.id))
        for m in s.scalars(stmt):
            items[m.category_id].append(m.text)
    return {"id": c.taxonomy_id, "name": c.taxonomy_name, "source": c.taxonomy_source,
            "categories": [{"name": cat.name, "manifestations": items[cat.id]} for cat in cats]}


def edit_taxonomy(store: Store, campaign_id: int, action: str, *, category: str, text: str = "",
                  new_text: str = "", operator: str = "") -> dict[str, Any]:
    """Apply one edit to the campaign's taxonomy and return the taxonomy as it now stands.

    add_category(category) · rename_category(category → new_text) · remove_category(category) ·
    add_manifestation(category, text) · rename_manifestation(category, text → new_text) ·
    remove_manifestation(category, text).
    """
    if action not in ACTIONS:
        raise UserError(f"未知的分类修改操作「{action}」，应为 {'、'.join(ACTIONS)} 之一。")
    category, text, new_text = category.strip(), text.strip(), new_text.strip()
    if not category:
        raise UserError("问题类别不能为空。")
    with store.writing() as s:
        camp = s.get(Campaign, campaign_id)
        if camp is None:
            raise UserError(f"找不到专项活动（编号 {campaign_id}）。")
        before = taxonomy_dict(s, camp)
        cat = s.scalar(select(CampaignCategory).where(CampaignCategory.campaign_id == camp.id,
                                                      CampaignCategory.name == category))
        if action == "add_category":
            if cat is not None:
                raise UserError(f"问题类别「{category}」已经存在。")
            pos = s.scalar(select(func.max(CampaignCategory.position))
                           .where(CampaignCategory.campaign_id == camp.id))
            s.add(CampaignCategory(campaign_id=camp.id, position=(pos if pos is not None else -1) + 1, name=category))
        else:
            if cat is None:
                raise UserError(f"本专项活动没有问题类别「{category}」。")
            _edit_in_category(s, camp, cat, action, text, new_text)
        s.flush()
        after = taxonomy_dict(s, camp)
        changelog.append(s, operator=operator, action="update", table_name="campaign_categories",
                         record_id=camp.id, before=before, after=after)
        return after


def _edit_in_category(s: Session, camp: Campaign, cat: CampaignCategory, action: str, text: str,
                      new_text: str) -> None:
    if action == "rename_category":
        if not new_text:
            raise UserError("新的类别名称不能为空。")
        if new_text != cat.name and s.scalar(select(CampaignCategory.id).where(
                CampaignCategory.campaign_id == camp.id, CampaignCategory.name == new_text)):
            raise UserError(f"问题类别「{new_text}」已经存在。")
        cat.name = new_text
        return
    if action == "remove_category":
        s.execute(delete(CampaignManifestation).where(CampaignManifestation.category_id == cat.id))
        s.delete(cat)
        return
    if not text:
        raise UserError("具体表现不能为空。")
    existing = s.scalar(select(CampaignManifestation).where(CampaignManifestation.category_id == cat.id,
                                                            CampaignManifestation.text == text))
    if action == "add_manifestation":
        if existing is not None:
            raise UserError(f"类别「{cat.name}」下已有具体表现「{text}」。")
        pos = s.scalar(select(func.max(CampaignManifestation.position))
                       .where(CampaignManifestation.category_id == cat.id))
        s.add(CampaignManifestation(category_id=cat.id, position=(pos if pos is not None else -1) + 1, text=text))
        return
    if existing is None:
        raise UserError(f"类别「{cat.name}」下没有具体表现「{text}」。")
    if action == "remove_manifestation":
        s.delete(existing)
        return
    if not new_text:
        raise UserError("新的具体表现不能为空。")
    if new_text != text and s.scalar(select(CampaignManifestation.id).where(
            CampaignManifestation.category_id == cat.id, CampaignManifestation.text == new_text)):
        raise UserError(f"类别「{cat.name}」下已有具体表现「{new_text}」。")
    existing.text = new_text
