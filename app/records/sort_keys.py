"""The order a clerk expects of text: numbers inside text by value (第2号 before 第10号) and Chinese
by pinyin (李 before 王 before 张), the way Excel/WPS sort a column of names.

`sort_key(text)` turns a text into a string whose plain code-point order is that order, so it can
be compared anywhere: registered as an SQLite function (`ca_sort_key`, used in ORDER BY — the
sort stays in SQL and no key column is stored) and applied in Python where the engine has no
such function (PostgreSQL) or the rows are already in memory. Two levels, as a dictionary orders
words: the letters (pinyin without tones, numbers by value, brackets of any kind alike) first, then
the original text, so equal readings still come out in one stable order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin
from sqlalchemy.orm import Session

from app.records.fields import REGISTER_FIELDS, FieldType

SQL_FUNCTION = "ca_sort_key"
# Text sorted as read (numbers by value, Chinese by pinyin); amounts, dates, 是/否 sort as values.
TEXT_SORTED = (FieldType.TEXT, FieldType.CERT, FieldType.ID, FieldType.STATUS, FieldType.STAFF_KIND,
               FieldType.RECEIPT_REMARK)
_SEP = "\x01"  # ends a syllable: "li" sorts before "lian"
_NUMBER = "\x02"  # starts a number: numbers sort before letters, as in Excel
_DIGITS = re.compile(r"[0-9]+")
_SAME = {"〔": "(", "［": "(", "[": "(", "（": "(", "【": "(", "｛": "(", "{": "(",
         "〕": ")", "］": ")", "]": ")", "）": ")", "】": ")", "｝": ")", "}": ")", " ": "", "\u3000": "", "\t": ""}
_SAME.update({chr(0xFF10 + d): str(d) for d in range(10)})  # full-width digits


class _Letters(dict[int, str]):
    """str.translate table filled on first sight of a character: a CJK character becomes its
    pinyin and a separator, brackets of every kind one bracket, an ASCII letter its lower case,
    spaces nothing; anything else stays as it is."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in _SAME:
            value = _SAME[ch]
        elif "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            reading = lazy_pinyin(ch, style=Style.NORMAL)[0]
            value = (reading if reading != ch else ch) + _SEP
        else:
            value = ch.lower()
        self[code] = value
        return value


_LETTERS = _Letters()


def _number(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    return f"{_NUMBER}{chr(0x40 + min(len(digits), 60))}{digits}"  # shorter numbers are smaller


@lru_cache(maxsize=1 << 18)
def _key(text: str) -> str:
    return _DIGITS.sub(_number, text.translate(_LETTERS))


def sort_key(value: Any) -> str:
    """The sort key of a text (None and "" sort first). Keys are remembered (up to 262,144
    texts), so sorting the same column again costs a look-up per row."""
    if value is None or value == "":
        return ""
    return _key(value if isinstance(value, str) else str(value))


def install(dbapi_connection: Any) -> None:
    """Make `ca_sort_key(text)` available on one SQLite connection (idempotent, cheap)."""
    dbapi_connection.create_function(SQL_FUNCTION, 1, sort_key, deterministic=True)


def keyed_sort(s: Session, kind: str, sort: str | None) -> bool | None:
    """None: not a text sort (native order); True: `ca_sort_key` is installed on this session's
    connection; False: a text sort on an engine without the function (sort in Python)."""
    if not sort:
        return None
    names = {f.name: f for f in REGISTER_FIELDS[kind]}
    f = names.get(sort)
    if f is None or f.type not in TEXT_SORTED:
        return None
    if s.get_bind().dialect.name != "sqlite":
        return False
    install(s.connection().connection.dbapi_connection)
    return True
