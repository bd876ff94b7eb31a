"""The order a clerk expects of a register's text columns: numbers inside text by value (第2号
before 第10号) and Chinese by pinyin (李 before 王 before 张), the way Excel/WPS sort a column.

The key itself (`sort_key`) lives with the store (db/sort_key.py), which keeps it in a key column
beside each sortable text column of the big registers (`case_no_sort`, schema 18), filled on
every write. Sorting is then `ORDER BY key column, id` on any engine, through an index for the
most sorted columns. A text column without a key column (a unit's field or credit code: a few
hundred rows) is sorted in Python by the same key.
"""

from __future__ import annotations

from typing import Any

from app.records.fields import REGISTER_FIELDS, FieldType
from db.models import Unit
from db.sort_key import key_name, sort_key, stored_key

__all__ = ["TEXT_SORTED", "key_column", "python_sorted", "sort_key", "stored_key"]

# Text sorted as read (numbers by value, Chinese by pinyin); amounts, dates, 是/否 sort as values.
TEXT_SORTED = (FieldType.TEXT, FieldType.CERT, FieldType.ID, FieldType.STATUS, FieldType.STAFF_KIND,
               FieldType.RECEIPT_REMARK)


def text_sorted(kind: str, sort: str | None) -> bool:
    """Whether `sort` names a text column of `kind` that sorts as read."""
    f = next((f for f in REGISTER_FIELDS[kind] if f.name == sort), None) if sort else None
    return f is not None and f.type in TEXT_SORTED


def key_column(reg: Any, sort: str | None) -> Any:
    """The stored key column a text sort of register `reg` orders by (the unit's name key for
    `unit`), or None: not a text sort, or a column without a key column."""
    if not text_sorted(reg.kind, sort):
        return None
    if sort == "unit" and reg.has_unit:
        return Unit.name_sort
    return getattr(reg.model, key_name(sort or ""), None)


def python_sorted(reg: Any, sort: str | None) -> bool:
    """A text sort without a key column: the values are keyed in Python (small tables only)."""
    return text_sorted(reg.kind, sort) and key_column(reg, sort) is None and reg.column(sort or "") is not None
