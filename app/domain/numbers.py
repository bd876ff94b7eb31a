"""Case numbers (案号) and receipt numbers (票据号) as matching keys.

The same decision is written 沈水罚字[2019]第012号 in the ledger and 沈水罚字〔2019〕第12号 on the
file cover; the keys made here are what the audit joins on, so both must give one key. The keys
are for matching only — the text as written is kept next to them, never replaced.
"""

from __future__ import annotations

import re

from app.domain.text import squeeze

# After NFKC: （）［］ are already () []; 【】〔〕〖〗 stay as they are; ﹝﹞ become 〔〕.
_YEAR_IN_BRACKETS = re.compile(r"[\[(【〔〖]([0-9]{4})[\])】〕〗]")
_DIGIT_RUN = re.compile(r"[0-9]+")
_TRAILING_DIGITS = re.compile(r"[0-9]+\Z")
# A receipt number longer than this is split so the number part still fits SQLite's integer.
_MAX_NUMBER_WIDTH = 18


def normalise_case_no(s: str) -> str:
    """The matching key of a case number; "" for blank. Never raises, idempotent."""
    if s is None:
        return ""
    if not isinstance(s, str):
        s = str(s)
    key = _YEAR_IN_BRACKETS.sub(r"〔\1〕", squeeze(s))
    # The serial is the last digit run after the (last) year bracket, or the last digit run of
    # all when there is no bracket. The year itself is never touched.
    brackets = list(_YEAR_IN_BRACKETS.finditer(key))
    runs = list(_DIGIT_RUN.finditer(key, brackets[-1].end() if brackets else 0))
    if not runs:
        return key
    last = runs[-1]
    serial = last.group().lstrip("0") or "0"
    return key[: last.start()] + serial + key[last.end() :]


def normalise_receipt_no(s: object) -> str:
    """The matching key of a receipt number: text, NFKC, no whitespace, upper case."""
    if s is None:
        return ""
    if isinstance(s, bool):
        return str(s).upper()
    if isinstance(s, int):
        return str(s)
    if isinstance(s, float):
        # A receipt number typed into a Number cell comes back as 123.0.
        if s.is_integer():
            return str(int(s))
        return repr(s).upper()
    # Upper-casing can leave a letter and a combining mark that NFKC would compose (ı + ˘ → I + ˘
    # → Ĭ), so the two steps repeat until nothing changes, keeping the key idempotent.
    key = squeeze(str(s))
    for _ in range(8):
        upper = squeeze(key.upper())
        if upper == key:
            break
        key = upper
    return key


def split_receipt_no(key: str) -> tuple[str, int | None, int]:
    """(series prefix, number, width) of a receipt key: "NO.0012345" → ("NO.", 12345, 7).

    The number is the digit run at the very end of the key; a key that ends in anything else
    has no number (None, width 0) and so takes no part in gap checks.
    """
    m = _TRAILING_DIGITS.search(key)
    if not m:
        return key, None, 0
    digits = m.group()
    if len(digits) > _MAX_NUMBER_WIDTH:
        digits = digits[-_MAX_NUMBER_WIDTH:]
    return key[: len(key) - len(digits)], int(digits), len(digits)


def format_receipt_no(series: str, number: int, width: int) -> str:
    """Inverse of `split_receipt_no`: the series followed by the zero-padded number."""
    return f"{series}{number:0{width}d}"
