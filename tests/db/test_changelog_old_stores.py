"""Old stores upgraded to the current schema keep a change log that verifies: the real version-1
file, and a store whose rows were sealed at version 8 (the first keyed log) before steps 9–12
added columns to cases and units."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session

from app.exchange import verify_log
from app.store import open_store
from db import changelog, migrations
from db.engine import make_engine
from db.schema_columns import added_after
from db.schema_version import CURRENT_VERSION

DATA = Path(__file__).resolve().parents[1] / "data"


def _sql(path: Path, statement: str) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(statement)
        con.commit()
    finally:
        con.close()


def test_the_version_1_file_upgraded_to_current_verifies_before_and_after_writing(tmp_path: Path) -> None:
    from app.imports.service import import_file

    path = tmp_path / "v1.sqlite"
    shutil.copy(DATA / "store_v1.sqlite", path)
    store = open_store(path)
    try:
        assert store.upgraded_from == 1
        assert verify_log(store)["ok"], verify_log(store)["reason"]
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["案号", "当事人", "案由", "罚款金额（元）", "立案日期", "处罚决定日期", "承办人", "执法单位"])
        ws.append(["沈水罚字〔2024〕第901号", "某某公司", "违法取水", 5000, "2024-01-10", "2024-02-01", "张三", "沈阳市水务局"])
        wb.save(tmp_path / "案卷.xlsx")
        import_file(store, "cases", tmp_path / "案卷.xlsx", unit="沈阳市水务局")
        assert verify_log(store)["ok"], verify_log(store)["reason"]
        _sql(path, "UPDATE cases SET fine_fen = 1 WHERE case_no = '沈水罚字〔2024〕第901号'")
        assert not verify_log(store)["ok"]
    finally:
        store.close()


def _a_version_8_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The version-1 file taken to version 8 by steps 1–7, then written to as a version-8 program
    wrote: rows with the columns version 8 had, sealed at version 8 — an import's batch (packed),
    a case edited, a unit created."""
    shutil.copy(DATA / "store_v1.sqlite", path)
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            for version in range(1, 8):
                migrations.STEPS[version](conn)
            conn.exec_driver_sql("PRAGMA user_version=8")
            cases = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(cases)")}
            assert added_after(8, "cases") and not added_after(8, "cases") & cases  # cases as version 8 had it
        monkeypatch.setattr(changelog, "CURRENT_VERSION", 8)
        with Session(engine) as s, s.begin():
            conn = s.connection()
            conn.exec_driver_sql(
                "INSERT INTO import_batches (id, kind, file_name, sha256, sheet, header_row, imported_at, operator, "
                "rows_read, imported, skipped_blank, rejected, mapping_json) VALUES (7, 'cases', '案卷.xlsx', "
                "'ab', 'Sheet1', 1, '2024-03-01 09:00:00', '', 2, 2, 0, 0, '{}')")
            for n in (31, 32):
                conn.exec_driver_sql(
                    "INSERT INTO cases (case_no, case_key, cause, party, party_id, facts, legal_basis, penalty, "
                    "fine_fen, decided_on, major, enforcement, archive_location, batch_id, source_row) VALUES "
                    f"('沈水罚字〔2024〕第{n}号', '沈水罚字〔2024〕第{n}号', '违法取水', '某某公司', '', '', '', "
                    f"'罚款', {n}00000, '2024-02-01', 0, '', '', 7, {n})")
            changelog.append(s, operator="", action="import", table_name="cases", record_id=7)
            conn.exec_driver_sql("UPDATE cases SET archive_location = '档案室' WHERE id = 1")
            changelog.append(s, operator="", action="update", table_name="cases", record_id=1)
            conn.exec_driver_sql("INSERT INTO units (id, name, field) VALUES (5, '沈阳市水务局', '水务')")
            changelog.append(s, operator="", action="create", table_name="units", record_id=5)
        monkeypatch.undo()
        with engine.connect() as conn:
            assert {r[0] for r in conn.exec_driver_sql("SELECT DISTINCT schema FROM change_log_rows")} == {8}
    finally:
        engine.dispose()


@pytest.mark.parametrize(("tamper", "table"), [
    (None, None),
    ("UPDATE cases SET fine_fen = 1 WHERE case_no = '沈水罚字〔2024〕第32号'", "cases"),  # in the packed batch
    ("UPDATE cases SET archive_location = '别处' WHERE id = 1", "cases"),
    ("UPDATE units SET field = '别的'", "units"),
])
def test_a_store_sealed_at_version_8_verifies_after_the_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                tamper: str | None, table: str | None) -> None:
    path = tmp_path / "v8.sqlite"
    _a_version_8_store(path, monkeypatch)
    store = open_store(path)
    try:
        assert store.upgraded_from == 8 and CURRENT_VERSION > 8
        with store.session() as s:
            columns = {r[1] for r in s.connection().exec_driver_sql("PRAGMA table_info(cases)")}
        assert added_after(8, "cases") <= columns  # steps 9–12 added their columns
        if tamper is None:
            assert verify_log(store)["ok"], verify_log(store)["reason"]
        else:
            _sql(path, tamper)
            result = verify_log(store)
            assert not result["ok"] and f"表 {table}" in result["reason"] and "的内容被改动" in result["reason"]
    finally:
        store.close()
