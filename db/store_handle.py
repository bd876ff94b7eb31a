"""An open store — the file or server database, its engine and its writer lock — in a module of
its own, so the modules that open and back up each engine's stores (db/store.py, db/pg_store.py,
db/pg_backup.py) can all name it without importing one another.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from db import lock as store_lock
from db.engine import BUSY_TIMEOUT_MS
from db.location import Location
from db.lock import StoreLock
from db.pg_lock import PgWriterLock

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["Store", "checkpoint"]


@dataclass
class Store:
    """An open store: its file, engine and writer lock. `kind` is "sqlite" or "postgresql"; a
    PostgreSQL store's `path` names a local folder's entry for its side files, never a file
    (db/pg_store.py), and `location` is where it is (`display` says it without a password)."""

    path: Path
    engine: Engine
    lock: StoreLock | PgWriterLock
    upgraded_from: int | None = None
    backup_path: Path | None = None
    extra: dict[str, object] = field(default_factory=dict)
    kind: str = "sqlite"
    location: Location | None = None
    secret: str | None = field(default=None, repr=False, compare=False)  # a PostgreSQL password, memory only
    app_name: str = field(default="", repr=False, compare=False)  # how its connections name themselves

    @property
    def display(self) -> str:
        """Where the store is, as shown to people: the file, or the URL without its password."""
        return self.location.display if self.location is not None else str(self.path)

    def session(self) -> Session:
        """An ORM session. Every model is mapped first (db.migrations names them all), as when
        opening imported them: relationships named by class and the change log's look-ups of a
        table by name must not depend on which services a process happened to import."""
        from sqlalchemy.orm import Session

        import db.migrations  # noqa: F401 - for its models, see above

        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the writer lock for one piece of work — an import's checks, backup and write stay
        under it together. Waits for another process's write (db/lock.py); a no-op when the lock
        is already held (a window holds a SQLite store's all along). On PostgreSQL the lock is
        an advisory lock on the server taken here for each piece of work (db/pg_lock.py).

        When the store file has other names (hard links), each name has its own -wal and -shm,
        which SQLite does not share: connections opened before the lock may hold pages another
        name has changed since, and commits left in our -wal would be invisible to the other
        name. So the pool is emptied after taking the lock and the WAL is checkpointed into the
        database file before letting it go."""
        if self.lock.held:
            yield
            return
        self.lock.acquire(wait=store_lock.WRITE_WAIT_SECONDS, role=store_lock.WRITE)
        try:
            if self.lock.linked:
                self.engine.dispose()
            yield
            if self.lock.linked:
                self.engine.dispose()
                checkpoint(self.path)
        finally:
            self.lock.release()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One short write transaction under the writer lock: commit on success, roll back on error."""
        with self.locked(), self.session() as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()
        self.lock.release()


def checkpoint(path: Path) -> None:
    """Copy everything in the store's -wal into the database file and empty the -wal."""
    con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        con.close()


