"""The officers cell: names with optional certificate numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValueParseError
from app.domain.officers_text import parse_officers

ZS, LS = "张三", "李四"


@pytest.mark.parametrize(
    ("value", "officers"),
    [
        ("张三(21010012345)、李四(21010012346)", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三（21010012345）、李四（21010012346）", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三[21010012345]，李四【21010012346】", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三 (21010012345) , 李四 (21010012346)", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三(21010012345);李四(21010012346)", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三(21010012345)；李四(21010012346)", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三(21010012345)/李四(21010012346)", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三(21010012345)\n李四(21010012346)", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三、李四", [(ZS, ""), (LS, "")]),
        ("张三 李四", [(ZS, ""), (LS, "")]),
        ("张三\n李四\n", [(ZS, ""), (LS, "")]),
        ("张三 21010012345", [(ZS, "21010012345")]),
        ("张三 21010012345、李四 21010012346", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三 21010012345 李四 21010012346", [(ZS, "21010012345"), (LS, "21010012346")]),
        ("张三21010012345、李四", [(ZS, "21010012345"), (LS, "")]),
        ("张三(21010012345)、李四", [(ZS, "21010012345"), (LS, "")]),
        ("张三（执法证号：21010012345）", [(ZS, "21010012345")]),
        ("张三(辽A-0012)", [(ZS, "辽A-0012")]),
        ("张三（２１０１００１２３４５）", [(ZS, "21010012345")]),
        ("张三()", [(ZS, "")]),
        ("张三、、李四", [(ZS, ""), (LS, "")]),
        ("", []),
        ("  ", []),
        (None, []),
        ("、", []),
    ],
)
def test_examples(value: object, officers: list[tuple[str, str]]) -> None:
    assert parse_officers(value) == officers


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("(123)", "没有姓名"),
        ("（123）", "没有姓名"),
        ("123", "没有姓名"),
        (21010012345, "没有姓名"),  # a number cell: a certificate and nobody's name
        ("张三、(123)", "没有姓名"),
        ("张三(1)(2)", "没有姓名"),
        ("张三 123 456", "没有姓名"),
        ("张三(123", "括号不成对"),
        ("张三)李四", "括号不成对"),
    ],
)
def test_errors(value: object, reason_part: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_officers(value)
    assert reason_part in info.value.reason


names = st.text(alphabet="张王李赵刘陈杨黄周吴三四五六明华", min_size=2, max_size=4)
certs = st.one_of(st.just(""), st.from_regex(r"[0-9]{6,12}", fullmatch=True))


@given(
    st.lists(st.tuples(names, certs), min_size=1, max_size=6),
    st.sampled_from(["、", ",", "，", ";", "；", "/", "\n", " ", "、 "]),
    st.sampled_from([("(", ")"), ("（", "）"), ("[", "]"), ("【", "】"), (" ", "")]),
)
def test_rendered_lists_read_back(
    officers: list[tuple[str, str]], sep: str, brackets: tuple[str, str]
) -> None:
    left, right = brackets
    text = sep.join(f"{n}{left}{c}{right}" if c else n for n, c in officers)
    assert parse_officers(text) == officers
