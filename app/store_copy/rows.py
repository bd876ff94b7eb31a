"""Moving every row of a store to another one, table by table, in bounded memory.

Tables go parents before children (`Base.metadata.sorted_tables`: the foreign keys say the
order, and the schema has no cycle), each read in primary-key order through a streaming
result (`yield_per`: a server-side cursor on PostgreSQL, pysqlite's lazy cursor on SQLite) and
written in batches of `BATCH` rows with one DB-API executemany each (db/driver_insert.py), so a
million-row store never sits in memory. Values cross engines as SQLAlchemy's types read them
(dates as `date`, booleans as `bool`), and are written in the form the target's driver takes.

Ids are copied as they are — the change log names rows by id — so PostgreSQL's sequences are
moved past the largest id afterwards, or the next insert would collide with a copied row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Integer, Table, func, select

from db.driver_insert import DriverInsert

if TYPE_CHECKING:
    from db.models import Base

BATCH = 5000  # rows read and written at a time

Progress = Callable[[int, int, str], None]


def copied_tables() -> list[Table]:
    """Every table of the current schema, parents before children."""
    import db.migrations as migrations  # every model, and the list of the schema's tables

    base: type[Base] = migrations.Base
    wanted = {t.name for t in migrations.ALL_TABLES}
    return [t for t in base.metadata.sorted_tables if t.name in wanted]


def count_rows(conn: Connection, tables: list[Table]) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}


def copy_table(source: Connection, target: Connection, table: Table, total: int,
               progress: Progress | None = None) -> int:
    """Copy `table`'s rows from `source` to `target` (inside their transactions); returns the count."""
    names = [c.name for c in table.columns]
    writer = DriverInsert(target, table, names)
    order = list(table.primary_key.columns) or list(table.columns)
    result = source.execution_options(yield_per=BATCH).execute(select(*table.columns).order_by(*order))
    done = 0
    for batch in result.partitions(BATCH):
        writer.run(batch)
        done += len(batch)
        if progress is not None:
            progress(done, total, table.name)
    return done


def reset_sequences(target: Connection, tables: list[Table]) -> None:
    """On PostgreSQL, each serial id's sequence set past the table's largest id (see module doc)."""
    if target.dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].autoincrement is False:
            continue
        sequence = target.execute(select(func.pg_get_serial_sequence(table.name, pk[0].name))).scalar()
        if sequence is None:
            continue
        largest = target.execute(select(func.max(pk[0])).select_from(table)).scalar()
        # setval(seq, n, false): the next value is n itself; an empty table starts at 1 again
        target.execute(select(func.setval(sequence, int(largest or 0) + 1, False)))
