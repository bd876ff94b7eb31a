"""Opening a PostgreSQL store: read what the database is, refuse what is too new or not ours,
create the schema on an empty database, upgrade an older one after a checked pg_dump.

Like the SQLite path (db/store.py), everything is first read on a plain autocommit connection
that writes nothing, so a database from a newer program, or someone else's database (it has
tables but no `caseaudit_schema`), is left exactly as it was. Creating and upgrading happen
under the writer lock (db/pg_lock.py) in one transaction each — PostgreSQL's DDL is
transactional, so a failed creation or step leaves the database as it was before.

A PostgreSQL store has no file, but services put side files (exports, the evidence folder, the
signer folder, backups) beside `store.path`: here `store.path` is
`<side folder>/<database>.postgresql` — a name, never a file — inside a local folder per server
and database (db/location.py `side_folder`), so every `store.path.parent / …` a service writes
lands in that folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.errors import StoreError, StoreTooNewError
from db.location import Location
from db.pg_engine import application_name, direct_connection, make_pg_engine
from db.pg_lock import PgWriterLock
from db.private_files import private_dir
from db.schema_version import CURRENT_VERSION
from db.store_handle import Store
from db.stored_version import VERSION_TABLE

if TYPE_CHECKING:
    import psycopg

__all__ = ["open_pg_store", "pg_facts"]

_USER_TABLES = ("SELECT count(*) FROM pg_catalog.pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg_toast%%'")


def pg_facts(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    """(schema version or 0, number of user tables) of the database, read without writing."""
    tables = int(conn.execute(_USER_TABLES).fetchone()[0])  # type: ignore[index]
    has_version = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (VERSION_TABLE.name,)).fetchone()[0]  # type: ignore[index]
    if not has_version:
        return 0, tables
    row = conn.execute(f"SELECT version FROM {VERSION_TABLE.name} WHERE id = 1").fetchone()
    return (int(row[0]) if row else 0), tables


def open_pg_store(location: Location, *, create: bool = True, password: str | None = None,
                  side_root: Path, who: str | None = None) -> Store:
    """Open (creating the schema if the database is empty) the PostgreSQL store at `location`;
    db/store.py then upgrades it when it is older."""
    app_name = application_name(who)
    with direct_connection(location, password, app_name) as conn:
        version, tables = pg_facts(conn)
    where = location.where
    if version > CURRENT_VERSION:
        raise StoreTooNewError(
            f"数据库 {where} 由更新版本的程序创建（结构版本 {version}，本程序支持 {CURRENT_VERSION}），"
            "为避免损坏数据，未作任何改动。请升级本程序。")
    if version == 0 and tables:
        raise StoreError(f"数据库 {where} 中已有别的数据表，但不是本程序的数据库，未作任何改动。"
                         "请为本程序新建一个空数据库（createdb）。")
    if version == 0 and not create:
        raise StoreError(f"数据库 {where} 是空的，还没有本程序的数据。")
    folder = location.side_folder(side_root)
    try:
        private_dir(folder)
    except OSError as exc:
        raise StoreError(f"无法创建本机数据文件夹 {folder}（{exc.strerror or exc}）。") from exc
    store = Store(path=folder / f"{location.database}.postgresql", engine=make_pg_engine(location, password, app_name),
                  lock=PgWriterLock(location, password, app_name), kind="postgresql", location=location,
                  secret=password, app_name=app_name)
    try:
        if version == 0:
            _create(store)
    except BaseException:
        store.close()
        raise
    return store


def _create(store: Store) -> None:
    """The current schema on the empty database, unless another desk made it while we waited."""
    from db.migrations import create_current
    from db.stored_version import create_pg_meta, read_stored_version, write_stored_version

    with store.writing() as s:
        conn = s.connection()
        if read_stored_version(conn):
            return
        create_current(conn)
        create_pg_meta(conn)
        write_stored_version(conn, CURRENT_VERSION)
        store.extra["created"] = True
