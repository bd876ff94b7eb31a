"""A list as the window shows it, ready to be written out: title, typed columns, rows.

The same description feeds the Excel export (app/reports/table_xlsx.py), the printed list
(app/reports/table_pdf.py) and the command line's `--xlsx`; each column says whether its values
are text, amounts (integer fen) or dates, so Excel gets numbers and dates, not look-alike text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.amounts import format_fen

TEXT, FEN, DATE, NUMBER = "text", "fen", "date", "number"


@dataclass(frozen=True)
class TableColumn:
    header: str
    kind: str = TEXT  # TEXT, FEN (integer fen), DATE (date), NUMBER (int)


@dataclass
class TableData:
    """`rows` may be a generator: a 100,000-row list is written without being held twice."""

    title: str
    columns: Sequence[TableColumn]
    rows: Iterable[Sequence[Any]]
    subtitle: str = ""
    count: int | None = None  # the number of rows when known (for progress)
    extra: dict[str, Any] = field(default_factory=dict)


def cell_text(kind: str, value: Any) -> str:
    """A value as the window shows it (for the PDF and for text-only consumers)."""
    if value is None:
        return ""
    if kind == FEN and isinstance(value, int) and not isinstance(value, bool):
        return format_fen(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def register_table(store: Any, kind: str, *, search: str = "", filters: Sequence[Any] = (),
                   sort: str | None = None, descending: bool = False,
                   fields: Sequence[str] | None = None, title: str | None = None,
                   chunk: int = 500, progress: Callable[[int, int, str], None] | None = None) -> TableData:
    """A register's view — search, filters and sort applied, every matching record (not only
    the rows the window has fetched) — with the given fields (default: all of them)."""
    from app.records import service
    from app.records.fields import KIND_LABELS, REGISTER_FIELDS, FieldType

    by_name = {f.name: f for f in REGISTER_FIELDS[kind]}
    names = list(fields) if fields is not None else list(by_name)
    kinds = {FieldType.FEN: FEN, FieldType.DATE: DATE}
    columns = [TableColumn(by_name[n].label, kinds.get(by_name[n].type, TEXT)) if n in by_name
               else TableColumn(n) for n in names]
    ids = service.ids(store, kind, search=search, sort=sort, descending=descending, filters=filters)

    def rows() -> Iterable[list[Any]]:
        for start in range(0, len(ids), chunk):
            for rec in service.rows(store, kind, ids[start:start + chunk]):
                if rec is not None:
                    yield [_value(by_name.get(n), rec.get(n)) for n in names]
            if progress is not None:
                progress(min(start + chunk, len(ids)), len(ids), "导出")

    return TableData(title or f"{KIND_LABELS[kind]}登记", columns, rows(), count=len(ids))


def _value(f: Any, value: Any) -> Any:
    from app.records.fields import FieldType

    if f is None:
        return value
    if f.type is FieldType.OFFICERS and isinstance(value, list):
        return "、".join(f"{o['name']}({o['cert_no']})" if o.get("cert_no") else o["name"] for o in value)
    if f.type is FieldType.COLLECTION and isinstance(value, bool):
        return "当场收缴" if value else "银行代收"
    if f.type is FieldType.BOOL and value is not None:
        return "是" if value else "否"
    return value
