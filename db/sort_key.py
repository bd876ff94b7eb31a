"""Sort keys stored beside the text they order: the order a clerk expects of text, kept in SQL.

`sort_key(text)` turns a text into a string whose plain code-point order is the order of Excel/WPS
sorting a column of names: numbers inside text by value (第2号 before 第10号) and Chinese by pinyin
(李 before 王 before 张). Each sortable text column of the big registers has a key column beside it
(`case_no` → `case_no_sort`, schema 18) holding `stored_key(case_no)`, so a sort is a plain
`ORDER BY case_no_sort, id` — on SQLite and on PostgreSQL alike (where the key columns use the "C"
collation: byte order, which for UTF-8 is code-point order) and through an index where one pays (db/models.py names them).

The keys are filled on every write: an ORM insert or a Core `insert()` through the column's default
(`sort_key_column`), an ORM update by the `before_update` listener (`keep_keys_on_update`), and the
driver-level bulk inserts (the import's writer, the demo loader) by `fill_rows` / `key_values`. A
key is cut at `KEY_LENGTH` characters, so a long free text (违法事实) sorts by its first few dozen
characters and then by id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, Text, event
from sqlalchemy.orm import MappedColumn, mapped_column

KEY_LENGTH = 128  # characters kept of a key: a case number with a long office prefix (~40 characters) fits
SUFFIX = "_sort"
# The text columns of each table that have a key column. Units keep only their name's (the unit
# column of every other register sorts by it); the few hundred units themselves sort in Python.
KEYED: dict[str, tuple[str, ...]] = {
    "units": ("name",),
    "officers": ("name", "cert_no", "field", "status", "kind"),
    "cases": ("case_no", "cause", "party", "party_id", "facts", "legal_basis", "penalty", "enforcement",
              "archive_location", "field", "legal_review_outcome", "penalty_kinds"),
    "ledger_entries": ("seq", "case_no", "party", "violation", "penalty", "receipt_no", "enforcement"),
    "receipts": ("receipt_no", "payer", "case_no", "collector", "remark", "onsite_reason"),
}
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
            # here: its tables cost 0.2 s to load, and a run that writes no key never needs them
            from pypinyin import Style, lazy_pinyin

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


@lru_cache(maxsize=4096)  # the texts a register repeats (units, penalties, causes); a bound, so an
def _key(text: str) -> str:  # import of 100,000 different case numbers holds a chunk, not them all
    return _DIGITS.sub(_number, text.translate(_LETTERS))


def sort_key(value: Any) -> str:
    """The sort key of a text (None and "" sort first). The last few thousand texts' keys are
    remembered, so keying a repeated value again costs a look-up. A text of ASCII digits alone
    (a 序号, a number column read as text) is keyed directly: a column of 100,000 different
    numbers would only churn the cache."""
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isdigit() and text.isascii():
        digits = text.lstrip("0") or "0"
        return f"{_NUMBER}{chr(0x40 + min(len(digits), 60))}{digits}"
    return _key(text)


def stored_key(value: Any) -> str:
    """The key as a key column holds it (cut at KEY_LENGTH)."""
    return sort_key(value)[:KEY_LENGTH]


def key_name(column: str) -> str:
    return column + SUFFIX


def sort_key_column(source: str) -> MappedColumn[Any]:
    """The key column of text column `source`: filled from it by an INSERT (ORM or Core), in the
    "C" collation on PostgreSQL."""

    def default(context: Any) -> str:
        return stored_key(context.get_current_parameters().get(source))

    return mapped_column(Text().with_variant(Text(collation="C"), "postgresql"), default=default,
                         nullable=True)


def key_sources(table: Table) -> dict[str, str]:
    """{key column: its text column} of `table` (empty for a table without keys)."""
    return {key_name(c): c for c in KEYED.get(table.name, ()) if key_name(c) in table.c}


def key_values(values: Iterable[Any]) -> Iterator[str]:
    """The stored keys of a column's values, for a driver-level executemany built column-wise."""
    return map(stored_key, values)


def fill_rows(table: Table, rows: list[dict[str, Any]]) -> None:
    """Set the key columns of rows bound for a driver-level insert into `table` (in place)."""
    for key, source in key_sources(table).items():
        for row in rows:
            row[key] = stored_key(row.get(source))


def keep_keys_on_update(base: Any) -> None:
    """Recompute an updated ORM object's keys from its text (every mapped subclass of `base`)."""

    @event.listens_for(base, "before_update", propagate=True)
    def _rekey(_mapper: Any, _connection: Any, target: Any) -> None:
        table = getattr(type(target), "__table__", None)
        if not isinstance(table, Table) or table.name not in KEYED:
            return
        for key, source in key_sources(table).items():
            value = stored_key(getattr(target, source, None))
            if getattr(target, key, None) != value:
                setattr(target, key, value)
