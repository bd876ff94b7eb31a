"""Case-number and receipt-number keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.numbers import format_receipt_no, normalise_case_no, normalise_receipt_no, split_receipt_no


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("沈水罚字[2019]第012号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字〔2019〕第12号", "沈水罚字〔2019〕第12号"),
        # a serial straight after the year bracket takes the 第 (issue 11 point 8): one decision
        ("沈水罚字（2019）012号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字(2019)12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字〔2019〕12号", "沈水罚字〔2019〕第12号"),
        # angle and title brackets around the year, as some units type them
        ("沈水罚字〈2019〉第12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字\u23292019\u232a第12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字《2019》第012号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字<2019>12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字＜2019＞第12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字【2019】第12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字［2019］第12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字〖2019〗第12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字﹝2019﹞第12号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字[2019〕第12号", "沈水罚字〔2019〕第12号"),  # mixed pair
        ("沈水罚字（2019]第0012号", "沈水罚字〔2019〕第12号"),
        (" 沈水罚字 〔2019〕 第 12 号\n", "沈水罚字〔2019〕第12号"),
        ("沈水罚字\u3000〔２０１９〕第０１２号", "沈水罚字〔2019〕第12号"),
        ("沈水罚字〔2019〕第000号", "沈水罚字〔2019〕第0号"),
        ("沈水罚字〔2019〕第号", "沈水罚字〔2019〕第号"),  # no serial: the year is left alone
        ("沈水罚字〔2000〕第5号", "沈水罚字〔2000〕第5号"),  # the year's zeros are kept
        ("沈水罚字2019第012号", "沈水罚字2019第12号"),  # no bracket: last digit run
        ("沈水罚字2019", "沈水罚字2019"),
        ("沈水罚字〔2019〕第7-012号", "沈水罚字〔2019〕第7-12号"),
        ("", ""),
        ("   ", ""),
        ("\u200b", ""),
    ],
)
def test_case_no_examples(text: str, key: str) -> None:
    assert normalise_case_no(text) == key
    assert normalise_case_no(key) == key


def test_case_no_blank_and_non_text() -> None:
    assert normalise_case_no(None) == ""  # type: ignore[arg-type]
    assert normalise_case_no(12) == "12"  # type: ignore[arg-type]


OPEN = ["[", "(", "（", "【", "〔", "［", "〖", "〈", "《", "<", "＜"]
CLOSE = ["]", ")", "）", "】", "〕", "］", "〗", "〉", "》", ">", "＞"]
SPACES = ["", " ", "\u3000", "\t", "\n", "\xa0"]
FULL_WIDTH = str.maketrans("0123456789[]()", "０１２３４５６７８９［］（）")
prefixes = st.text(alphabet="沈水罚字城管市监辽政法决", min_size=1, max_size=6)


@given(
    prefix=prefixes,
    year=st.integers(1990, 2099),
    serial=st.integers(0, 99_999),
    di=st.sampled_from(["第", ""]),
    open_=st.sampled_from(OPEN),
    close=st.sampled_from(CLOSE),
    zeros=st.integers(0, 4),
    gaps=st.lists(st.sampled_from(SPACES), min_size=6, max_size=6),
    full_width=st.booleans(),
)
def test_case_no_variants_share_one_key(
    prefix: str,
    year: int,
    serial: int,
    di: str,
    open_: str,
    close: str,
    zeros: int,
    gaps: list[str],
    full_width: bool,
) -> None:
    canonical = f"{prefix}〔{year}〕第{serial}号"  # with or without 第: one key
    parts = [prefix, open_, str(year), close, di, "0" * zeros + str(serial), "号"]
    text = gaps[0] + "".join(p + g for p, g in zip(parts[:-1], gaps[1:] + [""], strict=True)) + parts[-1]
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert normalise_case_no(text) == canonical
    assert normalise_case_no(canonical) == canonical
    assert normalise_case_no(f"{prefix}〔{year}〕{di}{serial}号") == canonical


@given(st.text())
def test_case_no_never_raises_and_is_idempotent(text: str) -> None:
    key = normalise_case_no(text)
    assert normalise_case_no(key) == key
    assert not any(ch.isspace() for ch in key)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (None, ""),
        ("", ""),
        (123, "123"),
        (123.0, "123"),
        (12345678.0, "12345678"),
        (" no．００１２３４５ ", "NO.0012345"),
        ("A 0012", "A0012"),
        ("ab\u3000123", "AB123"),
        ("0012", "0012"),  # text keeps its zeros: the width is part of the series
    ],
)
def test_receipt_no_examples(value: object, key: str) -> None:
    assert normalise_receipt_no(value) == key


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("NO.0012345", ("NO.", 12345, 7)),
        ("0012345", ("", 12345, 7)),
        ("A2019-000", ("A2019-", 0, 3)),
        ("ABC", ("ABC", None, 0)),
        ("", ("", None, 0)),
        ("A123B", ("A123B", None, 0)),  # the number must end the key
        ("1" * 25, ("1" * 7, int("1" * 18), 18)),  # kept within SQLite's integer range
    ],
)
def test_split_receipt_no(key: str, parts: tuple[str, int | None, int]) -> None:
    assert split_receipt_no(key) == parts


def test_format_receipt_no() -> None:
    assert format_receipt_no("NO.", 12345, 7) == "NO.0012345"
    assert format_receipt_no("", 5, 1) == "5"


@given(
    series=st.text(alphabet="ABCNO.-/甲乙", max_size=5),
    number=st.integers(0, 10**12),
    extra=st.integers(0, 4),
)
def test_split_and_format_are_inverse(series: str, number: int, extra: int) -> None:
    width = len(str(number)) + extra
    key = format_receipt_no(series, number, width)
    assert split_receipt_no(key) == (series, number, width)


@given(st.text())
def test_receipt_no_is_idempotent(text: str) -> None:
    key = normalise_receipt_no(text)
    assert normalise_receipt_no(key) == key
