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


def test_a_version_10_store_gains_milestones_submissions_and_the_peoples_columns(tmp_path: Path) -> None:
    """Step 10→11: the leadership members an older store holds stay the leadership group."""
    from app.campaigns import active_campaign, create_campaign
    from app.campaigns.people import add_person, list_people
    from db.migrations import CAMPAIGN_WORK_TABLES

    path = tmp_path / "v10.sqlite"
    store = open_store(path)
    create_campaign(store, name="专项活动", doc_no="沈水依法办发〔2019〕04号", taxonomy="A",
                    leadership=[{"role": "组长", "name": "陈双伟", "title": "局长"}])
    store.close()
    con = sqlite3.connect(path)
    for table in CAMPAIGN_WORK_TABLES:
        con.execute(f"DROP TABLE {table.name}")
    for column in ("group_name", "unit", "phone"):
        con.execute(f"ALTER TABLE campaign_members DROP COLUMN {column}")
    con.execute("PRAGMA user_version=10")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 10 and store.backup_path is not None
        camp = active_campaign(store)
        assert camp is not None and camp["leadership"] == [{"role": "组长", "name": "陈双伟", "title": "局长"}]
        add_person(store, role="联络员", name="王俊澍", unit="局政策法规处", phone="88536778")
        assert [(p["group"], p["name"]) for p in list_people(store)] == [("领导小组", "陈双伟"), ("单位联络员", "王俊澍")]
        with store.session() as s:
            names = {r[0] for r in s.connection().exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            assert {t.name for t in CAMPAIGN_WORK_TABLES} <= names
            assert s.connection().exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION >= 11
    finally:
        store.close()
