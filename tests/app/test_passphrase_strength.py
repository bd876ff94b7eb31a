"""Weak new passphrases are named with a reason (app/passphrase_strength.py)."""

from __future__ import annotations

import pytest

from app.passphrase_strength import weakness


@pytest.mark.parametrize(("secret", "said"), [
    ("12345", "至少 6 个字符"), ("123456", "最常见"), ("Password", "最常见"), ("aaaaaaaa", "一个字符"),
    ("345678", "连续"), ("asdfghjk", "相邻"), ("20190305", "日期"), ("73920184", "只有数字"),
    ("shuiwuju", "一类字符"), ("ab3$x9", "较短"),
])
def test_weak_ones_are_named(secret: str, said: str) -> None:
    reason = weakness(secret)
    assert reason is not None and said in reason


@pytest.mark.parametrize("secret", ["Zhenggai-2026", "数据包口令-2024", "shui wu ju 法规处 7"])
def test_reasonable_ones_pass(secret: str) -> None:
    assert weakness(secret) is None
