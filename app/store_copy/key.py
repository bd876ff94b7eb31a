"""The change log's key goes with the copy.

The key (db/changelog_key.py) is not in the database: each entry's HMAC and the state row's MAC
were made with it, so a copy whose target got a new key would verify nothing. The source's key
is read where the source keeps it and written, once and atomically, where the target keeps its
own (the same `load_key` / `key_path` look-ups the change log itself uses, so a SQLite file and
a PostgreSQL database each find it in their usual place).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import Engine

from app.store import Store
from db.changelog_key import HEADER, db_path_of, key_path, load_key
from db.errors import StoreError


def _db_path(engine: Engine) -> Path | None:
    with engine.connect() as conn:
        return db_path_of(conn)


def source_key(store: Store) -> bytes | None:
    """The source's key, or None when its log has never been written (no key yet)."""
    return load_key(_db_path(store.engine))


def target_key_file(store: Store) -> Path | None:
    path = _db_path(store.engine)
    return None if path is None else key_path(path)


def install_key(store: Store, key: bytes) -> Path | None:
    """Write `key` as the target's change-log key; returns the file written. A key file already
    there is refused rather than replaced: it may be the only copy of another store's key."""
    final = target_key_file(store)
    if final is None:
        return None
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
