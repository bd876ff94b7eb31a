"""Amounts stated in a penalty text (issue 11 point 7)."""

from __future__ import annotations

import pytest

from app.domain.fines_text import CONFISCATION, FINE, amounts_in_text


@pytest.mark.parametrize(("text", "amounts"), [
    ("罚款5000元", {FINE: 500_000}),
    ("罚款人民币1.2万元", {FINE: 1_200_000}),
    ("警告，罚款500元", {FINE: 50_000}),
    ("处以罚款人民币伍仟元整", {FINE: 500_000}),
    ("罚款：5,000.00元", {FINE: 500_000}),
    ("罚款 ５０００ 元", {FINE: 500_000}),
    ("罚款2000元，没收违法所得300元", {FINE: 200_000, CONFISCATION: 30_000}),
    ("没收违法所得和非法财物3000元并处罚款1万元", {FINE: 1_000_000, CONFISCATION: 300_000}),
    ("没收非法财物0.5万元", {CONFISCATION: 500_000}),
    ("罚款5000元，罚款5000元", {FINE: 500_000}),  # the same amount twice is one fine
    ("警告", {}),
    ("罚款", {}),
    ("", {}),
])
def test_amounts(text: str, amounts: dict[str, int]) -> None:
    found = amounts_in_text(text)
    assert found.amounts == amounts and found.unclear == []


def test_two_different_fines_are_unclear_and_give_none() -> None:
    found = amounts_in_text("罚款1000元，后改为罚款800元，没收违法所得100元")
    assert found.amounts == {CONFISCATION: 10_000} and found.unclear == [FINE]
