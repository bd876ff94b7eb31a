"""Yes/no words (是否重大案件, 是否当场收缴 …): the one reading of a yes/no cell or form field.

Spreadsheets and the record form both come through `parse_yes_no`, so a word the import takes is
a word the form takes. Offices write ticks and crosses as often as 是/否, and 有/无 for "there
is one"; a blank means no.
"""

from __future__ import annotations

from typing import Any

from app.domain.errors import ValueParseError
from app.domain.text import clean_text

TRUE_WORDS = frozenset({"是", "y", "yes", "1", "√", "✓", "✔", "☑", "true", "重大", "有"})
FALSE_WORDS = frozenset({"否", "n", "no", "0", "×", "✗", "✘", "☐", "false", "无", "不是", ""})


def parse_yes_no(raw: Any) -> bool:
    """True or False for a cell or form text; a number cell must be 0 or 1. Raises ValueParseError."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        if raw in (0, 1):
            return bool(raw)
        raise ValueParseError(f"应填“是”或“否”，而不是「{raw:g}」")
    word = clean_text(raw).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueParseError(f"应填“是”或“否”，而不是「{word}」")
