"""Header, name and cell text normalisation."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import clean_text, normalise_header, normalise_name


@pytest.mark.parametrize(
    ("cell", "header"),
    [
        ("罚款金额（元）", "罚款金额"),
        ("罚款金额(元)", "罚款金额"),
        ("罚款金额[元]", "罚款金额"),
        ("罚款金额【元】", "罚款金额"),
        ("罚款金额［元］", "罚款金额"),
        (" 罚 款\n金额\r\n（元）* ", "罚款金额"),
        ("\u3000案\u3000号\u3000", "案号"),
        ("案号：", "案号"),
        ("案号:", "案号"),
        ("*案号", "案号"),
        ("案号*", "案号"),
        ("案号*：", "案号"),
        ("被处罚单位（人）", "被处罚单位"),
        ("决定日期(yyyy-mm-dd)", "决定日期"),
        ("处罚人数（人）", "处罚人数"),
        ("金额（（含）元）", "金额"),  # nested brackets
        ("ＩＤ号", "ID号"),
        (None, ""),
        ("", ""),
        (2019, "2019"),
    ],
)
def test_normalise_header(cell: object, header: str) -> None:
    assert normalise_header(cell) == header


def test_header_and_synonym_meet() -> None:
    """A synonym written in the registry and a header cell typed in a unit's sheet."""
    assert normalise_header("被处罚单位（人）") == normalise_header("被处罚单位 (人)\n")
    assert normalise_header("罚没款金额（元）") == normalise_header("罚没款金额")


@given(st.text())
def test_header_is_idempotent(text: str) -> None:
    once = normalise_header(text)
    assert normalise_header(once) == once


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("ＡＢＣ公司 ", "ABC公司"),
        ("张 三", "张三"),
        ("\u3000张三\n", "张三"),
        ("某某（有限合伙）", "某某(有限合伙)"),
        ("張三", "張三"),  # traditional and simplified are not unified
        (None, ""),
    ],
)
def test_normalise_name(value: object, name: str) -> None:
    assert normalise_name(value) == name


def test_names_compare_across_width_and_spaces() -> None:
    assert normalise_name("ＡＢＣ公司 ") == normalise_name("ABC 公司")
    assert normalise_name("张三") != normalise_name("張三")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  x  ", "x"),
        ("\ufeff案号", "案号"),
        ("\u3000甲\u3000", "甲"),
        (123, "123"),
        (-7, "-7"),
        (123.0, "123"),
        (1.5, "1.5"),
        (0.1, "0.1"),
        (1234.56, "1234.56"),
        (1e-05, "0.00001"),
        (1.25e20, "125000000000000000000"),
        (Decimal("1.500"), "1.5"),
        (Decimal("100"), "100"),
        (date(2019, 3, 5), "2019-03-05"),
        (datetime(2019, 3, 5), "2019-03-05"),
        (datetime(2019, 3, 5, 14, 30), "2019-03-05 14:30:00"),
        (time(14, 30), "14:30:00"),
        (True, "是"),
        (False, "否"),
    ],
)
def test_clean_text(value: object, text: str) -> None:
    assert clean_text(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_clean_text_of_a_float_reads_back(x: float) -> None:
    text = clean_text(x)
    assert float(text) == x
    assert "e" not in text and not text.endswith(".0")
