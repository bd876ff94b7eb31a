"""Money parsing: every example from the brief and DOMAIN §5, the errors, and round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.amounts import format_fen, parse_amount_fen
from app.domain.errors import ValueParseError

MAX_TEST_FEN = 10**11  # 10 亿元


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("\u3000\n", None),
        (5000, 500000),
        (0, 0),
        (5000.0, 500000),
        (0.1, 10),
        (1234.56, 123456),
        (0.29, 29),  # 0.29 * 100 = 28.999999999999996
        (0.1 + 0.2, 30),  # 0.30000000000000004: a formula result, still a whole fen
        (Decimal("1234.56"), 123456),
        (Decimal("5000"), 500000),
        ("5000", 500000),
        ("5000.0", 500000),
        ("5000.", 500000),
        (".5", 50),
        ("5000.10", 500010),
        ("5000.000000000000000000000000000", 500000),
        ("0" * 30 + "1", 100),
        ("5,000.00", 500000),
        ("1,234,567.89", 123456789),
        ("5000元", 500000),
        ("5000.00元整", 500000),
        ("￥5,000", 500000),
        ("¥5000", 500000),
        ("RMB 5000", 500000),
        ("rmb5000", 500000),
        ("人民币5000元", 500000),
        (" 5 000 元 ", 500000),
        ("0.5万元", 500000),
        ("1.2万", 1200000),
        ("1.000001万", 1000001),
        ("3万元", 3000000),
        ("1.5亿元", 15000000000),
        ("５０００", 500000),
        ("５，０００．００元", 500000),
        ("￥５０００", 500000),
        ("伍仟元整", 500000),
        ("人民币壹万贰仟叁佰肆拾伍元陆角柒分", 1234567),
        ("壹佰元零伍分", 10005),
        ("拾元", 1000),
        ("拾伍元", 1500),
        ("壹拾伍元", 1500),
        ("贰拾万元整", 20000000),
        ("壹亿元", 10000000000),
        ("壹亿零伍元", 10000000500),
        ("壹拾万零伍元", 10000500),
        ("壹万亿元", 100000000000000),
        ("叁仟零伍拾元", 305000),
        ("伍角", 50),
        ("伍分", 5),
        ("零元整", 0),
        ("陆元伍角整", 650),
        ("陆元零伍分", 605),
        ("五千元", 500000),
        ("一万二千三百四十五元六角七分", 1234567),
        ("两千元", 200000),
        ("十元", 1000),
        ("人民币（大写）伍仟元整", 500000),
    ],
)
def test_examples(value: object, fen: int | None) -> None:
    assert parse_amount_fen(value) == fen


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        (1.234, "只能精确到分"),
        ("1.234", "只能精确到分"),
        ("5000.105", "只能精确到分"),
        ("5000.000000000000000000000000001", "只能精确到分"),  # beyond Decimal's default 28 digits
        ("1.0000001万", "只能精确到分"),
        ("1.00000000000000000000000000001万", "只能精确到分"),
        (Decimal("0.001"), "只能精确到分"),
        (-5, "负数"),
        (-0.5, "负数"),
        ("-5000", "负数"),
        ("－５０００", "负数"),
        (Decimal("-1"), "负数"),
        (True, "是/否"),
        (False, "是/否"),
        ("abc", "无法识别的金额「abc」"),
        ("50,00", "无法识别"),  # a decimal comma or a typo: not guessed
        ("5,0000", "无法识别"),
        ("5000美元", "无法识别"),
        ("元", "无法识别"),
        ("整", "无法识别"),
        ("伍伍元", "无法识别"),  # two digits with no unit between them
        ("壹佰壹仟元", "无法识别"),  # units must fall
        ("壹佰伍元", "无法识别"),  # colloquially 150, formally 105: refused
        ("伍仟元伍", "无法识别"),
        ("万元", "无法识别"),
        (float("nan"), "无法识别"),
        (float("inf"), "无法识别"),
        (Decimal("NaN"), "无法识别"),
        ([5000], "无法识别"),
        (10**20, "不合理"),
        ("1" + "0" * 20, "不合理"),
        ("1" * 5000, "不合理"),  # beyond Python's int-from-str digit limit: still our error
    ],
)
def test_errors(value: object, reason_part: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_amount_fen(value)
    assert reason_part in info.value.reason
    assert isinstance(info.value, ValueError)


def test_int_too_long_to_print() -> None:
    with pytest.raises(ValueParseError, match="不合理"):
        parse_amount_fen(10**5000)


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (None, ""),
        (0, "0.00"),
        (5, "0.05"),
        (500000, "5,000.00"),
        (123456789, "1,234,567.89"),
        (-150, "-1.50"),
    ],
)
def test_format_fen(fen: int | None, text: str) -> None:
    assert format_fen(fen) == text


# --- a test-side renderer of amounts in upper-case Chinese (大写), written from the rules -----
DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _section(n: int) -> str:
    """0 < n < 10000; one 零 for any run of zeros between non-zero digits."""
    out, zero = "", False
    for unit, name in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        d = n // unit % 10
        if d == 0:
            zero = zero or bool(out)
        else:
            out += ("零" if zero else "") + DIGITS[d] + name
            zero = False
    return out


def render_upper(fen: int, short_ten: bool = False) -> str:
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    if yuan == 0:
        out = "零"
    else:
        out, gap = "", False
        yi, rest = divmod(yuan, 10**8)
        wan, ones = divmod(rest, 10**4)
        for val, unit in ((yi, "亿"), (wan, "万"), (ones, "")):
            if val == 0:
                gap = gap or bool(out)
                continue
            if out and (gap or val < 1000):
                out += "零"
            out += _section(val) + unit
            gap = False
        if short_ten and out.startswith("壹拾"):
            out = out[1:]  # 拾万元 for 壹拾万元: both are written
    out += "元"
    if cents == 0:
        return out + "整"
    out += DIGITS[jiao] + "角" if jiao else "零"
    return out + (DIGITS[fen_digit] + "分" if fen_digit else "整")


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
        (10005, "壹佰元零伍分"),
        (10000500, "壹拾万零伍元整"),
        (10000000500, "壹亿零伍元整"),
        (305000, "叁仟零伍拾元整"),
        (650, "陆元伍角整"),
        (0, "零元整"),
    ],
)
def test_renderer_itself(fen: int, text: str) -> None:
    """The test-side renderer is checked against hand-written amounts before it is trusted."""
    assert render_upper(fen) == text


fens = st.integers(min_value=0, max_value=MAX_TEST_FEN)
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(fens)
def test_round_trip_format_fen(f: int) -> None:
    assert parse_amount_fen(format_fen(f)) == f


@given(fens)
def test_round_trip_two_decimals(f: int) -> None:
    assert parse_amount_fen("%.2f" % (f / 100)) == f
    assert parse_amount_fen(f"{f // 100}.{f % 100:02d}元") == f


@given(fens)
def test_round_trip_float_cell(f: int) -> None:
    """A spreadsheet number cell holds the double nearest to the amount in yuan."""
    assert parse_amount_fen(f / 100) == f


@given(fens)
def test_round_trip_full_width(f: int) -> None:
    assert parse_amount_fen(format_fen(f).translate(FULL_WIDTH)) == f
    assert parse_amount_fen("￥" + format_fen(f).translate(FULL_WIDTH) + "元") == f


@given(fens, st.booleans(), st.booleans())
def test_round_trip_upper_case(f: int, short_ten: bool, prefix: bool) -> None:
    text = ("人民币" if prefix else "") + render_upper(f, short_ten)
    assert parse_amount_fen(text) == f


@given(fens)
def test_whole_yuan_int_and_string(f: int) -> None:
    yuan = f // 100
    assert parse_amount_fen(yuan) == yuan * 100
    assert parse_amount_fen(str(yuan)) == yuan * 100
