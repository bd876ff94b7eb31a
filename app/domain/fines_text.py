"""Amounts a penalty text states: `警告，罚款500元`, `罚款人民币1.2万元，没收违法所得3000元`.

Some registers and web lists have no amount column at all; the fine is only in 处罚内容 or
处罚结果. The import then takes each amount from the text (a derived value, always reported as
such). A fine and a confiscation named in one text go to their own fields; a text naming two
different fines is ambiguous and gives none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from app.domain.amounts import parse_amount_fen
from app.domain.errors import ValueParseError

FINE, CONFISCATION = "fine", "confiscation"

_CN_NUMERAL = "零〇一二三四五六七八九十百千万亿两壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億"
# an amount: Arabic (with 万) or Chinese numerals, then 元
_AMOUNT = rf"(?P<amount>(?:[0-9][0-9,]*(?:\.[0-9]+)?万?|[{_CN_NUMERAL}]+)(?:元|圆))"
_BETWEEN = r"(?:人民币|金额|计|共计|款)*[:]?"
_PATTERNS = (
    (FINE, re.compile(rf"罚款{_BETWEEN}{_AMOUNT}")),
    (CONFISCATION, re.compile(rf"没收(?:违法所得|非法财物|和|及|、|的)*{_BETWEEN}{_AMOUNT}")),
)


@dataclass
class TextAmounts:
    """fen by kind (FINE, CONFISCATION) as the text states them, and the kinds it left unclear.
    Callers may cache one per text: treat it as read-only."""

    amounts: dict[str, int] = field(default_factory=dict)
    unclear: list[str] = field(default_factory=list)


def amounts_in_text(text: str) -> TextAmounts:
    """The fine and confiscated amounts a penalty text names (nothing for a text naming none)."""
    out = TextAmounts()
    if not text:
        return out
    s = "".join(unicodedata.normalize("NFKC", text).split())
    for kind, pattern in _PATTERNS:
        found: set[int] = set()
        for m in pattern.finditer(s):
            try:
                fen = parse_amount_fen(m.group("amount"))
            except ValueParseError:
                continue
            if fen is not None:
                found.add(fen)
        if len(found) == 1:
            out.amounts[kind] = found.pop()
        elif found:
            out.unclear.append(kind)
    return out
