"""Schema 9 (issue 11 point 2): the 双公示 fields on cases and the office's credit code on units,
added by one upgrade step; a store of schema version 1 comes through the whole chain with them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.store import open_store
from db.migrations import CURRENT_VERSION

NEW_CASE_COLUMNS = {"party_kind", "penalty_kinds", "penalty_valid_to", "publicity_until"}
V1 = Path(__file__).resolve().parents[1] / "data" / "store_v1.sqlite"


def _columns(con: sqlite3.Connection, table: str) -> dict[str, tuple[str, int, object]]:
    return {r[1]: (r[2], r[3], r[4]) for r in con.execute(f"PRAGMA table_info({table})")}


def test_an_old_store_gets_the_credit_layout_columns_as_a_new_one_has_them(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copyfile(V1, old)
    before = sqlite3.connect(old)
    cases_before = before.execute("SELECT count(*) FROM cases").fetchone()[0]
    before.close()
    open_store(old).close()
    open_store(tmp_path / "new.sqlite").close()

    upgraded, fresh = sqlite3.connect(old), sqlite3.connect(tmp_path / "new.sqlite")
    try:
        assert CURRENT_VERSION >= 9
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        for table, names in (("cases", NEW_CASE_COLUMNS), ("units", {"credit_code"})):
            got, want = _columns(upgraded, table), _columns(fresh, table)
            assert names <= got.keys()
            assert {n: got[n][:2] for n in names} == {n: want[n][:2] for n in names}  # type and NOT NULL
        assert upgraded.execute("SELECT count(*) FROM cases").fetchone()[0] == cases_before
        blank = upgraded.execute("SELECT DISTINCT party_kind, penalty_kinds, penalty_valid_to, publicity_until "
                                 "FROM cases").fetchall()
        assert blank in ([], [("", "", None, None)])
        assert {r[0] for r in upgraded.execute("SELECT credit_code FROM units")} <= {""}
    finally:
        upgraded.close()
        fresh.close()


def test_the_step_adds_only_the_columns_a_store_lacks(tmp_path: Path) -> None:
    """A store set back to version 8 with some of the columns already there (as another step's
    test does it) upgrades without a duplicate-column error and ends with all of them."""
    path = tmp_path / "v8.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE cases DROP COLUMN publicity_until")
    con.execute("ALTER TABLE units DROP COLUMN credit_code")
    con.execute("PRAGMA user_version=8")
    con.commit()
    con.close()

    store = open_store(path)
    try:
        assert store.upgraded_from == 8
    finally:
        store.close()
    con = sqlite3.connect(path)
    try:
        assert _columns(con, "cases").keys() >= NEW_CASE_COLUMNS and "credit_code" in _columns(con, "units")
    finally:
        con.close()
