"""The writer lock of a PostgreSQL store: a session-level advisory lock on the server.

Several desks open the same database, so the lock cannot be a file: it is
`pg_advisory_lock(CLASS, WRITER)` held on a connection of its own (outside the engine's pool, so
no pooled connection ever carries it back) for one piece of work — an import's checks, backup
and rows; a command's short transaction. The server drops it when that connection ends, so a
desk that crashes or loses the network never leaves it behind.

Unlike a SQLite store, the window does not hold it while it is open (role SESSION is a no-op
here): desks take it around each work item, and a second writer waits for the first up to
WRITE_WAIT_SECONDS (db/lock.py), polling `pg_try_advisory_lock`, then is refused with a message
naming the holder as its connection's application_name says ("caseaudit <who>@<host>").

The change log takes a second, transaction-level key (CHANGELOG, `pg_advisory_xact_lock`) before
it reads the head and appends, so two desks writing at once never fork the chain.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from db import lock as file_lock
from db.errors import StoreLockedError

if TYPE_CHECKING:
    import psycopg

    from db.location import Location

__all__ = ["CHANGELOG", "LOCK_CLASS", "WRITER", "PgWriterLock", "holder_of"]

LOCK_CLASS = 0x43415345  # "CASE": the first of the two int4 keys, shared by every CaseAudit lock
WRITER = 1
CHANGELOG = 2
POLL_SECONDS = 0.1

_HOLDER = ("SELECT a.application_name, host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
           "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s AND l.objsubid = 2 "
           "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1")


def holder_of(conn: psycopg.Connection[Any], key: int = WRITER) -> str | None:
    """Who holds advisory lock `key` in this database, as its connection names itself."""
    row = conn.execute(_HOLDER, (LOCK_CLASS, key)).fetchone()
    if row is None:
        return None
    name, addr = row
    if name and addr:
        return f"{name}（{addr}）"
    return name or addr or None


class PgWriterLock:
    """The same face as db.lock.StoreLock (held, role, linked, acquire, release)."""

    linked = False  # no hard links on a server

    def __init__(self, location: Location, password: str | None, app_name: str) -> None:
        self.location = location
        self._password = password
        self._app_name = app_name
        self._conn: psycopg.Connection[Any] | None = None
        self.role: str | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def acquire(self, *, wait: float = 0.0, role: str = file_lock.SESSION) -> None:
        """Take the lock for a piece of work (role WRITE); a window's SESSION takes nothing."""
        if self._conn is not None or role == file_lock.SESSION:
            return
        from db.pg_engine import direct_connection

        conn = direct_connection(self.location, self._password, self._app_name)
        deadline = time.monotonic() + wait
        try:
            while not conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (LOCK_CLASS, WRITER)).fetchone()[0]:  # type: ignore[index]
                if time.monotonic() >= deadline:
                    who = holder_of(conn)
                    by = f"由 {who} " if who else "由另一台电脑或另一个程序"
                    raise StoreLockedError(
                        f"数据库 {self.location.where} 正{by}写入，已等待 {wait:g} 秒仍未完成。"
                        "同一时间只能有一处写入，请等对方完成后再试。")
                time.sleep(POLL_SECONDS)
        except BaseException:
            conn.close()
            raise
        self._conn, self.role = conn, role

    def release(self) -> None:
        conn, self._conn, self.role = self._conn, None, None
        if conn is not None:
            conn.close()  # ends the session, which drops its advisory locks

    def __enter__(self) -> PgWriterLock:
        self.acquire(role=file_lock.WRITE)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
