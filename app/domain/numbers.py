"""Case numbers (案号) and receipt numbers (票据号) as matching keys.

The same decision is written 沈水罚字[2019]第012号 in the ledger and 沈水罚字〔2019〕第12号 on the
file cover; the keys made here are what the audit joins on, so both must give one key. The keys
are for matching only — the text as written is kept next to them, never replaced.

Any bracket pair around the year becomes 〔〕 (also the angle and title brackets 〈〉 《》 <> ＜＞
some units type), and a serial straight after the year bracket gets the 第 the other spelling
has: 〔2019〕12号 and 〔2019〕第12号 are one decision.
"""

from __future__ import annotations

import re

from app.domain.text import squeeze

# After NFKC: （）［］＜＞ are already () [] <>; 【】〔〕〖〗《》 stay as they are; ﹝﹞ become 〔〕 and
# the angle brackets 〈〉 (U+2329/U+232A) become 〈〉 (U+3008/U+3009).
_OPEN = "[(【〔〖〈《<"
_CLOSE = "])】〕〗〉》>"
_YEAR_IN_BRACKETS = re.compile(rf"[{re.escape(_OPEN)}]([0-9]{{4}})[{re.escape(_CLOSE)}]")
# The last digit run: a whole run not followed by any other digit (possessive and anchored at
# the run's start, so a long run is not re-scanned from each of its digits).
_LAST_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]++(?=[^0-9]*+\Z)")
# The usual shape — no opening bracket before the one year bracket, no opening bracket and no
# digit between it and the serial, no digit after the serial — gives the same key as the general
# steps below: the bracket is the only year bracket and the serial is the last digit run.
_COMMON_SHAPE = re.compile(rf"([^{re.escape(_OPEN)}]*)[{re.escape(_OPEN)}]([0-9]{{4}})[{re.escape(_CLOSE)}]"
                           rf"([^0-9{re.escape(_OPEN)}]*)([0-9]+)([^0-9]*)")
_SERIAL_MARK = "第"
_TRAILING_DIGITS = re.compile(r"[0-9]+\Z")
# A receipt number longer than this is split so the number part still fits SQLite's integer.
_MAX_NUMBER_WIDTH = 18


def normalise_case_no(s: str) -> str:
    """The matching key of a case number; "" for blank. Never raises, idempotent."""
    if s is None:
        return ""
    if not isinstance(s, str):
        s = str(s)
    key = squeeze(s)
    m = _COMMON_SHAPE.fullmatch(key)
    if m is not None:  # the usual shape, in one match: see _COMMON_SHAPE
        head, year, middle, digits, tail = m.groups()
        return f"{head}〔{year}〕{middle or _SERIAL_MARK}{digits.lstrip('0') or '0'}{tail}"
    # Every year bracket becomes 〔YYYY〕. A replacement is as long as what it replaces and keeps
    # each character's kind (opening bracket, digit, closing bracket), so the matches found here
    # are also the year brackets of the result, at the same places.
    # (`search` in a loop: a finditer scanner costs more than the search itself on a short key)
    end = copied = 0
    pieces: list[str] = []
    m = _YEAR_IN_BRACKETS.search(key)
    while m is not None:
        start, end = m.span()
        if key[start] != "〔" or key[end - 1] != "〕":
            pieces += (key[copied:start], "〔", m.group(1), "〕")
            copied = end
        m = _YEAR_IN_BRACKETS.search(key, end)
    if pieces:
        pieces.append(key[copied:])
        key = "".join(pieces)
    # The serial is the last digit run after the (last) year bracket, or the last digit run of
    # all when there is no bracket. The year itself is never touched.
    last = _LAST_DIGIT_RUN.search(key, end)
    if last is None:
        return key
    serial = last.group().lstrip("0") or "0"
    mark = _SERIAL_MARK if end and last.start() == end else ""  # 〔2019〕12号 → 〔2019〕第12号
    return key[: last.start()] + mark + serial + key[last.end() :]


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
    if s.__class__ is str and s.isascii():
        # ASCII: NFKC changes nothing and upper-casing stays ASCII, so one pass is the fixed point
        return "".join(s.split()).upper()
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
