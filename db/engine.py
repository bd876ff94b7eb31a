"""Engine factory with the connection settings every store gets.

pysqlite's own transaction handling emits BEGIN lazily and not before DDL, so SAVEPOINTs and
"one import = one transaction" would not be what they seem. SQLAlchemy's documented recipe
turns that off and emits BEGIN ourselves on every transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path | str) -> Engine:
    """An engine on the SQLite file at `path` with FK, WAL, synchronous=FULL and busy timeout."""
    engine = create_engine(f"sqlite:///{Path(path)}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see module doc)
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine
