"""What a header cell says: the keys it is matched by, and the unit it gives its column.

A header is more than a name. `罚款金额（万元）` names the fine and says its values are in 万元;
`处罚决定日期（必填，XXXX/XX/XX格式）` names the decision date and carries a template's hint;
`行政相对人代码_1（统一社会信用代码）` has a bracket that is part of the name. So the unit is read
first, from the text as written, and the header is then matched by two keys, longest first: the
text with its brackets kept (for names such as the last one) and the text with every bracketed
part — units, hints, option lists — removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.domain.amount_units import QIAN_YUAN, WAN_YUAN, YUAN
from app.domain.text import clean_text, normalise_header, squeeze

# After NFKC, （）［］ are () []; 【】 stays.
_BRACKET_CONTENT = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|【([^【】]*)】")
# A unit written after the name without a bracket: 罚款金额/万元, 罚款金额 单位：元, 罚款金额万元.
# A bare 元 counts only after a separator (单元, 纪元 are no units).
_TRAILING_UNIT = re.compile(r"(?:(?:[/:]|单位:?)(万元|千元|元)|(万元|千元))\Z")
_MARKERS = "*:"


@dataclass(frozen=True)
class HeaderLabel:
    """One header cell: the text as written (line breaks as spaces), its match keys, longest
    first, and the unit it states (万元/千元/元, or None when it states none)."""

    text: str
    keys: tuple[str, ...]
    unit: str | None


def _unit_in(text: str) -> str | None:
    if WAN_YUAN in text:
        return WAN_YUAN
    if QIAN_YUAN in text:
        return QIAN_YUAN
    if YUAN in text:
        return YUAN
    return None


def header_unit(cell: object) -> str | None:
    """The unit a header states in a bracket (`（单位万元,范围为0.00~9999.99）`, `(单位：元)`) or at
    its end (`罚款金额/万元`); None when it states none."""
    text = unicodedata.normalize("NFKC", clean_text(cell))
    for m in _BRACKET_CONTENT.finditer(text):
        unit = _unit_in(next(g for g in m.groups() if g is not None))
        if unit is not None:
            return unit
    tail = _TRAILING_UNIT.search(_BRACKET_CONTENT.sub("", squeeze(text)))
    return (tail.group(1) or tail.group(2)) if tail else None


def kept_brackets_key(cell: object) -> str:
    """The header with its brackets kept: squeezed, required-field stars and colons trimmed."""
    return squeeze(clean_text(cell)).strip(_MARKERS)


def header_keys(cell: object) -> tuple[str, ...]:
    """The keys a header is looked up by, most specific first (duplicates and blanks left out)."""
    keys = [kept_brackets_key(cell), normalise_header(cell)]
    bare = keys[-1]
    m = _TRAILING_UNIT.search(bare)
    if m and m.start() > 0:
        keys.append(bare[: m.start()].strip(_MARKERS))
    return tuple(dict.fromkeys(k for k in keys if k))


def header_text(cell: object) -> str:
    """The header as written, with line breaks inside the cell shown as spaces."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


def read_label(cell: object) -> HeaderLabel:
    return HeaderLabel(header_text(cell), header_keys(cell), header_unit(cell))
