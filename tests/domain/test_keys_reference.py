"""The fast paths of `squeeze`, `normalise_case_no` and `normalise_receipt_no` give exactly what
their plain definitions give (NFKC + whitespace removal to a fixed point; year brackets through
`re.sub`; the serial as the last of all digit runs, given a 第 when it follows the year bracket
at once)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.numbers import normalise_case_no, normalise_receipt_no
from app.domain.text import normalise_header, squeeze

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_YEAR = re.compile(r"[\[(【〔〖〈《<]([0-9]{4})[\])】〕〗〉》>]")
_RUN = re.compile(r"[0-9]+")


def plain_squeeze(s: str) -> str:
    for _ in range(8):
        t = "".join(unicodedata.normalize("NFKC", s).split()).translate(_INVISIBLE)
        if t == s:
            break
        s = t
    return s


def plain_case_no(s: str) -> str:
    key = _YEAR.sub(r"〔\1〕", plain_squeeze(s))
    brackets = list(_YEAR.finditer(key))
    runs = list(_RUN.finditer(key, brackets[-1].end() if brackets else 0))
    if not runs:
        return key
    last = runs[-1]
    mark = "第" if brackets and last.start() == brackets[-1].end() else ""
    return key[: last.start()] + mark + (last.group().lstrip("0") or "0") + key[last.end():]


def plain_receipt_no(s: str) -> str:
    key = plain_squeeze(s)
    for _ in range(8):
        upper = plain_squeeze(key.upper())
        if upper == key:
            break
        key = upper
    return key


PIECES = [*"沈水罚字第号〔〕【】〖〗[]()（）［］﹝﹞〈〉《》<>＜＞〈〉0123456789０１２３４５６７８９-.ANOaıißﬁ①ⅷ´",
          " ", "\u3000", "\t", "\n", "\xa0", "\u200b", "\ufeff", "\u2060", "\u0301", "\u0308", "\u3164",
          "\u1100\u1161", "\x1c", "\u2028", "2019", "〔2019〕", "[2018]", "第00012号"]
texts = st.one_of(st.text(), st.lists(st.sampled_from(PIECES), max_size=14).map("".join))


@settings(max_examples=600)
@given(texts)
def test_fast_paths_equal_the_plain_definitions(text: str) -> None:
    assert squeeze(text) == plain_squeeze(text)
    assert normalise_case_no(text) == plain_case_no(text)
    assert normalise_receipt_no(text) == plain_receipt_no(text)


def test_examples_of_each_path() -> None:
    for text in ("沈水罚字〔2019〕第00012号", "沈水罚字[2019]第012号", "沈水罚字（2019]第0012号（2020）",
                 "X(2019)第(2020)", "沈水罚字2019第012号", "〔2019〕〔2020〕第7-012号", "", " a b ", "ＡＢ\u200b1"):
        assert normalise_case_no(text) == plain_case_no(text)
        assert normalise_receipt_no(text) == plain_receipt_no(text)
    assert normalise_case_no("1" * 5000 + "号" + "0" * 3) == plain_case_no("1" * 5000 + "号" + "0" * 3)
    assert normalise_header(" 罚 款\n金额\r\n（元）* ") == "罚款金额"
