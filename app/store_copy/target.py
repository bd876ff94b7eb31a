"""The store a copy writes to: it must be new or empty, and a failed copy leaves it so again.

A SQLite target is a file that does not exist yet (or is empty); a PostgreSQL target is a
database that exists (the copy does not create databases: that is the server administrator's
`createdb`) and holds no table. Anything else is refused before a byte is written, so a copy can
never mix two offices' data or overwrite a store.

On failure the target goes back to what it was: the SQLite file (with its -wal/-shm, lock and
change-log key beside it) is removed; on PostgreSQL every table the copy created is dropped.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect

from app.store_password import keyring_password
from db.changelog_key import key_path
from db.errors import StoreError
from db.location import Location, parse_location
from db.pg_engine import application_name, direct_connection, make_pg_engine
from db.pg_store import pg_facts


@dataclass(frozen=True)
class Target:
    """Where the copy goes, as parsed from `--to`, and what to call it in messages."""

    location: Location
    text: str

    @property
    def display(self) -> str:
        return self.location.display

    @property
    def is_postgresql(self) -> bool:
        return self.location.kind == "postgresql"


def parse_target(text: str | Path) -> Target:
    location = parse_location(text)
    if location.path is not None:
        location = Location(kind=location.kind, path=Path(location.path).expanduser().resolve())
    return Target(location=location, text=str(text))


def refuse_unless_empty(target: Target) -> None:
    """StoreError (exit 2, nothing written) unless the target is new or empty."""
    if not target.is_postgresql:
        path = target.location.path
        assert path is not None
        if path.exists() and (path.is_dir() or path.stat().st_size > 0):
            raise StoreError(f"目标 {path} 已存在且不是空文件：复制只写入新的数据库，未作任何改动。"
                             "请指定一个还不存在的文件。")
        if key_path(path).exists():
            raise StoreError(f"目标 {path} 旁已有变更日志密钥 {key_path(path)}（属于另一个数据库）："
                             "复制未作任何改动。请换一个文件名或先移走该密钥。")
        return
    tables = _pg_tables(target)
    if tables:
        raise StoreError(f"目标数据库 {target.display} 不是空的（已有 {tables} 张表）："
                         "复制只写入空数据库，未作任何改动。请先用 createdb 建一个新的数据库。")


def _pg_tables(target: Target) -> int:
    """How many tables the target database has, read on a plain connection that writes nothing;
    the password as every store is opened with (keyring, then libpq's PGPASSFILE)."""
    with direct_connection(target.location, keyring_password(target.location), application_name()) as conn:
        return pg_facts(conn)[1]


def remove_target(target: Target, key_file: Path | None) -> None:
    """Put the target back as it was before the copy (see module doc): it was checked empty, so
    everything in it now is the copy's. `key_file` is the change-log key the copy wrote."""
    if key_file is not None:
        with contextlib.suppress(OSError):
            key_file.unlink()
    if not target.is_postgresql:
        path = target.location.path
        assert path is not None
        for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
            with contextlib.suppress(OSError):
                Path(str(path) + suffix).unlink()
        return
    engine = make_pg_engine(target.location, keyring_password(target.location), application_name())
    try:
        with engine.begin() as conn:
            for name in inspect(conn).get_table_names():
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    finally:
        engine.dispose()
