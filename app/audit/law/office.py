"""The office's own rules, as typed data: what the statute leaves to 规章 and to local settings.

- `SectorRule`: a sector rule (规章另有规定) that sets a period for a field — e.g. a decision
  period of 60 days for 水利 cases from a given date — cited as the office writes it.
- `HearingThreshold`: the local 较大数额 above which a fine (or, under the 2021 text, a
  confiscation) is open to a hearing, for persons and for organisations.
- `ReviewCatalogue`: the 法制审核目录清单 that makes a decision 重大 (major).

They are stored in the store's settings table and travel in packages, so each has
`to_json`/`from_json`; a bad document raises ValidationError with a Chinese message. Every rule
has effective dates: the office's rules change too, and a campaign audits years of decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.audit.law import jsonread as jr
from app.audit.law.penalties import KINDS, PartyKind, canonical_kind
from app.audit.law.periods import DAY_KINDS, DayKind
from app.audit.law.provisions import DECISION_PERIOD, SERVICE

SECTOR_TOPICS: dict[str, str] = {DECISION_PERIOD: "办案期限", SERVICE: "送达期限"}
DEFAULT_BACKLOG_DAYS = 365  # 历史积案：立案后一年仍未决定、未结案
MAX_DAYS = 3650
_TOPIC_CHOICES = "、".join(f"{k}（{v}）" for k, v in SECTOR_TOPICS.items())


def same_field(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _covers(first: date, last: date | None, d: date) -> bool:
    return first <= d and (last is None or d <= last)


def overlaps(a_first: date, a_last: date | None, b_first: date, b_last: date | None) -> bool:
    return (a_last is None or b_first <= a_last) and (b_last is None or a_first <= b_last)


def _check_dates(first: date, last: date | None, where: str) -> None:
    if last is not None and last < first:
        raise jr.fail(where, "失效日期早于生效日期")


@dataclass(frozen=True)
class SectorRule:
    """A period a sector rule sets for one field ("" = every field), in force between two dates."""

    topic: str
    field: str
    period: int
    day_kind: DayKind
    effective_from: date
    citation: str  # "《水行政处罚实施办法》第三十条"
    effective_to: date | None = None

    def __post_init__(self) -> None:
        if self.topic not in SECTOR_TOPICS:
            raise jr.fail("规章期限", f"事项「{self.topic}」不能由规章另行规定（可选：{_TOPIC_CHOICES}）")
        where = f"规章期限「{self.citation or SECTOR_TOPICS[self.topic]}」"
        if not self.citation.strip():
            raise jr.fail(where, "须写明规章名称和条文（引用依据）")
        if self.day_kind not in DAY_KINDS:
            raise jr.fail(where, "计日方式应为 calendar（自然日）或 working（工作日）")
        if not 1 <= self.period <= MAX_DAYS:
            raise jr.fail(where, f"期限应在 1～{MAX_DAYS} 日之间")
        _check_dates(self.effective_from, self.effective_to, where)

    def in_force(self, d: date) -> bool:
        return _covers(self.effective_from, self.effective_to, d)

    def covers_field(self, field: str) -> bool:
        return not self.field or same_field(self.field, field)

    def to_json(self) -> dict[str, object]:
        return {"topic": self.topic, "field": self.field, "period": self.period, "day_kind": self.day_kind,
                "effective_from": jr.iso(self.effective_from), "effective_to": jr.iso(self.effective_to),
                "citation": self.citation}

    @classmethod
    def from_json(cls, value: object, where: str = "规章期限") -> SectorRule:
        doc = jr.as_object(value, where)
        kind = jr.text(doc, "day_kind", where) or "calendar"
        if kind not in DAY_KINDS:
            raise jr.fail(where, "「day_kind」应为 calendar（自然日）或 working（工作日）")
        day_kind: DayKind = "working" if kind == "working" else "calendar"
        period = jr.whole(doc, "period", where, minimum=1, maximum=MAX_DAYS)
        first = jr.day(doc, "effective_from", where)
        assert period is not None and first is not None
        return jr.build(where, lambda: cls(
            jr.text(doc, "topic", where, required=True), jr.text(doc, "field", where), period, day_kind, first,
            jr.text(doc, "citation", where, required=True), jr.day(doc, "effective_to", where, False)))


@dataclass(frozen=True)
class HearingThreshold:
    """较大数额 for hearings: a fine at or above the amount (以上 includes the amount) is open to a
    hearing; confiscations use their own amounts where the office set them, else the same."""

    person_fen: int
    organisation_fen: int
    effective_from: date
    citation: str = ""
    field: str = ""
    effective_to: date | None = None
    confiscation_person_fen: int | None = None
    confiscation_organisation_fen: int | None = None

    def __post_init__(self) -> None:
        where = f"较大数额标准（{self.field or '全部领域'}，{self.effective_from.isoformat()}起）"
        amounts = (self.person_fen, self.organisation_fen, self.confiscation_person_fen,
                   self.confiscation_organisation_fen)
        if any(a is not None and a <= 0 for a in amounts):
            raise jr.fail(where, "金额应大于零")
        _check_dates(self.effective_from, self.effective_to, where)

    def in_force(self, d: date) -> bool:
        return _covers(self.effective_from, self.effective_to, d)

    def covers_field(self, field: str) -> bool:
        return not self.field or same_field(self.field, field)

    def fine_limit(self, party: PartyKind) -> int:
        return self.person_fen if party == "person" else self.organisation_fen

    def confiscation_limit(self, party: PartyKind) -> int:
        own = self.confiscation_person_fen if party == "person" else self.confiscation_organisation_fen
        return own if own is not None else self.fine_limit(party)

    def to_json(self) -> dict[str, object]:
        return {"person_fen": self.person_fen, "organisation_fen": self.organisation_fen,
                "effective_from": jr.iso(self.effective_from), "effective_to": jr.iso(self.effective_to),
                "citation": self.citation, "field": self.field,
                "confiscation_person_fen": self.confiscation_person_fen,
                "confiscation_organisation_fen": self.confiscation_organisation_fen}

    @classmethod
    def from_json(cls, value: object, where: str = "较大数额标准") -> HearingThreshold:
        doc = jr.as_object(value, where)
        person = jr.whole(doc, "person_fen", where, minimum=1)
        org = jr.whole(doc, "organisation_fen", where, minimum=1)
        first = jr.day(doc, "effective_from", where)
        assert person is not None and org is not None and first is not None
        return jr.build(where, lambda: cls(
            person, org, first, jr.text(doc, "citation", where), jr.text(doc, "field", where),
            jr.day(doc, "effective_to", where, False),
            jr.whole(doc, "confiscation_person_fen", where, required=False, minimum=1),
            jr.whole(doc, "confiscation_organisation_fen", where, required=False, minimum=1)))


@dataclass(frozen=True)
class ReviewCatalogue:
    """法制审核目录清单: a decision is major when it imposes a listed kind, a fine at or above the
    amount for its party kind, or (if listed) follows a hearing — in a listed field ("" = all)."""

    effective_from: date
    penalty_kinds: tuple[str, ...] = ()  # canonical kinds (penalties.KINDS)
    fine_person_fen: int | None = None
    fine_organisation_fen: int | None = None
    after_hearing: bool = False
    fields: tuple[str, ...] = ()
    citation: str = ""
    effective_to: date | None = None

    def __post_init__(self) -> None:
        where = f"法制审核目录清单（{self.effective_from.isoformat()}起）"
        unknown = [k for k in self.penalty_kinds if k not in KINDS]
        if unknown:
            raise jr.fail(where, f"处罚种类「{unknown[0]}」不是规范名称（可用：{'、'.join(KINDS)}）")
        if any(a is not None and a <= 0 for a in (self.fine_person_fen, self.fine_organisation_fen)):
            raise jr.fail(where, "金额应大于零")
        if not (self.penalty_kinds or self.fine_person_fen or self.fine_organisation_fen or self.after_hearing):
            raise jr.fail(where, "未列出任何重大执法决定情形")
        _check_dates(self.effective_from, self.effective_to, where)

    def in_force(self, d: date) -> bool:
        return _covers(self.effective_from, self.effective_to, d)

    def covers_field(self, field: str) -> bool:
        return not self.fields or any(same_field(f, field) for f in self.fields)

    def fine_limit(self, party: PartyKind) -> int | None:
        return self.fine_person_fen if party == "person" else self.fine_organisation_fen

    def to_json(self) -> dict[str, object]:
        return {"effective_from": jr.iso(self.effective_from), "effective_to": jr.iso(self.effective_to),
                "penalty_kinds": list(self.penalty_kinds), "fine_person_fen": self.fine_person_fen,
                "fine_organisation_fen": self.fine_organisation_fen, "after_hearing": self.after_hearing,
                "fields": list(self.fields), "citation": self.citation}

    @classmethod
    def from_json(cls, value: object, where: str = "法制审核目录清单") -> ReviewCatalogue:
        doc = jr.as_object(value, where)
        kinds = []
        for written in jr.texts(doc, "penalty_kinds", where):
            kind = canonical_kind(written)
            if kind is None:
                raise jr.fail(where, f"处罚种类「{written}」无法识别（可用：{'、'.join(KINDS)}）")
            kinds.append(kind)
        first = jr.day(doc, "effective_from", where)
        assert first is not None
        return jr.build(where, lambda: cls(
            first, tuple(dict.fromkeys(kinds)),
            jr.whole(doc, "fine_person_fen", where, required=False, minimum=1),
            jr.whole(doc, "fine_organisation_fen", where, required=False, minimum=1),
            jr.flag(doc, "after_hearing", where), jr.texts(doc, "fields", where),
            jr.text(doc, "citation", where), jr.day(doc, "effective_to", where, False)))
