"""The 双公示 行政相对人类别 read as one of its three standard words."""

from __future__ import annotations

import pytest

from app.domain.errors import ValueParseError
from app.domain.party_kinds import INDIVIDUAL_BUSINESS, ORGANISATION, PERSON, parse_party_kind


@pytest.mark.parametrize(("raw", "kind"), [
    ("法人及非法人组织", ORGANISATION), ("法人", ORGANISATION), ("其他组织", ORGANISATION), (" 法人 ", ORGANISATION),
    ("自然人", PERSON), ("个人", PERSON), ("个体工商户", INDIVIDUAL_BUSINESS), ("个体户", INDIVIDUAL_BUSINESS),
    ("", ""), (None, ""),
])
def test_words(raw: object, kind: str) -> None:
    assert parse_party_kind(raw) == kind


def test_another_word_is_refused_naming_the_three() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_party_kind("外星人")
    assert "法人及非法人组织/自然人/个体工商户" in info.value.reason and "外星人" in info.value.reason
