"""Schema 16: a version-15 store gains the process tables after a backup; 12→15 are placeholders."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import open_store
from db.migrations import CURRENT_VERSION, PROCESS_TABLES, STEPS


def test_a_version_15_store_gains_the_process_tables(tmp_path: Path) -> None:
    names = {t.name for t in PROCESS_TABLES}
    assert names == {"process_records", "plan_tasks", "plan_task_progress"} and CURRENT_VERSION >= 16
    assert {12, 13, 14, 15} <= set(STEPS)
    path = tmp_path / "v15.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    for table in reversed(PROCESS_TABLES):
        con.execute(f"DROP TABLE {table.name}")
    con.execute("PRAGMA user_version=15")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 15 and store.backup_path is not None
    finally:
        store.close()
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables >= names and con.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    finally:
        con.close()
