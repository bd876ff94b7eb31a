"""All of the office's rules together: one document in the settings table, one in a package.

Lookups pick the rule in force on a day for a field. A rule for the field itself wins over one
for every field (""), so an office can set a general 较大数额 and a stricter one for a sector.
Two rules that could both apply to the same field on the same day are refused: the audit must
never have to guess which one the office meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from app.audit.law import jsonread as jr
from app.audit.law.office import (
    DEFAULT_BACKLOG_DAYS,
    MAX_DAYS,
    SECTOR_TOPICS,
    HearingThreshold,
    ReviewCatalogue,
    SectorRule,
    overlaps,
    same_field,
)

FORMAT_VERSION = 1


class _Dated(Protocol):
    @property
    def effective_from(self) -> date: ...
    @property
    def effective_to(self) -> date | None: ...
    def in_force(self, d: date) -> bool: ...
    def covers_field(self, field: str) -> bool: ...


R = TypeVar("R", bound=_Dated)


def _fields_of(rule: object) -> tuple[str, ...]:
    if isinstance(rule, ReviewCatalogue):
        return rule.fields
    own = getattr(rule, "field", "")
    return (own,) if own else ()


def _share_field(a: object, b: object) -> bool:
    fa, fb = _fields_of(a), _fields_of(b)
    if not fa or not fb:
        return not fa and not fb  # "all fields" only clashes with another "all fields"
    return any(same_field(x, y) for x in fa for y in fb)


def _refuse_overlaps(rules: Sequence[_Dated], label: str, same_topic: bool = False) -> None:
    for i, a in enumerate(rules):
        for b in rules[i + 1:]:
            if same_topic and getattr(a, "topic", None) != getattr(b, "topic", None):
                continue
            if _share_field(a, b) and overlaps(a.effective_from, a.effective_to, b.effective_from, b.effective_to):
                raise jr.fail(label, f"{a.effective_from.isoformat()} 起与 {b.effective_from.isoformat()} "
                                     "起的两条规定适用于同一领域且生效期间重叠，请设定失效日期")


def _pick(rules: Sequence[R], field_name: str, on: date) -> R | None:
    """The rule in force on `on` for the field itself, else the one for every field."""
    live = [r for r in rules if r.in_force(on) and r.covers_field(field_name)]
    own = [r for r in live if _fields_of(r)]
    chosen = own or live
    return chosen[0] if chosen else None


@dataclass(frozen=True)
class OfficeRules:
    sector_rules: tuple[SectorRule, ...] = ()
    hearing_thresholds: tuple[HearingThreshold, ...] = ()
    review_catalogues: tuple[ReviewCatalogue, ...] = ()
    backlog_days: int = DEFAULT_BACKLOG_DAYS  # 历史积案：立案后超过此日数仍未决定或结案

    def __post_init__(self) -> None:
        if not 1 <= self.backlog_days <= MAX_DAYS:
            raise jr.fail("历史积案标准", f"日数应在 1～{MAX_DAYS} 之间")
        _refuse_overlaps(self.sector_rules, "规章期限", same_topic=True)
        _refuse_overlaps(self.hearing_thresholds, "较大数额标准")
        _refuse_overlaps(self.review_catalogues, "法制审核目录清单")

    def sector_rule(self, topic: str, field_name: str, on: date) -> SectorRule | None:
        """The sector rule on `topic` for the field in force on `on`."""
        return _pick([r for r in self.sector_rules if r.topic == topic], field_name, on)

    def sector_rules_for(self, topic: str, field_name: str) -> list[SectorRule]:
        """Every sector rule on `topic` covering the field, whatever its dates (a check picks the one
        in force on the day its step fell due)."""
        return [r for r in self.sector_rules if r.topic == topic and r.covers_field(field_name)]

    def hearing_threshold(self, field_name: str, on: date) -> HearingThreshold | None:
        return _pick(self.hearing_thresholds, field_name, on)

    def catalogue(self, field_name: str, on: date) -> ReviewCatalogue | None:
        return _pick(self.review_catalogues, field_name, on)

    def to_json(self) -> dict[str, object]:
        return {"version": FORMAT_VERSION, "backlog_days": self.backlog_days,
                "sector_rules": [r.to_json() for r in self.sector_rules],
                "hearing_thresholds": [t.to_json() for t in self.hearing_thresholds],
                "review_catalogues": [c.to_json() for c in self.review_catalogues]}

    @classmethod
    def from_json(cls, value: object) -> OfficeRules:
        doc = jr.as_object(value, "本单位规则")
        version = jr.whole(doc, "version", "本单位规则", required=False, minimum=1)
        if version is not None and version > FORMAT_VERSION:
            raise jr.fail("本单位规则", f"格式版本 {version} 高于本程序支持的版本 {FORMAT_VERSION}，请升级程序")
        sector = tuple(SectorRule.from_json(v, f"规章期限第{i + 1}条")
                       for i, v in enumerate(jr.as_list(doc.get("sector_rules"), "规章期限")))
        thresholds = tuple(HearingThreshold.from_json(v, f"较大数额标准第{i + 1}条")
                           for i, v in enumerate(jr.as_list(doc.get("hearing_thresholds"), "较大数额标准")))
        catalogues = tuple(ReviewCatalogue.from_json(v, f"法制审核目录清单第{i + 1}条")
                           for i, v in enumerate(jr.as_list(doc.get("review_catalogues"), "法制审核目录清单")))
        backlog = jr.whole(doc, "backlog_days", "历史积案标准", required=False, minimum=1, maximum=MAX_DAYS)
        return cls(sector, thresholds, catalogues, backlog if backlog is not None else DEFAULT_BACKLOG_DAYS)


__all__ = ["SECTOR_TOPICS", "OfficeRules"]
