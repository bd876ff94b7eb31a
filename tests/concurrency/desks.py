"""Another desk on the same store, for tests where this process's window holds the file lock.

On SQLite one window holds the writer lock for as long as it is open (db/lock.py), so a second
program cannot write at all; on PostgreSQL (issue 16) several desks write at once and only the
rows' versions and the database's own locking keep them apart. `other_desk` opens the same file
a second time with its lock taken as held, which is that second situation: its writes go through
the same services, in their own connections and transactions."""

from __future__ import annotations

from pathlib import Path

from db.store import Store
from db.store import open_store as open_db_store


class HeldLock:
    """Stands for a lock held elsewhere on this desk's behalf (Store.locked() does nothing)."""

    held = True

    def release(self) -> None:
        return None


def other_desk(path: Path) -> Store:
    store = open_db_store(path, create=False)
    store.lock = HeldLock()  # type: ignore[assignment]
    return store
