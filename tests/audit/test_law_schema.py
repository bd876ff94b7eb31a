"""Schema step 9→10: a store without the law columns gains them, keeps its cases, and audits."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

from app.audit import service
from app.store import open_store
from db.migrations import CURRENT_VERSION, LAW_COLUMNS
from db.models import CaseFile


def test_a_version_9_store_gains_the_law_columns(tmp_path: Path) -> None:
    path = tmp_path / "v9.sqlite"
    store = open_store(path)
    with store.writing() as s:
        s.execute(insert(CaseFile).values(case_no="C〔2019〕1号", case_key="C〔2019〕1号", decided_on=date(2019, 5, 6)))
    store.close()
    con = sqlite3.connect(path)
    for table, column, _spec in LAW_COLUMNS:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("PRAGMA user_version=9")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 9 and CURRENT_VERSION >= 10
        with store.session() as s:
            conn = s.connection()
            for table, column, _spec in LAW_COLUMNS:
                assert column in {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
            case = s.scalars(select(CaseFile)).one()
            assert (case.field, case.legal_review_outcome, case.surcharge_exempt) == ("", "", False)
        service.run_audit(store, as_of=date(2025, 6, 30))
        assert service.count_findings(store) >= 1
    finally:
        store.close()
