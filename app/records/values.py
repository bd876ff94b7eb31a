"""The different values of one register column, for a column filter's list of values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from app.records import sort_keys
from app.records.columns import REGISTERS
from app.records.fields import FieldType
from app.records.filters import EMPTY, field_of
from app.store import Store
from db.models import Unit


def distinct_values(store: Store, kind: str, field_name: str, limit: int = 500) -> list[Any]:
    """The different values of one column (for a column filter's list), in sort order; "" stands
    for the empty cells. At most `limit` values: a column with more is filtered by text instead."""
    reg = REGISTERS[kind]
    f = field_of(kind, field_name)
    col = reg.column(field_name)
    if col is None or f.type is FieldType.OFFICERS:
        return []
    stmt = select(col).distinct()
    if field_name == "unit" and reg.has_unit:
        stmt = stmt.select_from(reg.model).outerjoin(Unit, reg.model.unit_id == Unit.id)
    with store.session() as s:
        values = list(s.scalars(stmt.limit(limit + 1)))
    return ordered_values(values, f.type)


def ordered_values(values: Iterable[Any], kind: FieldType) -> list[Any]:
    """Different values in the order a filter's list shows them: amounts, dates and 是/否 as
    values, text as read (app/records/sort_keys.py); "" (EMPTY) last for the empty cells."""
    values = list(values)
    if kind in (FieldType.DATE, FieldType.FEN, FieldType.BOOL, FieldType.COLLECTION):
        present = sorted({v for v in values if v is not None})
    else:
        present = sorted({v for v in values if v not in (None, "")}, key=sort_keys.sort_key)
    return present + ([EMPTY] if any(v in (None, "") for v in values) else [])
