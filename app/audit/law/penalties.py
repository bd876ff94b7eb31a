"""Penalty kinds and party kinds as the checks compare them.

Registers write penalties as free text ("罚款5000元，没收违法所得", "吊销营业执照"); the checks
need the kinds named by the law (2021 第九条). `kinds_in` finds them by keyword, so the hearing
scope, the legal-review catalogue and the office's settings all speak the same vocabulary.
"""

from __future__ import annotations

from typing import Literal

WARNING = "警告"
CRITICISM = "通报批评"
FINE = "罚款"
CONFISCATE_GAINS = "没收违法所得"
CONFISCATE_PROPERTY = "没收非法财物"
SUSPEND_LICENCE = "暂扣许可证件"
DOWNGRADE = "降低资质等级"
REVOKE_LICENCE = "吊销许可证件"
LIMIT_BUSINESS = "限制开展生产经营活动"
STOP_BUSINESS = "责令停产停业"
CLOSE = "责令关闭"
BAR_PRACTICE = "限制从业"
DETENTION = "行政拘留"
NO_PENALTY = "不予行政处罚"

KINDS: tuple[str, ...] = (WARNING, CRITICISM, FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY, SUSPEND_LICENCE,
                          DOWNGRADE, REVOKE_LICENCE, LIMIT_BUSINESS, STOP_BUSINESS, CLOSE, BAR_PRACTICE,
                          DETENTION)

# Keyword → kind. "吊销" covers 吊销许可证 / 吊销执照 / 吊销营业执照 (2017 wording) and 吊销许可证件
# (2021); "暂扣" likewise. Checked in this order; a text may hold several kinds.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("吊销", REVOKE_LICENCE), ("暂扣", SUSPEND_LICENCE), ("降低资质", DOWNGRADE),
    ("停产停业", STOP_BUSINESS), ("责令关闭", CLOSE), ("限制从业", BAR_PRACTICE),
    ("限制开展生产经营", LIMIT_BUSINESS), ("没收违法所得", CONFISCATE_GAINS),
    ("没收非法财物", CONFISCATE_PROPERTY), ("罚款", FINE), ("警告", WARNING), ("通报批评", CRITICISM),
    ("拘留", DETENTION),
)
_NO_PENALTY_WORDS = ("不予处罚", "不予行政处罚", "免予处罚", "免予行政处罚")

PartyKind = Literal["person", "organisation"]
PARTY_KINDS: tuple[PartyKind, ...] = ("person", "organisation")
PARTY_KIND_LABELS: dict[PartyKind, str] = {"person": "公民", "organisation": "法人或者其他组织"}


_KINDS_OF_TEXT: dict[str, frozenset[str]] = {}  # a register repeats a few penalty texts over all its cases


def kinds_in(text: str) -> frozenset[str]:
    """The penalty kinds a free-text penalty names; 不予处罚 names none (each text read once)."""
    hit = _KINDS_OF_TEXT.get(text)
    if hit is None:
        hit = _read_kinds(text)
        if len(_KINDS_OF_TEXT) < 50_000:
            _KINDS_OF_TEXT[text] = hit
    return hit


def _read_kinds(text: str) -> frozenset[str]:
    t = "".join(text.split())
    if any(w in t for w in _NO_PENALTY_WORDS):
        return frozenset()
    return frozenset(kind for word, kind in _KEYWORDS if word in t)


def kinds_of(texts: tuple[str, ...]) -> frozenset[str]:
    if len(texts) == 1:  # the audit's case: one penalty text
        return kinds_in(texts[0])
    out: set[str] = set()
    for t in texts:
        out |= kinds_in(t)
    return frozenset(out)


def keywords_for(kinds: frozenset[str]) -> tuple[str, ...]:
    """The words by which `kinds_in` finds these kinds in a text (for a set-based prefilter)."""
    return tuple(word for word, kind in _KEYWORDS if kind in kinds)


def canonical_kind(text: str) -> str | None:
    """The one kind a setting names ("吊销许可证" → 吊销许可证件), or None if it names none or two."""
    found = kinds_in(text)
    return next(iter(found)) if len(found) == 1 else None


def party_kind_from_text(text: str) -> PartyKind | None:
    """双公示 行政相对人类别 and register wording → person / organisation. A 个体工商户 is counted
    with persons: the thresholds speak of 公民 versus 法人或者其他组织, and local rules that set
    较大数额 generally treat the 个体工商户 as the natural person who runs it."""
    t = "".join(text.split())
    if not t:
        return None
    if any(w in t for w in ("自然人", "个人", "公民", "个体")):
        return "person"
    if any(w in t for w in ("法人", "组织", "单位", "企业", "公司")):
        return "organisation"
    return None
