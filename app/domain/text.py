"""Cell values and header cells as comparable text.

Header cells carry units, required-field stars, colons and line breaks (`罚款金额\n（元）*`);
names carry full-width letters and stray spaces. These functions strip exactly that and no
more, so a synonym written once matches every way a unit writes its header.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal

# After NFKC, （） and ［］ are () and []; 【】 stays. Innermost pairs first, repeated for nesting.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Characters no cell text should carry: C0/C1 controls but tab and line breaks (NUL, ESC — the
# start of a terminal escape sequence), the bidi embeddings, overrides and isolates (U+202E makes
# "abc" display as "cba"), LRM/RLM/ALM, the soft hyphen and the tag characters. They are invisible
# or rearrange what is shown, so two names that look alike stop matching and a `list` line can
# rewrite the user's terminal.
_UNSAFE_CODES = (
    [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + list(range(0x7F, 0xA0))
    + list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)) + [0x200E, 0x200F, 0x061C, 0x00AD]
    + list(range(0xE0000, 0xE0080))
)
_UNSAFE = dict.fromkeys(_UNSAFE_CODES)
_UNSAFE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE_CODES) + "]")
# Required-field stars and label colons at either end of a header: "*案号", "案号：", "案号*".
_MARKERS = "*:"


def squeeze(s: str) -> str:
    """NFKC, then every whitespace (incl. ideographic space, NBSP, newlines) and zero-width
    character removed — repeated until nothing changes.

    One pass is not always enough: NFKC may turn a character into space + combining mark
    (´ → " \u0301"), and once the space is gone the mark composes with its neighbour.
    """
    if s.isascii():  # NFKC leaves ASCII alone and no zero-width character is ASCII: one pass
        return "".join(s.split())
    for _ in range(8):
        t = "".join(unicodedata.normalize("NFKC", s).split())
        if _has_invisible(t):
            t = t.translate(_INVISIBLE)
        # t holds no whitespace and no zero-width character, so if it is already NFKC the next
        # pass would give t again: stop here instead of normalising it once more.
        if t == s or unicodedata.is_normalized("NFKC", t):
            return t
        s = t
    return s


def _has_invisible(t: str) -> bool:
    # five `in` tests are far cheaper than str.translate over a non-ASCII string
    return "\u200b" in t or "\u200c" in t or "\u200d" in t or "\u2060" in t or "\ufeff" in t


def normalise_header(s: object) -> str:
    """A header cell or a synonym → the form they are compared in."""
    text = clean_text(s)
    # Removing a bracketed part or a marker can bring characters together that NFKC then
    # composes, so the whole clean-up runs to a fixed point (it is then idempotent).
    for _ in range(8):
        before = text
        text = squeeze(text)
        text = _BRACKETED.sub("", text)
        text = text.strip(_MARKERS)
        if text == before:
            break
    return text


def normalise_name(s: object) -> str:
    """A person's or organisation's name for comparison: width and spacing only.

    Traditional and simplified characters are NOT unified (张 ≠ 張): that would be a guess.
    """
    return squeeze(clean_text(s))


def clean_text(value: object) -> str:
    """A cell value as the text a person sees in it."""
    if value is None:
        return ""
    if value.__class__ is float and value.is_integer():
        return str(int(value))  # the commonest number cell (a 序号 read as 1.0), checked first
    if isinstance(value, str):
        if value.isprintable():  # the common case: nothing invisible, no control character
            return value.strip()
        return value.strip().translate(_INVISIBLE).translate(_UNSAFE).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        # repr is the shortest text that reads back as the same float (0.1, not 0.1000000001);
        # going through Decimal avoids exponents such as 1e-05.
        return _plain_decimal(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return _plain_decimal(value) if value.is_finite() else str(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def unsafe_characters(text: str) -> list[str]:
    """The control, bidi, soft-hyphen and tag characters in `text` that clean_text removes,
    as "U+202E" labels in order of first appearance (empty when there are none)."""
    if text.isprintable():
        return []
    seen = dict.fromkeys(f"U+{ord(m.group()):04X}" for m in _UNSAFE_RE.finditer(text))
    return list(seen)


def _plain_decimal(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
