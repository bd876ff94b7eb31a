"""Inserting an import's rows in bulk, and on SQLite digesting them as they are stored.

Rows go in with one Core `insert()` run as a DBAPI executemany per chunk, the values given in
the stored form SQLAlchemy's SQLite types use (dates as ISO text, booleans as 0/1): SQLAlchemy's
per-row parameter processing costs more than SQLite's own insert on 100k rows.

The change log seals an import's rows with the digest of each row as `SELECT *` returns it
(db/changelog.py). Reading 100,000 rows back only to hash them costs as much as inserting them,
so on SQLite the insert gives each row its id itself — the id SQLite would give it, the table's
largest id + 1 and so on (the store's writer lock keeps every other writer out) — and hashes the
very tuple it inserts, in the table's own column order. That tuple is what SQLite gives back only
when no value is changed by its column's type affinity, so every chunk's values are checked by
column: text or None in a TEXT column, an int or None in an INTEGER or NUMERIC one (a bool
becomes the 0/1 SQLite keeps); the ISO text this module makes of a date, the ids it gives and
the units' ids the store gave need no check. Anything else — a float, a table with a column the
program does not write, a trigger on the table, another database — and the batch is read back
and hashed as before (`digests` is None), so the log holds the same digests either way and
`log verify` gives the same result.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, DateTime, Table, column, func, insert, select, table
from sqlalchemy.orm import Session

from db import changelog
from db.driver_insert import DriverInsert
from db.sort_key import key_sources, key_values


def _affinity(declared: str) -> str:
    """SQLite's type affinity of a declared column type (its documented rules, in order)."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return "TEXT"
    if "BLOB" in t or not t:
        return "BLOB"
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return "REAL"
    return "NUMERIC"


# The Python types a column of each affinity gives back unchanged (str in NUMERIC: see _stable).
_KEEPS: dict[str, frozenset[type]] = {
    "TEXT": frozenset({str, type(None)}),
    "INTEGER": frozenset({int, type(None)}),
    "NUMERIC": frozenset({int, type(None)}),
    "BLOB": frozenset({int, str, bytes, type(None)}),
    "REAL": frozenset(),  # an int would come back a float, a NaN as NULL: read back instead
}


class BulkInsert:
    """The insert of one table's rows, compiled once (see the module doc). With `sealed`, on
    SQLite, the rows get their ids here and `digests` gathers the packed change-log digests of
    the rows inserted, or is None once a value could come back changed."""

    def __init__(self, s: Session, target: Table, names: list[str], *, sealed: bool = False) -> None:
        self.conn = s.connection()
        self.dates = {c.name for c in target.columns if isinstance(c.type, Date) and not isinstance(c.type, DateTime)}
        self.digests: bytearray | None = None
        self.keys = key_sources(target)  # sort-key column → the text column it is computed from
        self.keyed = False  # the rows get their ids here (sealed, on SQLite)
        layout = _stored_layout(s, target, names) if sealed else None
        if layout is None and self.conn.dialect.paramstyle != "qmark":
            # PostgreSQL: positional %s (the compiled insert's named placeholders take no tuples), dates as they are
            self.sql, self.order, self.dates = DriverInsert(self.conn, target, names).sql, list(names), set()
            return
        if layout is None:
            compiled = insert(target).compile(dialect=self.conn.dialect, column_keys=names)
            self.order = list(compiled.positiontup or names)
        else:  # the table's own column order, the id first among them as SELECT * gives it
            self.order, self.affinities = layout
            stored = table(target.name, *(column(name) for name in self.order))
            compiled = insert(stored).compile(dialect=self.conn.dialect, column_keys=self.order)
            assert list(compiled.positiontup or ()) == self.order
            self.next_id = int(s.scalar(select(func.coalesce(func.max(target.c.id), 0))) or 0) + 1
            self.hasher = changelog.sealed_row_hasher(target.name, self.order)
            self.digests, self.keyed = bytearray(), True
        self.sql = compiled.string

    def run(self, rows: list[dict[str, Any]], fixed: dict[str, Any] | None = None,
            units: dict[str, int] | None = None) -> None:
        """Insert `rows` (dicts holding every column named at construction, except those in
        `fixed`, which take one value for all rows, and `unit_id` when `units` maps each row's
        `unit` name to it). The rows are left as they are."""
        fixed = fixed or {}
        n = len(rows)
        keyed, sealed = self.keyed, self.digests is not None
        columns: list[Iterable[Any]] = []
        for at, name in enumerate(self.order):  # column by column: C-level maps instead of a loop per row
            if name == "id" and keyed:
                columns.append(range(self.next_id, self.next_id + n))
            elif name in self.keys:  # the text's sort key (db/sort_key.py): text, stored as given
                source = self.keys[name]
                texts: Any = repeat(fixed[source], n) if source in fixed else map(itemgetter(source), rows)
                columns.append(key_values(texts))
            elif name in fixed:
                value = fixed[name]
                if sealed:
                    value = self._as_stored(at, [value])[0]
                columns.append(repeat(value, n))
            elif name == "unit_id" and units is not None:  # the units' ids as the store gave them
                columns.append(map(units.get, map(itemgetter("unit"), rows)))
            elif name in self.dates:  # a few hundred distinct dates: each formatted once, ISO text
                values = list(map(itemgetter(name), rows))
                iso = {d: d.isoformat() for d in set(values) if d is not None}
                columns.append(map(iso.get, values))
            elif sealed:
                columns.append(self._as_stored(at, list(map(itemgetter(name), rows))))
            else:
                columns.append(map(itemgetter(name), rows))
        tuples = list(zip(*columns, strict=True))
        self.conn.exec_driver_sql(self.sql, tuples)
        if self.digests is not None:
            self.digests += changelog.pack_rows(range(self.next_id, self.next_id + n), map(self.hasher, tuples))
        if keyed:
            self.next_id += n

    def _as_stored(self, at: int, values: list[Any]) -> list[Any]:
        """The values of column `at` as SQLite will give them back (a bool as 0/1); `digests`
        dropped — the batch is read back — when one would come back otherwise."""
        affinity = self.affinities[at]
        kinds = set(map(type, values))
        if bool in kinds and affinity in ("INTEGER", "NUMERIC"):
            values = [int(v) if v.__class__ is bool else v for v in values]
            kinds = set(map(type, values))
        if not kinds <= _KEEPS[affinity]:
            self.digests = None
        return values


def _stored_layout(s: Session, target: Table, names: list[str]) -> tuple[list[str], list[str]] | None:
    """(the table's columns in their stored order, their affinities) when rows can be hashed as
    inserted: SQLite, an integer `id` key, every other column written by the insert, no trigger."""
    conn = s.connection()
    if conn.dialect.name != "sqlite" or "id" not in target.c:
        return None
    info = conn.exec_driver_sql(f'PRAGMA table_info("{target.name}")').all()
    order = [row[1] for row in info]
    by_name = {row[1]: row for row in info}
    # the columns as `SELECT *` gives them, which the change log hashes (a generated column is
    # there and not in table_info: such a table is read back)
    selected = conn.exec_driver_sql(f'SELECT * FROM "{target.name}" LIMIT 0')
    keys = list(selected.keys())
    selected.close()
    if keys != order:
        return None
    if set(order) != {"id", *names} or len(order) != len(names) + 1 or by_name["id"][5] != 1 \
            or _affinity(by_name["id"][2]) != "INTEGER":
        return None
    triggers = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                    (target.name,)).scalar()
    if triggers:
        return None
    return order, [_affinity(row[2]) for row in info]
