"""How weak a new passphrase is (a new signing certificate, a new package key): one Chinese
reason, or None. A warning, not a rule — the person may keep it after being told — except that
fewer than MIN_LENGTH characters is refused by the dialogs.

Checks in order: too short for comfort, one of the passphrases everybody tries first, one repeated
character, a run of keyboard or counting order, a single kind of character (only digits, only
letters), a date.
"""

from __future__ import annotations

import re

MIN_LENGTH = 6       # refused below this
COMFORT_LENGTH = 10  # warned below this
COMMON = frozenset({
    "123456", "1234567", "12345678", "123456789", "1234567890", "000000", "111111", "666666", "888888",
    "password", "passw0rd", "qwerty", "qwerty123", "abc123", "abcdef", "admin", "admin123", "iloveyou",
    "woaini", "woaini1314", "a123456", "123123", "654321", "112233", "caseaudit",
})
SEQUENCES = ("0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")
DATE = re.compile(r"^(19|20)\d{2}[-/.]?(0[1-9]|1[0-2])[-/.]?(0[1-9]|[12]\d|3[01])$")


def _is_run(text: str) -> bool:
    low = text.lower()
    return len(low) >= 4 and any(low in seq for seq in SEQUENCES)


def weakness(secret: str) -> str | None:
    """Why `secret` is weak, or None when nothing obvious is wrong with it."""
    if len(secret) < MIN_LENGTH:
        return f"口令至少 {MIN_LENGTH} 个字符"
    if secret.lower() in COMMON:
        return "这是最常见的口令之一，别人最先尝试的就是它"
    if len(set(secret)) == 1:
        return "口令只由一个字符重复组成"
    if _is_run(secret):
        return "口令是连续的数字或键盘上相邻的字母"
    if DATE.match(secret):
        return "口令是一个日期（生日、纪念日容易被猜到）"
    if secret.isdigit():
        return "口令只有数字"
    if len(secret) < COMFORT_LENGTH and (secret.isalpha() or secret.isdigit()):
        return f"口令少于 {COMFORT_LENGTH} 个字符且只用了一类字符"
    if len(secret) < COMFORT_LENGTH - 2:
        return f"口令较短（建议至少 {COMFORT_LENGTH} 个字符，字母、数字、符号混用）"
    return None
