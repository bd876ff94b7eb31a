"""Opening a store: create, check, back up, migrate; refuse what is too new or not a store.

The version is read through a read-only connection before anything else touches the file, so
a store from a newer program — or a file that is not a store at all — is left byte-for-byte as
it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.engine import make_engine
from db.errors import StoreError, StoreTooNewError
from db.lock import StoreLock
from db.migrations import CURRENT_VERSION, migrate
from db.models import Base

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Store:
    """An open store: its file, engine and writer lock."""

    path: Path
    engine: Engine
    lock: StoreLock
    upgraded_from: int | None = None
    backup_path: Path | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One short write transaction under the writer lock: commit on success, roll back on error."""
        held_before = self.lock.held
        self.lock.acquire()
        try:
            with Session(self.engine, expire_on_commit=False) as s, s.begin():
                yield s
        finally:
            if not held_before:
                self.lock.release()

    def close(self) -> None:
        self.engine.dispose()
        self.lock.release()


def read_version(path: Path) -> int:
    """The store's schema version, read without writing anything. Raises StoreError for a
    file that is not a SQLite database."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"文件 {path} 不是本程序的数据库（不是 SQLite 文件），未作任何改动。")
    if not head:
        return 0
    uri = f"file:{path.as_posix()}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"数据库 {path} 已损坏或无法读取（{exc}），未作任何改动。") from exc


def backup_to(src: Path, dest: Path) -> Path:
    """Copy a live store with SQLite's backup API, then check the copy with integrity_check."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(src))
    target = sqlite3.connect(str(dest))
    try:
        source.backup(target)
        result = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if result != "ok":
        raise StoreError(f"备份 {dest} 校验失败（{result}），已停止升级，原数据库未改动。")
    return dest


def backup_dir_for(path: Path) -> Path:
    return path.parent / "backups"


def open_store(path: Path | str, *, create: bool = True) -> Store:
    """Open (creating if needed) the store at `path`, migrating an older schema after a backup."""
    path = Path(path).expanduser().resolve()
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise StoreError(f"找不到数据库 {path}。")
    version = read_version(path) if exists else 0
    if version > CURRENT_VERSION:
        raise StoreTooNewError(
            f"数据库 {path} 由更新版本的程序创建（结构版本 {version}，本程序支持 {CURRENT_VERSION}），"
            "为避免损坏数据，未作任何改动。请升级本程序。"
        )
    if exists and version == 0 and _has_tables(path):
        raise StoreError(f"文件 {path} 是 SQLite 数据库，但不是本程序的数据库，未作任何改动。")
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = StoreLock(path)
    store = Store(path=path, engine=make_engine(path), lock=lock)
    if version == 0:
        with store.writing() as s:
            Base.metadata.create_all(s.connection())
            s.connection().exec_driver_sql(f"PRAGMA user_version={CURRENT_VERSION}")
    elif version < CURRENT_VERSION:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        store.backup_path = backup_to(path, backup_dir_for(path) / f"{path.stem}.v{version}.{stamp}.sqlite")
        with store.writing() as s:
            migrate(s.connection(), version)
        store.upgraded_from = version
    return store


def _has_tables(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    finally:
        con.close()
