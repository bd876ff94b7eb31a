"""Schema step 6→7 on a real version-6 file: the exchange tables appear, nothing else changes,
and the backup taken first is the untouched version-6 store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import open_store
from db.migrations import CURRENT_VERSION, EXCHANGE_TABLES

NAMES = {"office_keys", "exported_packages", "received_offices", "received_office_keys", "received_packages"}


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_a_version_6_store_gains_the_exchange_tables(tmp_path: Path) -> None:
    assert {t.name for t in EXCHANGE_TABLES} == NAMES and CURRENT_VERSION >= 7
    path = tmp_path / "v6.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    for table in reversed(EXCHANGE_TABLES):  # children before parents
        con.execute(f"DROP TABLE {table.name}")
    con.execute("PRAGMA user_version=6")
    con.commit()
    before = _tables(con)
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 6 and store.backup_path is not None and store.backup_path.exists()
        with store.session() as s:
            conn = s.connection()
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            assert not (before & NAMES) and names >= before | NAMES
            assert conn.exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION
    finally:
        store.close()
    backup = sqlite3.connect(store.backup_path)
    assert not (NAMES & _tables(backup)) and backup.execute("PRAGMA user_version").fetchone()[0] == 6
    backup.close()
