"""Schema step 11→12 on a version-11 file: the document tables appear, the new columns are added
to the old tables with their defaults, the rows already there keep their values."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import open_store
from db.migrations import CURRENT_VERSION, DOCUMENT_TABLES, V12_COLUMNS

NAMES = {"issued_documents", "disposition_terms", "typical_cases", "unit_assessments", "unit_reports",
         "unit_report_counts"}


def _columns(con: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in con.execute(f"PRAGMA table_info({table})")}


def test_a_version_11_store_gains_the_document_tables_and_columns(tmp_path: Path) -> None:
    assert {t.name for t in DOCUMENT_TABLES} == NAMES and CURRENT_VERSION >= 12
    path = tmp_path / "v11.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DROP INDEX IF EXISTS ix_problems_unit_report_id")
    for table in ("dispositions", "problems", "officers", "campaigns"):  # each as version 11 had it
        dropped = {c for t, c, _d in V12_COLUMNS if t == table}
        kept = ", ".join(f'"{c}"' for c in sorted(_columns(con, table) - dropped))
        con.execute(f"CREATE TABLE old_{table} AS SELECT {kept} FROM {table}")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE old_{table} RENAME TO {table}")
        assert dropped and not dropped & _columns(con, table)
    for table in reversed(DOCUMENT_TABLES):
        con.execute(f"DROP TABLE {table.name}")
    con.execute("INSERT INTO campaigns (name, doc_no, issuing_body, taxonomy_id, taxonomy_name, taxonomy_source, "
                "hotline, mailbox, active, units_json, grade_bands_json, veto_items_json, created_at, operator) "
                "VALUES ('旧专项', '甲〔2019〕1号', '', 'A', '', '', '', '', 1, '[]', '[]', '[]', "
                "'2019-04-13 00:00:00', '')")
    con.execute("PRAGMA user_version=11")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 11 and store.backup_path is not None
    finally:
        store.close()
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables >= NAMES
        for table, column, _ddl in V12_COLUMNS:
            assert column in _columns(con, table), (table, column)
        assert con.execute("SELECT name, addressee FROM campaigns").fetchall() == [("旧专项", "")]
        assert con.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    finally:
        con.close()
