"""Schema step 22→23: case_officers gets indexes on (case_id, name, cert_no, position) and
(cert_no, name), from which the officer rules count each case's names and list the officers as
written (app/audit/case_columns.py); a new store has them from the start. On SQLite and on
PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from app.store import open_store
from db.models import CaseFile, CaseOfficer
from db.schema_version import CURRENT_VERSION

INDEXES = {"ix_case_officers_case_name_cert": ["case_id", "name", "cert_no", "position"],
           "ix_case_officers_cert_name": ["cert_no", "name"]}
PG_COLUMNS = {name: "(" + ", ".join(columns) + ")" for name, columns in INDEXES.items()}


def _index_columns(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        return {name: [r[2] for r in con.execute(f"PRAGMA index_info({name})")] for name in INDEXES}
    finally:
        con.close()


def test_a_new_store_has_the_officer_indexes(tmp_path: Path) -> None:
    open_store(tmp_path / "new.sqlite").close()
    assert _index_columns(tmp_path / "new.sqlite") == INDEXES


def test_a_version_22_store_gains_them_and_keeps_its_officers(tmp_path: Path) -> None:
    path = tmp_path / "v22.sqlite"
    store = open_store(path)
    try:
        with store.writing() as s:
            s.add(CaseFile(id=1, case_no="C1", case_key="C1"))
            s.add(CaseOfficer(case_id=1, position=0, name="冯八", cert_no="C008"))
    finally:
        store.close()
    con = sqlite3.connect(path)
    for name in INDEXES:
        con.execute(f"DROP INDEX {name}")
    con.execute("PRAGMA user_version=22")
    con.commit()
    con.close()
    assert _index_columns(path) == {name: [] for name in INDEXES}
    store = open_store(path)
    try:
        assert store.upgraded_from == 22 and CURRENT_VERSION >= 23
    finally:
        store.close()
    assert _index_columns(path) == INDEXES
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT case_id, name, cert_no FROM case_officers").fetchall() == [(1, "冯八", "C008")]
        assert con.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION  # this step and every later one ran
    finally:
        con.close()


def _pg_indexes(url: str) -> dict[str, str]:
    """{index name: its columns as PostgreSQL writes them} of the officer indexes there."""
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'case_officers'").fetchall()
    return {name: str(sql)[str(sql).rindex("("):].replace('"', "") for name, sql in rows  # "position" is quoted
            if name in INDEXES}


def test_a_version_22_postgresql_store_gains_them(pg_template_database) -> None:
    open_store(pg_template_database).close()
    assert _pg_indexes(pg_template_database) == PG_COLUMNS  # a new store has them
    with psycopg.connect(pg_template_database) as conn:
        for name in INDEXES:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("UPDATE caseaudit_schema SET version = 22")
    assert _pg_indexes(pg_template_database) == {}
    store = open_store(pg_template_database)
    try:
        assert store.upgraded_from == 22
    finally:
        store.close()
    assert _pg_indexes(pg_template_database) == PG_COLUMNS
