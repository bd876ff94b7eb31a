"""Schema step 18→19: the accounts and measure_accounts tables; an older store gains them empty,
so it keeps working without login, and its change log still verifies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.accounts.enabled import has_accounts
from app.store import open_store
from db.changelog import check_log
from db.migrations import ACCOUNT_TABLES, CURRENT_VERSION


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def test_a_new_store_has_the_account_tables_and_no_accounts(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new.sqlite")
    try:
        assert not has_accounts(store)
    finally:
        store.close()
    assert {t.name for t in ACCOUNT_TABLES} == {"accounts", "measure_accounts"} <= _tables(tmp_path / "new.sqlite")


def test_an_older_store_gains_them_and_its_log_still_verifies(tmp_path: Path) -> None:
    from app.office import set_office_info

    path = tmp_path / "old.sqlite"
    store = open_store(path)
    set_office_info(store, office_name="某某县水务局", operator="测试")  # a change-log entry before the step
    store.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE measure_accounts")
    con.execute("DROP TABLE accounts")
    con.execute("PRAGMA user_version=17")
    con.commit()
    con.close()
    assert "accounts" not in _tables(path)
    store = open_store(path)
    try:
        assert store.upgraded_from == 17 and CURRENT_VERSION >= 19
        assert not has_accounts(store)
        with store.session() as s:
            assert check_log(s).ok
    finally:
        store.close()
    assert {"accounts", "measure_accounts"} <= _tables(path)
