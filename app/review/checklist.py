"""The checklist of one case review: the campaign's veto items, its taxonomy's manifestations,
and the automatic findings the audit made on the case (DOMAIN.md §3.4).

Without a campaign, taxonomy A and the default veto items and grade bands apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.codes import CODES, label_of
from app.campaigns.taxonomy import taxonomy_dict
from app.campaigns.templates import load_template
from app.process.checklist_items import RECORDING_CODE, RECORDING_SECTION, recording_item_texts
from db.models_audit import Finding
from db.models_campaign import DEFAULT_GRADE_BANDS, DEFAULT_VETO_ITEMS, Campaign

VETO_SECTION = "否决项"
FINDINGS_SECTION = "自动核查发现"
# Finding codes that are themselves a veto item, and the veto item each one is.
VETO_CODES = {"TOO_FEW_OFFICERS": "执法人员少于2人", "OFFICER_NOT_CERTIFIED": "执法人员无资格"}
# A checklist item marked problem becomes a finding with the DOMAIN code that says the same
# thing; every other item becomes REVIEW_CODE (app/audit/codes.py).
CODE_FOR_ITEM = {**{v: k for k, v in VETO_CODES.items()}, "同案异罚": "INCONSISTENT_PENALTY"}


@dataclass(frozen=True)
class ItemSpec:
    section: str
    text: str
    source: str  # veto | taxonomy | finding
    code: str = ""
    finding_id: int | None = None
    veto: bool = False


@dataclass(frozen=True)
class Settings:
    campaign_id: int | None
    grade_bands: list[list[Any]]
    veto_items: list[str]
    taxonomy: dict[str, Any]


def settings_for(s: Session, campaign: Campaign | None) -> Settings:
    if campaign is None:
        return Settings(None, json.loads(DEFAULT_GRADE_BANDS), json.loads(DEFAULT_VETO_ITEMS), load_template("A"))
    return Settings(campaign.id, json.loads(campaign.grade_bands_json), json.loads(campaign.veto_items_json),
                    taxonomy_dict(s, campaign))


def build_items(s: Session, settings: Settings, case_key: str) -> list[ItemSpec]:
    items = [ItemSpec(VETO_SECTION, text, "veto", CODE_FOR_ITEM.get(text, ""), veto=True)
             for text in settings.veto_items]
    for cat in settings.taxonomy["categories"]:
        items += [ItemSpec(cat["name"], text, "taxonomy", CODE_FOR_ITEM.get(text, ""))
                  for text in cat["manifestations"]]
    stmt = (select(Finding).where(Finding.case_key == case_key, Finding.status.in_(("open", "confirmed")),
                                  Finding.source != "review").order_by(Finding.code, Finding.id))
    items += [ItemSpec(RECORDING_SECTION, t, "recording", RECORDING_CODE) for t in recording_item_texts(s, case_key)]
    for f in s.scalars(stmt):
        label = label_of(f.code) if f.code in CODES else f.code
        items.append(ItemSpec(FINDINGS_SECTION, f"{label}：{f.message}" if f.message else label, "finding",
                              f.code, f.id, veto=f.code in VETO_CODES))
    return items
