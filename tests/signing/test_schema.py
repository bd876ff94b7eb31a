"""Schema step 5→6 on a real version-5 file: the signing tables appear, nothing else changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import open_store
from db.migrations import CURRENT_VERSION, SIGNING_TABLES


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_a_version_5_store_gains_the_signing_tables(tmp_path: Path) -> None:
    path = tmp_path / "v5.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    for table in SIGNING_TABLES:
        con.execute(f"DROP TABLE {table.name}")
    con.execute("PRAGMA user_version=5")
    con.commit()
    before = _tables(con)
    con.close()
    assert CURRENT_VERSION >= 6
    store = open_store(path)
    try:
        assert store.upgraded_from == 5 and store.backup_path is not None and store.backup_path.exists()
        with store.session() as s:
            con2 = s.connection()
            names = {r[0] for r in con2.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            assert names >= before | {"signers", "signed_reports"}  # later steps may add more
            assert con2.exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION
    finally:
        store.close()
    backup = sqlite3.connect(store.backup_path)
    assert "signers" not in _tables(backup) and backup.execute("PRAGMA user_version").fetchone()[0] == 5
    backup.close()
