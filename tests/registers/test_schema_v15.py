"""Schema step 14→15 on a version-14 file: the registers' tables appear, the rows already there
stay; a new store has them from the start, and the change log covers their rows."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.registers.complaints import add_complaint
from app.store import open_store
from db.migrations import CURRENT_VERSION, REGISTER_TABLES

NAMES = {"complaints", "complaint_files", "visit_draws", "visits", "surveys", "survey_imports", "survey_responses"}


def test_a_version_14_store_gains_the_register_tables(tmp_path: Path) -> None:
    assert {t.name for t in REGISTER_TABLES} == NAMES and CURRENT_VERSION >= 15
    path = tmp_path / "v14.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    for table in reversed(REGISTER_TABLES):
        con.execute(f"DROP TABLE {table.name}")
    con.execute("INSERT INTO units (name, field, credit_code) VALUES ('市水务局', '水务', '')")
    con.execute("PRAGMA user_version=14")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 14 and store.backup_path is not None
        row = add_complaint(store, received_on=date(2023, 9, 28), channel="信件", subject="升级后登记")
        assert row["id"] == 1
    finally:
        store.close()
    con = sqlite3.connect(path)
    try:
        assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= NAMES
        assert con.execute("SELECT name FROM units").fetchall() == [("市水务局",)]
        assert con.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        assert con.execute("SELECT table_name, row_id FROM change_log_rows WHERE table_name='complaints'").fetchall() \
            == [("complaints", 1)]
    finally:
        con.close()
