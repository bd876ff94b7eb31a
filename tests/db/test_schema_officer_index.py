"""Schema step 22→23: case_officers gets an index on (case_id, name, cert_no), from which the
officer rules group each case's officers as written (app/audit/case_columns.py); a new store has
it from the start. On SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from app.store import open_store
from db.models import CaseFile, CaseOfficer
from db.schema_version import CURRENT_VERSION

INDEX = "ix_case_officers_case_name_cert"


def _index_columns(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[2] for r in con.execute(f"PRAGMA index_info({INDEX})")]
    finally:
        con.close()


def test_a_new_store_has_the_officer_index(tmp_path: Path) -> None:
    open_store(tmp_path / "new.sqlite").close()
    assert _index_columns(tmp_path / "new.sqlite") == ["case_id", "name", "cert_no"]


def test_a_version_22_store_gains_it_and_keeps_its_officers(tmp_path: Path) -> None:
    path = tmp_path / "v22.sqlite"
    store = open_store(path)
    try:
        with store.writing() as s:
            s.add(CaseFile(id=1, case_no="C1", case_key="C1"))
            s.add(CaseOfficer(case_id=1, position=0, name="冯八", cert_no="C008"))
    finally:
        store.close()
    con = sqlite3.connect(path)
    con.execute(f"DROP INDEX {INDEX}")
    con.execute("PRAGMA user_version=22")
    con.commit()
    con.close()
    assert _index_columns(path) == []
    store = open_store(path)
    try:
        assert store.upgraded_from == 22 and CURRENT_VERSION >= 23
    finally:
        store.close()
    assert _index_columns(path) == ["case_id", "name", "cert_no"]
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT case_id, name, cert_no FROM case_officers").fetchall() == [(1, "冯八", "C008")]
        assert con.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION  # this step and every later one ran
    finally:
        con.close()


def _pg_index(url: str) -> str | None:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", (INDEX,)).fetchone()
        return None if row is None else str(row[0])


def test_a_version_22_postgresql_store_gains_it(pg_template_database) -> None:
    open_store(pg_template_database).close()
    assert "(case_id, name, cert_no)" in (_pg_index(pg_template_database) or "")  # a new store has it
    with psycopg.connect(pg_template_database) as conn:
        conn.execute(f"DROP INDEX {INDEX}")
        conn.execute("UPDATE caseaudit_schema SET version = 22")
    store = open_store(pg_template_database)
    try:
        assert store.upgraded_from == 22
    finally:
        store.close()
    assert "(case_id, name, cert_no)" in (_pg_index(pg_template_database) or "")
