"""Amounts written in a column whose header states its unit: `罚款金额（万元）` 0.5 is 5,000 元.

The unit is part of the header's meaning (DOMAIN.md §5.1): the 双公示 layouts give every amount
in 万元, some registers in 千元, most in 元. A plain number in such a column is multiplied out
exactly (Decimal, never float arithmetic), so 0.005 万元 is 5,000 fen and not "只能精确到分".
A cell that names its own unit (`5000元`, `0.5万元`, `伍仟元整`) means what it says, whatever the
header.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from app.domain.amounts import MAX_FEN, parse_amount_fen
from app.domain.errors import ValueParseError

YUAN, QIAN_YUAN, WAN_YUAN = "元", "千元", "万元"
# fen in one of each unit
FEN_PER_UNIT: dict[str, int] = {YUAN: 100, QIAN_YUAN: 100_000, WAN_YUAN: 1_000_000}

# A plain number after NFKC: digits with optional thousands commas and a point, ¥ or 人民币 before.
_PLAIN = re.compile(r"(?:人民币|RMB|CNY|¥)?(?P<num>[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\Z", re.IGNORECASE)
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?\Z")


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _fen_of(d: Decimal, per_unit: int, value: object, unit: str) -> int:
    if not d.is_finite():
        raise ValueParseError(f"无法识别的金额「{_show(value)}」")
    if d < 0:
        raise ValueParseError(f"金额不能为负数「{_show(value)}」")
    if d * per_unit > MAX_FEN:
        raise ValueParseError(f"金额大得不合理「{_show(value)}」（单位{unit}）")
    with localcontext(prec=len(d.as_tuple().digits) + 12):  # exact: ×10^6 needs six more digits
        fen = d * per_unit
    if fen != fen.to_integral_value():
        raise ValueParseError(f"金额只能精确到分「{_show(value)}」（单位{unit}）")
    return int(fen)


def _from_float(value: float, per_unit: int, unit: str) -> int:
    """A number cell: the shortest decimal that reads back as the double (what the user typed),
    or, for a double computed by a formula (0.30000000000000004), the whole fen within its
    rounding error."""
    if math.isnan(value) or math.isinf(value):
        raise ValueParseError(f"无法识别的金额「{_show(value)}」")
    d = Decimal(repr(value))
    try:
        return _fen_of(d, per_unit, value, unit)
    except ValueParseError:
        fen = value * per_unit
        whole = round(fen)
        if 0 <= whole <= MAX_FEN and abs(fen - whole) <= 4 * math.ulp(fen) + 1e-6:
            return int(whole)
        raise


def parse_amount_in_unit(value: object, unit: str | None) -> int | None:
    """Money in a column whose header says `unit` (万元, 千元, 元 or None for none) → fen.
    None for a blank cell; raises ValueParseError like parse_amount_fen."""
    per_unit = FEN_PER_UNIT.get(unit or YUAN, 100)
    if per_unit == 100:
        return parse_amount_fen(value)
    assert unit is not None
    if value is None:
        return None
    if isinstance(value, bool):
        return parse_amount_fen(value)  # refused there, with its reason
    if isinstance(value, float):
        return _from_float(value, per_unit, unit)
    if isinstance(value, int):
        return _fen_of(Decimal(value), per_unit, value, unit)
    if isinstance(value, Decimal):
        return _fen_of(value, per_unit, value, unit)
    if isinstance(value, str):
        text = "".join(unicodedata.normalize("NFKC", value).split())
        if not text:
            return None
        m = _PLAIN.match(text)
        if m is None:
            return parse_amount_fen(value)  # the cell names its own unit (or is unreadable)
        num = m.group("num")
        if "," in num:
            if not _GROUPED.match(num):
                raise ValueParseError(f"无法识别的金额「{_show(value)}」")
            num = num.replace(",", "")
        try:
            return _fen_of(Decimal(num), per_unit, value, unit)
        except InvalidOperation:
            raise ValueParseError(f"无法识别的金额「{_show(value)}」") from None
    return parse_amount_fen(value)

