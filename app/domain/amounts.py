"""Money as integer fen (分): spreadsheet cells and typed text → int, and back to text.

Amounts are never floats in the product (ARCHITECTURE §2). A float only arrives here because
Excel stores numbers as doubles; it is turned into fen at once and checked to be a whole fen.
Text goes through Decimal (or plain int arithmetic), never through float.

`parse_amount_fen` runs about a million times on a large import, so the common cells — int,
float, plain digit strings — are handled first, before any Unicode normalisation or regex.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from app.domain.errors import ValueParseError

# 10 万亿元: far above any fine, far below SQLite's 64-bit integer limit.
MAX_FEN = 10**15

_ASCII_DECIMAL = re.compile(r"([0-9]+)\.([0-9]*)\Z")
# After NFKC and whitespace removal: currency words before the number…
_PREFIX = re.compile(r"^(?:人民币|RMB|CNY|¥|\(?[大小]写\)?|:)+", re.IGNORECASE)
# …and an Arabic number, optionally grouped by thousands, with 万/亿 and 元.
_NUMERIC = re.compile(r"(?P<num>[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?P<mul>万|亿)?(?:元|圆)?\Z")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?\Z")

# Upper case (大写, used on money documents) and lower case, traditional forms included.
_CN_DIGIT_CHARS = ("零〇", "壹一", "贰貳二两兩", "叁參三", "肆四", "伍五", "陆陸六", "柒七", "捌八", "玖九")
_CN_DIGITS = {ch: d for d, chars in enumerate(_CN_DIGIT_CHARS) for ch in chars}
_CN_SMALL_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_DIGIT_CLASS = "".join(_CN_DIGITS)
_CN_FRACTION = re.compile(f"零?(?:(?P<jiao>[{_CN_DIGIT_CLASS}])角)?零?(?:(?P<fen>[{_CN_DIGIT_CLASS}])分)?\\Z")


def _show(value: object) -> str:
    """The value as quoted in a reason: short enough for a report line."""
    try:
        text = str(value)
    except ValueError:  # an int beyond Python's int-to-str digit limit
        return "…"
    return text if len(text) <= 40 else text[:40] + "…"


def _unreadable(value: object) -> ValueParseError:
    return ValueParseError(f"无法识别的金额「{_show(value)}」")


def _negative(value: object) -> ValueParseError:
    return ValueParseError(f"金额不能为负数「{_show(value)}」")


def _checked(fen: int, value: object) -> int:
    if fen < 0:
        raise _negative(value)
    if fen > MAX_FEN:
        raise ValueParseError(f"金额大得不合理「{_show(value)}」")
    return fen


def _from_ascii_decimal(whole: str, frac: str, value: str) -> int:
    """Digits before and after the point of an ASCII decimal: exact int arithmetic, no Decimal."""
    if len(whole) > 15:
        return _from_decimal(Decimal(value), value)
    if frac[2:].strip("0"):
        raise ValueParseError(f"金额只能精确到分「{_show(value)}」")
    return _checked(int(whole) * 100 + int(frac[:2].ljust(2, "0")), value)


def _from_decimal(d: Decimal, value: object) -> int:
    if not d.is_finite():
        raise _unreadable(value)
    if d < 0:
        raise _negative(value)
    if d > MAX_FEN // 100:
        raise ValueParseError(f"金额大得不合理「{_show(value)}」")
    # Enough precision that ×100 is exact: under the default 28 digits, 5000.000…0001 with
    # 30 digits would round to a whole fen and be accepted.
    with localcontext(prec=len(d.as_tuple().digits) + 5):
        fen = d * 100
    if fen != fen.to_integral_value():
        raise ValueParseError(f"金额只能精确到分「{_show(value)}」")
    return _checked(int(fen), value)


def _from_float_slow(value: float) -> int:
    """Floats the fast path did not accept: negative, NaN, huge, or not a whole fen."""
    if math.isnan(value) or math.isinf(value):
        raise _unreadable(value)
    if value < 0:
        raise _negative(value)
    fen = value * 100.0
    if fen > MAX_FEN:
        raise ValueParseError(f"金额大得不合理「{_show(value)}」")
    whole = round(fen)
    # Large amounts: the product itself carries the double's rounding error (a few ulp), which
    # can exceed 1e-6 fen while the cell still held a whole number of fen.
    if abs(fen - whole) <= 4 * math.ulp(fen):
        return whole
    raise ValueParseError(f"金额只能精确到分「{_show(value)}」")


def parse_amount_fen(value: object) -> int | None:
    """Money → integer fen; None for a blank cell. Raises ValueParseError for anything else."""
    # Order matters for speed: float cells first, then int cells, then plain digit strings.
    if isinstance(value, float):
        fen = value * 100.0
        if 0.0 <= fen <= MAX_FEN:
            whole = round(fen)
            # 1234.56 is stored as 1234.5599999999999; a whole fen within 1e-6 is that amount.
            if -1e-6 <= fen - whole <= 1e-6:
                return whole
        return _from_float_slow(float(value))
    if isinstance(value, int):
        if value.__class__ is bool:
            raise ValueParseError(f"金额不能是“是/否”值「{_show(value)}」")
        return _checked(int(value) * 100, value)
    if isinstance(value, str):
        # Up to 15 digits: int() is exact and cheap; longer strings take the Decimal road.
        if len(value) <= 15 and value.isdigit() and value.isascii():
            return _checked(int(value) * 100, value)
        m = _ASCII_DECIMAL.match(value)
        if m:
            return _from_ascii_decimal(m.group(1), m.group(2), value)
        return _parse_text(value)
    if value is None:
        return None
    if isinstance(value, Decimal):
        return _from_decimal(value, value)
    raise _unreadable(value)


def _parse_text(raw: str) -> int | None:
    # NFKC makes full-width digits, ￥, ，and （） plain; whitespace may sit anywhere ("5 000 元").
    s = "".join(unicodedata.normalize("NFKC", raw).split())
    if not s:
        return None
    s = _PREFIX.sub("", s)
    if s[:1] in ("-", "−", "负"):
        raise _negative(raw)
    if s[:1] == "+":
        s = s[1:]
    s = s.removesuffix("整").removesuffix("正")
    if not s:
        raise _unreadable(raw)
    if any("0" <= ch <= "9" for ch in s):
        return _parse_arabic(s, raw)
    return _parse_chinese(s, raw)


def _parse_arabic(s: str, raw: str) -> int:
    m = _NUMERIC.match(s)
    if not m:
        raise _unreadable(raw)
    num = m.group("num")
    if "," in num:
        # Only proper thousands grouping: "5,000.00"; "50,00" is ambiguous (decimal comma?).
        if not _GROUPED.match(num):
            raise _unreadable(raw)
        num = num.replace(",", "")
    try:
        d = Decimal(num)
    except InvalidOperation:
        raise _unreadable(raw) from None
    factor = {"万": 10_000, "亿": 100_000_000}.get(m.group("mul") or "", 1)
    with localcontext(prec=len(num) + 10):  # exact: no rounding to the default 28 digits
        d *= factor
    return _from_decimal(d, raw)


def _parse_chinese(s: str, raw: str) -> int:
    """Upper- or lower-case Chinese numerals: 人民币壹万贰仟叁佰肆拾伍元陆角柒分, 五千元."""
    for mark in ("元", "圆", "圓"):
        if mark in s:
            whole, _, frac = s.partition(mark)
            if not whole:
                raise _unreadable(raw)
            break
    else:
        whole, frac = ("", s) if s[-1] in "角分" else (s, "")
    yuan = _cn_integer(whole, raw) if whole else 0
    m = _CN_FRACTION.match(frac)
    if not m:
        raise _unreadable(raw)
    jiao = _CN_DIGITS[m.group("jiao")] if m.group("jiao") else 0
    fen = _CN_DIGITS[m.group("fen")] if m.group("fen") else 0
    if not whole and not (m.group("jiao") or m.group("fen")):
        raise _unreadable(raw)
    return _checked(yuan * 100 + jiao * 10 + fen, raw)


def _cn_integer(s: str, raw: str) -> int:
    """Split on the big units 亿 and 万 (the part before 亿 may itself hold 万: 壹万亿)."""
    for big, factor in (("亿", 10**8), ("億", 10**8)):
        if big in s:
            high, _, low = s.partition(big)
            if not high or any(b in low for b in "亿億"):
                raise _unreadable(raw)
            return _cn_integer(high, raw) * factor + _cn_below_yi(low, raw)
    return _cn_below_yi(s, raw)


def _cn_below_yi(s: str, raw: str) -> int:
    for big in ("万", "萬"):
        if big in s:
            high, _, low = s.partition(big)
            if not high or any(b in low for b in "万萬"):
                raise _unreadable(raw)
            return _cn_section(high, raw) * 10_000 + _cn_section(low, raw)
    return _cn_section(s, raw)


def _cn_section(s: str, raw: str) -> int:
    """A number below 万: digit–unit pairs with falling units, 零 marking skipped places.

    Strict on purpose: 伍伍 or 壹佰壹仟 are errors, and 壹佰伍 is refused because colloquially it
    means 150 while a careless reading gives 105 — money written 大写 must not be guessed.
    """
    value = 0
    pending: int | None = None
    last_unit = 10_000
    zero_since_unit = False
    for ch in s:
        if ch in _CN_DIGITS:
            d = _CN_DIGITS[ch]
            if d == 0:
                if pending:
                    raise _unreadable(raw)
                zero_since_unit = True
                continue
            if pending:
                raise _unreadable(raw)
            pending = d
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if unit >= last_unit:
                raise _unreadable(raw)
            if pending is None:
                # 拾元 / 十五: a leading 十 means 一十.
                if value or zero_since_unit:
                    raise _unreadable(raw)
                pending = 1
            value += pending * unit
            pending = None
            last_unit = unit
            zero_since_unit = False
        else:
            raise _unreadable(raw)
    if pending:
        if last_unit > 10 and last_unit != 10_000 and not zero_since_unit:
            raise _unreadable(raw)
        value += pending
    return value


def format_fen(fen: int | None) -> str:
    """12345 → "123.45", 500000 → "5,000.00"; "" for None."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"
