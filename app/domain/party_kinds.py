"""The party's kind as the 双公示 standard names it (行政相对人类别): the one reading of that cell.

The 2021 layout writes exactly 法人及非法人组织 / 自然人 / 个体工商户; older templates and local
registers write 法人, 其他组织, 个人 or 个体户. Each is read as one of the three standard words and
stored so; anything else is refused rather than guessed, because publication masks a 自然人's name
and not an organisation's.
"""

from __future__ import annotations

from typing import Any

from app.domain.errors import ValueParseError
from app.domain.text import squeeze

ORGANISATION = "法人及非法人组织"
PERSON = "自然人"
INDIVIDUAL_BUSINESS = "个体工商户"
PARTY_KINDS = (ORGANISATION, PERSON, INDIVIDUAL_BUSINESS)

_WORDS = {
    **dict.fromkeys(("法人及非法人组织", "法人及其他组织", "法人和非法人组织", "法人", "法人组织", "非法人组织",
                     "其他组织", "单位", "企业", "组织"), ORGANISATION),
    **dict.fromkeys(("自然人", "个人", "公民"), PERSON),
    **dict.fromkeys(("个体工商户", "个体户", "个体"), INDIVIDUAL_BUSINESS),
}


def parse_party_kind(raw: Any) -> str:
    """One of PARTY_KINDS, or "" for a blank cell. Raises ValueParseError for another word."""
    if raw is None:
        return ""
    word = squeeze(str(raw)).strip("*")
    if not word:
        return ""
    try:
        return _WORDS[word]
    except KeyError:
        raise ValueParseError(f"当事人类别应为 {'/'.join(PARTY_KINDS)} 之一，而不是「{word}」") from None
