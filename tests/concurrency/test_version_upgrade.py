"""Step 20 on an older store: every edited table gains row_version at 1, the change log sealed
before the step still verifies, and the first edits after it are versioned like any other."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.concurrency import StaleRecordError
from app.exchange import verify_log
from app.records import service
from app.store import open_store
from db import changelog, migrations
from db.engine import make_engine
from db.schema_columns import ADDED_COLUMNS

DATA = Path(__file__).resolve().parents[1] / "data"
VERSIONED = tuple(ADDED_COLUMNS[20])


def _a_version_17_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The version-1 file taken to version 17 by its steps, then written to as a version-17
    program wrote: a unit and a case created, sealed at version 17."""
    shutil.copy(DATA / "store_v1.sqlite", path)
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            for version in range(1, 17):
                migrations.STEPS[version](conn)
            conn.exec_driver_sql("PRAGMA user_version=17")
        monkeypatch.setattr(changelog, "CURRENT_VERSION", 17)
        with Session(engine) as s, s.begin():
            conn = s.connection()
            for table in VERSIONED:  # tables created by steps 3–15 got today's models' columns: as 17 had them
                have = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')}
                if "row_version" in have:
                    conn.exec_driver_sql(f'ALTER TABLE "{table}" DROP COLUMN row_version')
            conn.exec_driver_sql("INSERT INTO units (id, name, field) VALUES (50, '沈阳市水务局', '水务')")
            changelog.append(s, operator="", action="create", table_name="units", record_id=50)
            conn.exec_driver_sql(
                "INSERT INTO cases (id, case_no, case_key, cause, party, party_id, facts, legal_basis, penalty, "
                "fine_fen, decided_on, major, enforcement, archive_location) VALUES (900, '沈水罚字〔2024〕第9号', "
                "'沈水罚字〔2024〕第9号', '违法取水', '某某公司', '', '', '', '罚款', 500000, '2024-02-01', 0, '', '')")
            changelog.append(s, operator="王五", action="create", table_name="cases", record_id=900)
        monkeypatch.undo()
    finally:
        engine.dispose()


def test_an_older_store_upgraded_gains_versions_and_still_verifies(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v17.sqlite"
    _a_version_17_store(path, monkeypatch)
    con = sqlite3.connect(path)
    try:
        assert all("row_version" not in {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')} for t in VERSIONED)
    finally:
        con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 17
        with store.session() as s:
            conn = s.connection()
            for table in VERSIONED:
                info = {r[1]: r for r in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')}
                assert info["row_version"][3] == 1, table  # NOT NULL
                assert {r[0] for r in conn.exec_driver_sql(f'SELECT DISTINCT row_version FROM "{table}"')} <= {1}
        assert verify_log(store)["ok"], verify_log(store)["reason"]

        rec, version = service.get_for_edit(store, "cases", 900)
        assert version == 1
        texts = {"case_no": rec["case_no"], "party": "改过的当事人", "fine_fen": "5000"}
        service.save(store, "cases", texts, record_id=900, operator="赵六", expected_version=version)
        assert service.get_for_edit(store, "cases", 900)[1] == 2
        with pytest.raises(StaleRecordError, match="赵六"):
            service.save(store, "cases", {**texts, "party": "又改"}, record_id=900, expected_version=version)
        assert verify_log(store)["ok"], verify_log(store)["reason"]
    finally:
        store.close()


@pytest.mark.sqlite_only  # an edit of the SQLite file; on PostgreSQL: tests/db/test_pg_changelog.py
def test_a_version_edited_with_sqlite3_after_a_save_is_seen_by_log_verify(store) -> None:  # type: ignore[no-untyped-def]
    """row_version is a column like the others: sealed with the row from step 20 on."""
    uid = service.save(store, "units", {"name": "浑河管理处"})
    assert verify_log(store)["ok"]
    con = sqlite3.connect(store.path)
    try:
        con.execute("UPDATE units SET row_version = 7 WHERE id = ?", (uid,))
        con.commit()
    finally:
        con.close()
    assert not verify_log(store)["ok"]
