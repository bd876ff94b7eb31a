"""Where a store keeps its schema version: SQLite's `PRAGMA user_version`, PostgreSQL's one-row
table `caseaudit_schema` (PostgreSQL has no user_version).

The tables here (this one and the change log's key, KEY_TABLE) are not among the models
(db/models*.py): they belong to the store's engine, not to its data, so `Base.metadata` — and a
copy of a store between engines — never sees them. The version table's presence is what tells a
CaseAudit database on a server from someone else's.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Connection, DateTime, Integer, MetaData, String, Table, select

__all__ = ["KEY_TABLE", "PG_META", "VERSION_TABLE", "create_pg_meta", "read_stored_version", "write_stored_version"]

PG_META = MetaData()
VERSION_TABLE = Table(
    "caseaudit_schema", PG_META,
    Column("id", Integer, CheckConstraint("id = 1", name="caseaudit_schema_one_row"), primary_key=True),
    Column("version", Integer, nullable=False),
)
# The change log's key on a server (why there: db/changelog_key.py); rows only ever added.
KEY_TABLE = Table(
    "caseaudit_changelog_key", PG_META,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_hex", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
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
    PG_META.create_all(conn)
