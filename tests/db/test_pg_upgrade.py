"""Upgrading a PostgreSQL store: the same steps as SQLite's, after a pg_dump checked with
pg_restore --list; without the PostgreSQL client programs the upgrade is refused, nothing changed."""

from __future__ import annotations

import json
import subprocess

import psycopg
import pytest

from app.errors import StoreError
from app.store import open_store
from db import pg_backup
from db.schema_columns import ADDED_COLUMNS, engine_ddl
from db.schema_version import CURRENT_VERSION


def _set_back_to_16(url: str) -> None:
    """A v16 store: version 16 and without the index step 17 adds."""
    open_store(url).close()
    with psycopg.connect(url) as conn:
        conn.execute("DROP INDEX ix_receipts_series_number")
        conn.execute("UPDATE caseaudit_schema SET version = 16")


def _indexes(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'receipts'")}


def test_an_older_store_is_upgraded_after_a_checked_dump(pg_template_database) -> None:
    _set_back_to_16(pg_template_database)
    store = open_store(pg_template_database)
    try:
        assert store.upgraded_from == 16
        assert store.backup_path is not None and store.backup_path.name.endswith(".migration.dump")
        listed = subprocess.run([str(pg_backup.pg_tool("pg_restore")), "--list", str(store.backup_path)],
                                capture_output=True, text=True, check=True).stdout
        assert "TABLE DATA public receipts" in listed
    finally:
        store.close()
    assert "ix_receipts_series_number" in _indexes(pg_template_database)
    with psycopg.connect(pg_template_database) as conn:
        assert conn.execute("SELECT version FROM caseaudit_schema").fetchone() == (CURRENT_VERSION,)


def test_without_pg_dump_the_upgrade_is_refused_and_nothing_changes(pg_template_database, monkeypatch) -> None:
    _set_back_to_16(pg_template_database)
    monkeypatch.setattr(pg_backup, "pg_tool", lambda _name: None)
    with pytest.raises(StoreError, match="没有找到 PostgreSQL 的 pg_dump.*已停止升级，数据库未改动"):
        open_store(pg_template_database)
    assert "ix_receipts_series_number" not in _indexes(pg_template_database)
    with psycopg.connect(pg_template_database) as conn:
        assert conn.execute("SELECT version FROM caseaudit_schema").fetchone() == (16,)


def test_the_backup_command_writes_a_checked_dump(pg_template_database) -> None:
    from tests.cli.helpers import run_cli

    done = run_cli("--db", pg_template_database, "backup", "create", "--json")
    assert done.returncode == 0, done.stderr
    assert '.manual.dump"' in done.stdout


def test_every_added_column_is_accepted_by_postgresql(pg_database) -> None:
    """The columns steps add (db/schema_columns.py) as PostgreSQL runs them, on throwaway tables."""
    with psycopg.connect(pg_database) as conn:
        for tables in ADDED_COLUMNS.values():
            for table in tables:
                conn.execute(f'CREATE TABLE IF NOT EXISTS "{table}" (id serial PRIMARY KEY)')
        for name in ("officers", "issued_documents", "unit_reports"):
            conn.execute(f'CREATE TABLE IF NOT EXISTS "{name}" (id serial PRIMARY KEY)')
        for tables in ADDED_COLUMNS.values():
            for table, columns in tables.items():
                for column, ddl in columns:
                    conn.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{column}" '
                                 f'{engine_ddl(ddl, "postgresql")}')
        conn.execute('INSERT INTO cases DEFAULT VALUES')
        assert conn.execute("SELECT surcharge_exempt FROM cases").fetchone() == (False,)


def test_a_dump_verifies_lists_and_is_not_restored_over_the_server(pg_template_database) -> None:
    from tests.cli.helpers import run_cli

    made = json.loads(run_cli("--db", pg_template_database, "backup", "create", "--json").stdout)["backup"]
    done = run_cli("--db", pg_template_database, "backup", "verify", made, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema_version"] == CURRENT_VERSION
    listed = json.loads(run_cli("--db", pg_template_database, "backup", "list", "--json").stdout)
    assert [b["path"] for b in listed] == [made]
    done = run_cli("--db", pg_template_database, "backup", "restore", made, "--yes")
    assert done.returncode == 2 and "pg_restore --clean" in done.stderr
