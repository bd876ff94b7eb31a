"""Schema step 3→4 on a real version-3 file. (The `campaign` commands: tests/cli/test_campaign.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import open_store
from db.migrations import CAMPAIGN_TABLES, CURRENT_VERSION


def test_a_version_3_store_gains_the_campaign_tables(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    for table in CAMPAIGN_TABLES:
        con.execute(f"DROP TABLE {table.name}")
    con.execute("PRAGMA user_version=3")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 3 and store.backup_path is not None
        with store.session() as s:
            names = {r[0] for r in s.connection().exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            assert {t.name for t in CAMPAIGN_TABLES} <= names
            assert s.connection().exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION >= 4
    finally:
        store.close()
