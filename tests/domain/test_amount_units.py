"""Amounts in a stated unit (万元 / 千元 / 元): exact decimal arithmetic, a cell's own unit wins."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.amount_units import FEN_PER_UNIT, parse_amount_in_unit
from app.domain.errors import ValueParseError


@pytest.mark.parametrize(("value", "unit", "fen"), [
    (0.5, "万元", 500_000),
    (0.005, "万元", 5_000),
    (0.1 + 0.2, "万元", 300_000),  # a formula's double: the whole fen within its rounding error
    (Decimal("0.000001"), "万元", 1),
    (7, "千元", 700_000),
    ("１．５", "千元", 150_000),  # full-width digits
    ("¥1,000", "万元", 1_000_000_000),
    ("5000元", "万元", 500_000),
    ("0.5万元", "千元", 500_000),
    ("", "万元", None),
    (None, "万元", None),
    (12.34, "元", 1_234),
    (12.34, None, 1_234),
])
def test_examples(value: object, unit: str | None, fen: int | None) -> None:
    assert parse_amount_in_unit(value, unit) == fen


@pytest.mark.parametrize(("value", "words"), [
    ("0.0000001", "只能精确到分"),
    (-0.5, "负数"),
    ("-0.5", "负数"),
    ("12,34", "无法识别"),
    (True, "是/否"),
    ("1e9999", "无法识别"),
    (10**10, "大得不合理"),
])
def test_refusals_say_why(value: object, words: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_amount_in_unit(value, "万元")
    assert words in info.value.reason


@given(fen=st.integers(0, 10**14), unit=st.sampled_from(sorted(FEN_PER_UNIT)))
def test_the_written_number_gives_back_its_fen(fen: int, unit: str) -> None:
    value = Decimal(fen) / FEN_PER_UNIT[unit]
    assert parse_amount_in_unit(format(value, "f"), unit) == fen
    if fen < 10**12:  # within a double's exact digits
        assert parse_amount_in_unit(float(value), unit) == fen
