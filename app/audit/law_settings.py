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
from app.audit.law.office import SECTOR_TOPICS
from app.audit.law.periods import describe as describe_period
from app.domain.amounts import format_fen
from app.errors import UserError
from app.settings import read_settings, write_settings
from db.models_settings import Setting
from db.store import Store

KEY = "law.office_rules"

__all__ = ["KEY", "add_sector_rule", "clear_sector_rules", "describe", "get_office_rules", "office_rules_in",
           "parse_document", "set_backlog_days", "set_catalogue", "set_office_rules", "set_threshold"]


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


def _span(first: date, last: date | None) -> str:
    return f"{first.isoformat()} 起" + (f"至 {last.isoformat()}" if last is not None else "")


def _basis(citation: str) -> str:
    return f"，依据 {citation}" if citation else ""


def describe(rules: OfficeRules) -> list[str]:
    """The rules in Chinese, one line each (the CLI's `law rules show` and the settings page)."""
    lines = [f"历史积案标准：立案后 {rules.backlog_days} 日"]
    for r in rules.sector_rules:
        lines.append(f"规章期限：{SECTOR_TOPICS[r.topic]}（{r.field or '全部领域'}）{describe_period(r.period, r.day_kind)}，"
                     f"{_span(r.effective_from, r.effective_to)}{_basis(r.citation)}")
    for t in rules.hearing_thresholds:
        lines.append(f"较大数额（{t.field or '全部领域'}）：公民 {format_fen(t.person_fen)} 元、法人或者其他组织 "
                     f"{format_fen(t.organisation_fen)} 元以上，{_span(t.effective_from, t.effective_to)}"
                     f"{_basis(t.citation)}")
    for c in rules.review_catalogues:
        parts = list(c.penalty_kinds)
        if c.fine_person_fen:
            parts.append(f"对公民罚款 {format_fen(c.fine_person_fen)} 元以上")
        if c.fine_organisation_fen:
            parts.append(f"对法人或者其他组织罚款 {format_fen(c.fine_organisation_fen)} 元以上")
        if c.after_hearing:
            parts.append("经过听证程序")
        lines.append(f"法制审核目录清单（{'、'.join(c.fields) or '全部领域'}，{_span(c.effective_from, c.effective_to)}）："
                     f"{'；'.join(parts)}{_basis(c.citation)}")
    return lines
