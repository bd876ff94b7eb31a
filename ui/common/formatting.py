"""How a stored value reads in a table cell and in a form field (the clerk's Excel habits)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtWidgets import QTableWidget, QWidget

from app.domain.amounts import format_fen
from app.records.fields import Field, FieldType

NUMERIC_TYPES = (FieldType.FEN,)
W = TypeVar("W", bound=QWidget)


def officers_text(officers: list[dict[str, str]] | None) -> str:
    """[{"name": "张三", "cert_no": "210…"}, {"name": "李四"}] → "张三(210…)、李四"."""
    parts = []
    for o in officers or []:
        name = str(o.get("name") or "")
        cert = str(o.get("cert_no") or "")
        parts.append(f"{name}({cert})" if cert else name)
    return "、".join(parts)


def display_value(f: Field, value: Any) -> str:
    """The text a table cell shows for a value of field `f`."""
    if value is None:
        return ""
    t = f.type
    if t is FieldType.FEN:
        return format_fen(int(value))
    if t is FieldType.DATE:
        if isinstance(value, datetime):
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, date) else str(value)
    if t is FieldType.BOOL:
        return "是" if value else "否"
    if t is FieldType.COLLECTION:
        if isinstance(value, bool):
            return "当场收缴" if value else "银行代收"
        return str(value)
    if t is FieldType.OFFICERS:
        return officers_text(value) if isinstance(value, list) else str(value)
    return str(value)


def form_text(f: Field, value: Any) -> str:
    """The text a form field starts with when a record is edited (parsed back by validate())."""
    if f.type is FieldType.BOOL:
        return "是" if value else "否"
    return display_value(f, value)


def cell_text(table: QTableWidget, row: int, col: int) -> str:
    """The text a QTableWidget shows in a cell ("" for a cell never filled)."""
    item = table.item(row, col)
    return item.text() if item is not None else ""


def cell_widget(table: QTableWidget, row: int, col: int, kind: type[W]) -> W:
    """The editor widget the table holds in a cell, of the type the caller put there."""
    widget = table.cellWidget(row, col)
    if not isinstance(widget, kind):
        raise TypeError(f"cell ({row}, {col}) holds {type(widget).__name__}, not {kind.__name__}")
    return widget
