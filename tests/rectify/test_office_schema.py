"""Office details in `settings`, and schema step 4→5 on a real version-4 file."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from app.errors import UserError
from app.office import office_info, set_office_info
from app.store import Store, open_store
from db.changelog import first_bad_entry
from db.migrations import CURRENT_VERSION, RECTIFY_TABLES


def test_office_id_is_made_once_and_stays(store: Store, tmp_path: Path) -> None:
    info = office_info(store)
    assert info == {"office_name": "", "office_unit": "", "office_id": info["office_id"], "principal_leader": "",
                    "doc_prefix": "", "contact_person": "", "contact_phone": ""}
    assert uuid.UUID(info["office_id"]).version == 4
    assert office_info(store)["office_id"] == info["office_id"]
    store.close()
    reopened = open_store(store.path if store.kind == "sqlite" else store.display)  # a file, or the server's URL
    try:
        assert office_info(reopened)["office_id"] == info["office_id"]
    finally:
        reopened.close()


def test_set_office_info_changes_only_what_is_given(store: Store) -> None:
    set_office_info(store, office_name="沈阳市水务局", principal_leader="王局长", operator="法规处")
    info = set_office_info(store, office_unit="政策法规处", doc_prefix="沈水依法办发")
    assert (info["office_name"], info["office_unit"], info["principal_leader"], info["doc_prefix"]) == (
        "沈阳市水务局", "政策法规处", "王局长", "沈水依法办发")
    assert office_info(store) == info
    with pytest.raises(UserError, match="office_id"):
        set_office_info(store, office_id="x")
    with pytest.raises(UserError, match="不能为空"):
        set_office_info(store, office_name=" ")
    with store.session() as s:
        assert first_bad_entry(s) is None


def test_a_version_4_store_gains_the_rectification_tables(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    for table in reversed(RECTIFY_TABLES):
        con.execute(f"DROP TABLE {table.name}")
    con.execute("PRAGMA user_version=4")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 4 and store.backup_path is not None and CURRENT_VERSION >= 5
        with store.session() as s:
            conn = s.connection()
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            assert {t.name for t in RECTIFY_TABLES} <= names
            assert conn.exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION
        assert office_info(store)["office_id"]
    finally:
        store.close()
