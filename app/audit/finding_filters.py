"""Column filters on the findings list (倒查 page), as the registers have them (app/records/filters.py):
the list's columns as fields, and each filter as a WHERE clause on the findings table.

The clauses are the registers' own (`column_clause`, `unit_clause`): a finding's case number and
receipt number are filtered on the normalised keys it stores (what the list shows), its unit by
name through a subquery, its code and status by their stored values (the page shows their labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement

from app.errors import UserError
from app.records.fields import Field, FieldType
from app.records.filters import ColumnFilter, column_clause, unit_clause
from db.models import Unit
from db.models_audit import Finding

# The findings list's columns (ui/audit/findings_model.py shows them in this order).
FINDING_FIELDS: tuple[Field, ...] = (
    Field("code", "问题类型", FieldType.STATUS),
    Field("status", "状态", FieldType.STATUS),
    Field("case_no", "案号", FieldType.TEXT),
    Field("receipt_no", "收据号", FieldType.CERT),
    Field("unit", "执法单位", FieldType.TEXT),
    Field("message", "说明", FieldType.TEXT),
)
COLUMNS: dict[str, Any] = {"code": Finding.code, "status": Finding.status, "case_no": Finding.case_key,
                           "receipt_no": Finding.receipt_key, "message": Finding.message}


def finding_field(name: str) -> Field:
    for f in FINDING_FIELDS:
        if f.name == name:
            return f
    raise UserError(f"问题线索没有「{name}」这一列，不能按它筛选。")


def value_column(name: str) -> Any:
    """The SQL expression whose values a filter on column `name` ticks (the unit's name for unit)."""
    finding_field(name)
    return Unit.name if name == "unit" else COLUMNS[name]


def finding_clauses(filters: Sequence[ColumnFilter]) -> list[ColumnElement[bool]]:
    """The WHERE clauses of the findings list's column filters (the inactive ones left out)."""
    out: list[ColumnElement[bool]] = []
    for flt in filters:
        if not flt.active:
            continue
        f = finding_field(flt.field)
        out.append(unit_clause(Finding.unit_id, flt) if f.name == "unit" else column_clause(COLUMNS[f.name], f.type, flt))
    return out
