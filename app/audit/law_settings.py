"""The office's own rules (OfficeRules) kept in the store: read, replaced, edited one part at a time.

One JSON document under one settings key, so a backup, a restore and the bureau package carry it
whole, and every change goes through the change log (app/settings.py). Each edit builds a new
OfficeRules, whose own validation refuses what the audit could not apply (two rules for the same
field and day, a period of 0 days …) with a Chinese message — nothing is stored then.
The CLI (`caseaudit law …`) and the settings page call these same functions.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.law import HearingThreshold, OfficeRules, ReviewCatalogue, SectorRule
from app.errors import UserError
from app.settings import read_settings, write_settings
from db.models_settings import Setting
from db.store import Store

KEY = "law.office_rules"

__all__ = ["KEY", "add_sector_rule", "clear_sector_rules", "get_office_rules", "office_rules_in", "parse_document",
           "set_backlog_days", "set_catalogue", "set_office_rules", "set_threshold"]


def parse_document(text: str) -> OfficeRules:
    """OfficeRules from JSON text (a file the office wrote, or the stored setting)."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise UserError(f"本单位规则不是有效的 JSON：{exc}") from exc
    return OfficeRules.from_json(doc)


def office_rules_in(s: Session) -> OfficeRules | None:
    """The stored rules inside the caller's session (the audit run), or None when none were set."""
    text = s.scalar(select(Setting.value).where(Setting.key == KEY))
    return parse_document(text) if text else None


def get_office_rules(store: Store) -> OfficeRules:
    """The stored rules, or the empty set (no sector rule, no 较大数额, no catalogue)."""
    text = read_settings(store, KEY).get("")
    return parse_document(text) if text else OfficeRules()


def to_text(rules: OfficeRules) -> str:
    return json.dumps(rules.to_json(), ensure_ascii=False, sort_keys=True)


def set_office_rules(store: Store, rules: OfficeRules, *, operator: str = "") -> OfficeRules:
    """Replace the office's rules as a whole."""
    write_settings(store, {KEY: to_text(rules)}, operator=operator)
    return rules


def add_sector_rule(store: Store, rule: SectorRule, *, operator: str = "") -> OfficeRules:
    """Add a sector rule (规章另有规定的期限); refused if it overlaps one for the same topic and field."""
    rules = get_office_rules(store)
    return set_office_rules(store, replace(rules, sector_rules=(*rules.sector_rules, rule)), operator=operator)


def clear_sector_rules(store: Store, topic: str, field: str, *, operator: str = "") -> OfficeRules:
    """Remove every sector rule on `topic` for `field` ("" = the rules for every field)."""
    rules = get_office_rules(store)
    kept = tuple(r for r in rules.sector_rules if not (r.topic == topic and r.field == field))
    if len(kept) == len(rules.sector_rules):
        raise UserError(f"没有「{field or '全部领域'}」的该项规章期限可删除。")
    return set_office_rules(store, replace(rules, sector_rules=kept), operator=operator)


def set_threshold(store: Store, threshold: HearingThreshold, *, operator: str = "") -> OfficeRules:
    """Set 较大数额 for a field from a date: replaces the rule with the same field and start date."""
    rules = get_office_rules(store)
    kept = tuple(t for t in rules.hearing_thresholds
                 if not (t.field == threshold.field and t.effective_from == threshold.effective_from))
    return set_office_rules(store, replace(rules, hearing_thresholds=(*kept, threshold)), operator=operator)


def set_catalogue(store: Store, catalogue: ReviewCatalogue, *, operator: str = "") -> OfficeRules:
    """Set the 法制审核目录清单 from a date: replaces the one with the same start date and fields."""
    rules = get_office_rules(store)
    kept = tuple(c for c in rules.review_catalogues
                 if not (c.fields == catalogue.fields and c.effective_from == catalogue.effective_from))
    return set_office_rules(store, replace(rules, review_catalogues=(*kept, catalogue)), operator=operator)


def set_backlog_days(store: Store, days: int, *, operator: str = "") -> OfficeRules:
    """The 历史积案 threshold: days after 立案 with no decision or closure."""
    rules = get_office_rules(store)
    return set_office_rules(store, replace(rules, backlog_days=days), operator=operator)


def in_force_summary(rules: OfficeRules, on: date) -> dict[str, object]:
    """How many rules of each kind are in force on `on` (for the page's status line)."""
    return {"sector_rules": sum(r.in_force(on) for r in rules.sector_rules),
            "hearing_thresholds": sum(t.in_force(on) for t in rules.hearing_thresholds),
            "review_catalogues": sum(c.in_force(on) for c in rules.review_catalogues),
            "backlog_days": rules.backlog_days}
