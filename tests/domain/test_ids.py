"""ID numbers and 统一社会信用代码: text normalisation, the number-cell error, check digits."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain.errors import ValueParseError
from app.domain.ids import NUMBER_CELL_REASON, check_id, normalise_id_text

VALID_ID = "11010519491231002X"
VALID_CREDIT = "91350100M000100Y43"

# --- independent test-side check-digit rules, written from the standards -------------------


def gb11643_check(first17: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643: W_i = 2^(i-1) mod 11, i = 18..2
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def gb32100_check(first17: str) -> str:
    weights = [3**i % 31 for i in range(17)]  # GB 32100: W_i = 3^(i-1) mod 31
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, weights, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def test_test_side_rules_on_known_numbers() -> None:
    assert [2 ** (17 - i) % 11 for i in range(17)] == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert [3**i % 31 for i in range(17)] == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert gb11643_check(VALID_ID[:17]) == VALID_ID[17]
    assert gb32100_check(VALID_CREDIT[:17]) == VALID_CREDIT[17]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        (VALID_ID, VALID_ID),
        ("11010519491231002x", VALID_ID),
        (" 110105 19491231 002x\n", VALID_ID),
        ("１１０１０５１９４９１２３１００２Ｘ", VALID_ID),
        ("'11010519491231002X", VALID_ID),
        ("91350100m000100y43", VALID_CREDIT),
        (12345, "12345"),
        (12345.0, "12345"),
        (10**13, "10000000000000"),  # 14 digits: Excel keeps them all
    ],
)
def test_normalise_examples(value: object, text: str) -> None:
    assert normalise_id_text(value) == text


@pytest.mark.parametrize(
    "value",
    [110105194912310020, 1.1010519491231002e17, 110105491231002, 10**14, 110105194912310020.0, "1.10105E+17"],
)
def test_id_stored_as_number_is_rejected(value: object) -> None:
    with pytest.raises(ValueParseError) as info:
        normalise_id_text(value)
    assert info.value.reason == NUMBER_CELL_REASON


@pytest.mark.parametrize("value", [True, 12.5, -5, float("nan")])
def test_other_bad_cells(value: object) -> None:
    with pytest.raises(ValueParseError):
        normalise_id_text(value)


@pytest.mark.parametrize(
    ("text", "warning_part"),
    [
        ("", None),
        (VALID_ID, None),
        ("11010519491231002x", None),
        (VALID_CREDIT, None),
        ("110105194912310021", "身份证号码校验位不对"),
        ("91350100M000100Y44", "统一社会信用代码校验位不对"),
        ("9135010OM000100Y43", "不允许的字符「O」"),  # letter O for zero
        ("110105491231002", "15位旧身份证号"),
        ("1101051949123100", "证件号码长度不对"),
        ("ABC", "证件号码长度不对"),
        ("1101051949123100211", "证件号码长度不对"),
        ("110105194913310021", "既不是有效的身份证号"),  # month 13, and not a credit code either
        ("1.10105E+17", "证件号码长度不对"),  # a check warns, it does not raise
    ],
)
def test_check_examples(text: str, warning_part: str | None) -> None:
    warning = check_id(text)
    if warning_part is None:
        assert warning is None
    else:
        assert warning is not None and warning_part in warning


ids = st.builds(
    lambda region, born, seq: f"{region}{born:%Y%m%d}{seq:03d}",
    st.integers(110000, 659999),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    st.integers(0, 999),
)


@given(ids, st.sampled_from("0123456789X"))
def test_generated_id_passes_and_a_wrong_check_char_warns(first17: str, other: str) -> None:
    good = first17 + gb11643_check(first17)
    assert check_id(good) is None
    assert check_id(good.lower()) is None
    assume(other != good[17])
    warning = check_id(first17 + other)
    assert warning is not None and "校验位" in warning


credit_bodies = st.text(alphabet=CREDIT_CHARSET, min_size=17, max_size=17)


@given(credit_bodies, st.sampled_from(CREDIT_CHARSET))
def test_generated_credit_code_passes_and_a_wrong_check_char_warns(first17: str, other: str) -> None:
    assume(not first17.isdigit())  # all-digit bodies may read as ID numbers; covered above
    good = first17 + gb32100_check(first17)
    assert check_id(good) is None
    assume(other != good[17])
    warning = check_id(first17 + other)
    assert warning is not None and "校验位" in warning
