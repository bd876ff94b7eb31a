"""Column filters and the search's readings of a typed text, as SQL clauses for the registers.

A column filter is what a clerk sets on one column of a table, as in Excel's filter arrow: a set
of values (status, unit, 是/否, or any text column's values), a range (dates, amounts; a year is
a range of dates) or a text the column must contain. The search box, besides its LIKE over the
searchable fields, reads the text as an amount (`10000`, `1万`, `1.5万元` → equal amounts in any
money column), as a date (`2019-03-05`, `2019年3月5日`, `2019/3/5` → that day in any date column;
`2019-03`, `2019年3月` → that month) and as a case number typed without 第 or with other brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true

from app.domain.amounts import parse_amount_fen
from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.domain.numbers import normalise_case_no
from app.errors import UserError
from app.records.fields import REGISTER_FIELDS, Field, FieldType
from app.records.like import matches
from db.models import Unit

EMPTY = ""  # in a filter's values: the cells with nothing in them
RANGE_TYPES = (FieldType.DATE, FieldType.FEN)
_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?\s*$")


@dataclass(frozen=True)
class ColumnFilter:
    """One column's filter: `values` (any of them), or a `low`…`high` range (either end open),
    or `text` the column contains. Amounts are fen, dates are dates."""

    field: str
    values: tuple[Any, ...] | None = None
    low: Any = None
    high: Any = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self.values is not None or self.low is not None or self.high is not None or bool(self.text)


def year_filter(field: str, year: int) -> ColumnFilter:
    """Dates within one calendar year."""
    return ColumnFilter(field, low=date(year, 1, 1), high=date(year, 12, 31))


def field_of(kind: str, name: str) -> Field:
    for f in REGISTER_FIELDS[kind]:
        if f.name == name:
            return f
    raise UserError(f"没有「{name}」这一列，不能按它筛选。")


def filter_clause(reg: Any, flt: ColumnFilter) -> ColumnElement[bool] | None:
    """The WHERE clause of one column filter on register `reg` (app.records.columns.Register)."""
    if not flt.active:
        return None
    f = field_of(reg.kind, flt.field)
    if f.type is FieldType.OFFICERS:
        raise UserError("执法人员一列只能用搜索框查找。")
    if flt.field == "unit" and reg.has_unit:
        return unit_clause(reg.model.unit_id, flt)
    col = reg.column(flt.field)
    if col is None:
        raise UserError(f"「{f.label}」一列不能筛选。")
    return column_clause(col, f.type, flt)


def column_clause(col: Any, kind: FieldType, flt: ColumnFilter) -> ColumnElement[bool]:
    """One column filter on one column of any table (a register's, the findings'): its values
    (with 「（空白）」 meaning NULL or ""), its range, the text it contains — all of them."""
    terms: list[ColumnElement[bool]] = []
    if flt.values is not None:
        values = [v for v in flt.values if v != EMPTY and v is not None]
        choice: list[ColumnElement[bool]] = [col.in_(values)] if values else []
        if len(values) < len(flt.values):
            choice.append(col.is_(None))
            if kind not in (*RANGE_TYPES, FieldType.BOOL, FieldType.COLLECTION):
                choice.append(col == "")
        terms.append(or_(*choice) if choice else col.in_([]))
    if flt.low is not None:
        terms.append(col >= flt.low)
    if flt.high is not None:
        terms.append(col <= flt.high)
    if flt.text:
        terms.append(matches(col, f"%{escape_like(flt.text.strip())}%"))
    return and_(*terms)


def unit_clause(unit_id: Any, flt: ColumnFilter) -> ColumnElement[bool]:
    """Units by name through an uncorrelated subquery on the table's `unit_id` column: no join
    to units on the filtered table."""
    terms: list[ColumnElement[bool]] = []
    if flt.values is not None:
        names = [v for v in flt.values if v]
        choice: list[ColumnElement[bool]] = [unit_id.in_(select(Unit.id).where(Unit.name.in_(names)))]
        if len(names) < len(flt.values):
            choice.append(unit_id.is_(None))
        terms.append(or_(*choice))
    if flt.text:
        pattern = f"%{escape_like(flt.text.strip())}%"
        terms.append(unit_id.in_(select(Unit.id).where(matches(Unit.name, pattern))))
    return and_(*terms) if terms else true()


def row_matches(flt: ColumnFilter, value: Any) -> bool:
    """The same filter on a value already in memory (a list the service returns whole, such as
    the problem list): what `column_clause` keeps in SQL, it keeps here."""
    if not flt.active:
        return True
    blank = value is None or value == ""
    if flt.values is not None and not (value in flt.values or (blank and EMPTY in flt.values)):
        return False
    if flt.low is not None and (blank or value < flt.low):
        return False
    if flt.high is not None and (blank or value > flt.high):
        return False
    text = flt.text.strip().casefold()
    return not text or (not blank and text in str(value).casefold())


def reading_terms(reg: Any, text: str) -> list[ColumnElement[bool]]:
    """What else a search text can mean: an amount, a day or a month, a case number without 第."""
    terms: list[ColumnElement[bool]] = []
    fields = REGISTER_FIELDS[reg.kind]
    fen = _amount(text)
    if fen is not None:
        terms += [col == fen for col in _columns(reg, fields, FieldType.FEN)]
    day, month = _day(text), _month(text)
    if day is not None:
        terms += [col == day for col in _columns(reg, fields, FieldType.DATE)]
    elif month is not None:
        first, last = month
        terms += [and_(col >= first, col <= last) for col in _columns(reg, fields, FieldType.DATE)]
    if reg.kind in ("cases", "ledger", "receipts"):
        key = normalise_case_no(text).replace("第", "")
        if key and key != text:
            pattern = f"%{escape_like(key)}%"
            terms.append(matches(func.replace(reg.model.case_key, "第", ""), pattern))
    return terms


def _columns(reg: Any, fields: tuple[Field, ...], kind: FieldType) -> list[Any]:
    return [c for c in (reg.column(f.name) for f in fields if f.type is kind) if c is not None]


def _amount(text: str) -> int | None:
    """An amount only when the text looks like one: digits (with , . 万 元), or Chinese numerals
    ending in 元 — not a bare year such as 2019 read as 2,019 元 (a search for the year is the
    date reading's business)."""
    s = text.strip()
    if not s or re.fullmatch(r"(19|20)\d{2}", s):
        return None
    if not re.fullmatch(r"[\d,，.]+\s*万?\s*元?|[零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿一二三四五六七八九十百千]+元[整正]?", s):
        return None
    try:
        return parse_amount_fen(s)
    except ValueParseError:
        return None


def _day(text: str) -> date | None:
    s = text.strip()
    if not re.search(r"\d{4}", s) or len(s) < 8:
        return None
    try:
        return parse_date(s)
    except ValueParseError:
        return None


def _month(text: str) -> tuple[date, date] | None:
    m = _MONTH.match(text)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return None
    first = date(year, month, 1)
    last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return first, last


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
