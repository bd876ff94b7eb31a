"""Where a store keeps its schema version: SQLite's `PRAGMA user_version`, PostgreSQL's one-row
table `caseaudit_schema` (PostgreSQL has no user_version).

The table is not one of the models (db/models*.py): it belongs to the store's engine, not to
its data, so `Base.metadata` — and a copy of a store between engines — never sees it. Its
presence is what tells a CaseAudit database on a server from someone else's.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Connection, Integer, MetaData, Table, select

__all__ = ["PG_META", "VERSION_TABLE", "create_pg_meta", "read_stored_version", "write_stored_version"]

PG_META = MetaData()
VERSION_TABLE = Table(
    "caseaudit_schema", PG_META,
    Column("id", Integer, CheckConstraint("id = 1", name="caseaudit_schema_one_row"), primary_key=True),
    Column("version", Integer, nullable=False),
)


def read_stored_version(conn: Connection) -> int:
    """The schema version of the store behind `conn` (0 for a new, empty one)."""
    if conn.dialect.name == "sqlite":
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    if not conn.dialect.has_table(conn, VERSION_TABLE.name):
        return 0
    return int(conn.execute(select(VERSION_TABLE.c.version).where(VERSION_TABLE.c.id == 1)).scalar() or 0)


def write_stored_version(conn: Connection, version: int) -> None:
    """Record `version` inside the caller's transaction (the upgrade's or the creation's)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version={int(version)}")
        return
    PG_META.create_all(conn, tables=[VERSION_TABLE])
    done = conn.execute(VERSION_TABLE.update().where(VERSION_TABLE.c.id == 1).values(version=int(version)))
    if not done.rowcount:
        conn.execute(VERSION_TABLE.insert().values(id=1, version=int(version)))


def create_pg_meta(conn: Connection) -> None:
    """The engine's own tables on a PostgreSQL store: the version and the change log's key
    (db/changelog_key.py), left alone where they exist."""
    import db.changelog_key  # noqa: F401 - defines its table on PG_META

    PG_META.create_all(conn)
