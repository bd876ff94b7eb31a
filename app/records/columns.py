"""How each register's fields map onto the store's columns, for listing, sorting and search.

Kept apart from the service so that paging, sorting and filtering are all done in SQL: the
window never holds more than the rows it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from app.domain.numbers import normalise_case_no
from app.records.filters import reading_terms
from app.records.like import matches
from db.models import CaseFile, CaseOfficer, LedgerEntry, Officer, Receipt, Unit

MODELS: dict[str, type[Any]] = {
    "cases": CaseFile,
    "ledger": LedgerEntry,
    "receipts": Receipt,
    "officers": Officer,
    "units": Unit,
}


@dataclass(frozen=True)
class Register:
    kind: str
    model: type[Any]  # one of the register models above
    has_unit: bool

    def column(self, name: str) -> InstrumentedAttribute[Any] | ColumnElement[Any] | None:
        """The SQL expression behind a field, or None for fields that are not one column."""
        if name == "unit" and self.has_unit:
            return Unit.name
        if name == "row" and self.kind == "ledger":
            return LedgerEntry.source_row
        return getattr(self.model, name, None)

    def base_select(self, *cols: Any, join_unit: bool | None = None) -> Select[Any]:
        """SELECT cols FROM the register's table, joined to units when `join_unit` (by default:
        whenever the register has a unit). The search clause never needs the join."""
        stmt = select(*cols) if cols else select(self.model)
        if self.has_unit and (join_unit is None or join_unit):
            stmt = stmt.outerjoin(Unit, self.model.unit_id == Unit.id)
        return stmt

    def sorts_by_unit(self, sort: str | None) -> bool:
        return self.has_unit and sort == "unit"

    def search_clause(self, text: str, searchable: list[str]) -> ColumnElement[bool] | None:
        """Case-insensitive substring match over the register's searchable fields.

        The unit name and the officers named on a case are matched by uncorrelated subqueries
        (`unit_id IN (units whose name matches)`, `id IN (cases of officers whose name
        matches)`): SQLite runs each once, where a join to units or a correlated EXISTS per
        case would cost a lookup per row of the register.
        """
        text = text.strip()
        if not text:
            return None
        pattern = f"%{_escape_like(text)}%"
        terms: list[ColumnElement[bool]] = []
        for name in searchable:
            if name == "officers" and self.kind == "cases":
                terms.append(CaseFile.id.in_(select(CaseOfficer.case_id).where(
                    matches(CaseOfficer.name, pattern))))
                continue
            if name == "unit" and self.has_unit:
                terms.append(self.model.unit_id.in_(
                    select(Unit.id).where(matches(Unit.name, pattern))))
                continue
            col = self.column(name)
            if col is not None:
                terms.append(matches(col, pattern))
        if self.kind in ("cases", "ledger", "receipts"):
            key = normalise_case_no(text)
            if key:  # "[2019]第012号" finds "〔2019〕第12号"
                terms.append(matches(self.model.case_key, f"%{_escape_like(key)}%"))
        terms += reading_terms(self, text)  # 1万 → 10,000.00 元; 2019年3月 → that month; 12号 → 第12号
        return or_(*terms) if terms else None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


REGISTERS: dict[str, Register] = {
    kind: Register(kind, model, kind != "units") for kind, model in MODELS.items()
}
