"""Bulk inserts straight to the DB-API driver, written once for both engines.

SQLAlchemy's per-row parameter processing costs more than the insert itself on 100 000 rows,
so the bulk writers (the importer, the demo data, a store copy) hand the driver plain tuples.
What the driver wants differs by engine:

- SQLite (pysqlite, `?` placeholders) stores what SQLAlchemy's SQLite types store: dates as ISO
  text, date-times as SQLAlchemy's text form, booleans as 0/1;
- PostgreSQL (psycopg, `%s` placeholders) takes Python dates and date-times as they are, and a
  boolean column refuses an integer, so 0/1 become False/True. Text that looks like a date is
  sent untyped and PostgreSQL casts it to the column's type, so rows already in SQLite's
  stored form are fine there too.

`DriverInsert(conn, table, names).run(rows)` converts the columns that need it and runs one
executemany; `marker(conn)` is the placeholder for hand-written driver SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Table


def marker(conn: Connection) -> str:
    """The driver's positional placeholder: `?` (pysqlite) or `%s` (psycopg)."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _to_bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _converter(conn: Connection, column_type: Any) -> Callable[[Any], Any] | None:
    """How a Python value of this column becomes what the driver takes, or None (as it is)."""
    dialect = conn.dialect
    if dialect.name == "sqlite":
        if isinstance(column_type, Date | DateTime | Boolean):
            process = column_type.dialect_impl(dialect).bind_processor(dialect)
            if process is None:
                return None
            def stored(value: Any, bind: Callable[[Any], Any] = process) -> Any:
                # already in stored form (ISO text, 0/1) passes through: the importer hands those in
                return value if value is None or isinstance(value, str) or type(value) is int else bind(value)

            return stored
        return None
    if isinstance(column_type, Boolean):
        return _to_bool
    return None


class DriverInsert:
    """One INSERT for `names` of `table`, run as a DB-API executemany on `conn`'s transaction."""

    def __init__(self, conn: Connection, table: Table, names: Sequence[str]) -> None:
        self.conn = conn
        self.names = list(names)
        mark = marker(conn)
        quoted = ", ".join(f'"{n}"' for n in self.names)
        self.sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join(mark for _ in self.names)})'
        self.converters = [_converter(conn, table.c[n].type) for n in self.names]

    def convert(self, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """The rows in the driver's form (column by column: a C-level map per column)."""
        if not any(self.converters):
            return [tuple(r) for r in rows]
        columns: list[Any] = []
        for i, convert in enumerate(self.converters):
            values = [r[i] for r in rows]
            columns.append(values if convert is None else map(convert, values))
        return list(zip(*columns, strict=True))

    def run(self, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.exec_driver_sql(self.sql, self.convert(rows))
