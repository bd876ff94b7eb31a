"""The change log's key goes with the copy.

The key (db/changelog_key.py) is not among the copied tables: beside a SQLite store it is a
file, on PostgreSQL a table of its own outside the models. Each entry's HMAC and the state row's
MAC were made with it, so a copy whose target got a new key would verify nothing. The source's
key is read where the source keeps it (`load_key_for`, as the change log reads it) and written
where the target keeps its own: the file beside a SQLite target (once, atomically, 0600), or
the first row of a PostgreSQL target's key table.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from app.store import Store
from db.changelog_key import HEADER, KEY_TABLE, db_path_of, key_path, load_key_for
from db.errors import StoreError
from db.stored_version import PG_META


def source_key(store: Store) -> bytes | None:
    """The source's key, or None when its log has never been written (no key yet)."""
    with store.engine.connect() as conn:
        return load_key_for(conn)


def install_key(store: Store, key: bytes) -> Path | None:
    """Make `key` the target's change-log key; returns the file written (None on PostgreSQL,
    where the key table goes with the target's other tables if the copy is undone). A key
    already there is refused rather than replaced: it may be the only copy of another store's."""
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            PG_META.create_all(conn, tables=[KEY_TABLE])
            if conn.execute(select(func.count()).select_from(KEY_TABLE)).scalar():
                raise StoreError("目标数据库中已有变更日志密钥（可能属于另一个数据库）：复制已停止。")
            conn.execute(KEY_TABLE.insert().values(key_hex=key.hex(), created_at=_now()))
            return None
        path = db_path_of(conn)
    if path is None:
        return None
    return _write_key_file(key_path(path), key)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _write_key_file(final: Path, key: bytes) -> Path:
    if final.exists():
        raise StoreError(f"目标的变更日志密钥文件 {final} 已存在（可能属于另一个数据库）：复制已停止。")
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(final.name + ".tmp")
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(f"{HEADER}\n{key.hex()}\n")
        fh.flush()
        os.fsync(fh.fileno())
    with contextlib.suppress(OSError):
        tmp.chmod(0o600)
    os.replace(tmp, final)
    return final
