"""Schema step 16→17: the receipts get an index on (series, number), the order the gap query
(RECEIPT_NUMBER_GAP) reads a receipt book in; a new store has it from the start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import open_store
from db.migrations import CURRENT_VERSION

INDEX = "ix_receipts_series_number"


def _index_columns(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[2] for r in con.execute(f"PRAGMA index_info({INDEX})")]
    finally:
        con.close()


def test_a_new_store_has_the_receipt_number_index(tmp_path: Path) -> None:
    open_store(tmp_path / "new.sqlite").close()
    assert _index_columns(tmp_path / "new.sqlite") == ["series", "number"]


def test_a_version_16_store_gains_it_and_keeps_its_receipts(tmp_path: Path) -> None:
    path = tmp_path / "v16.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute(f"DROP INDEX {INDEX}")
    con.execute("INSERT INTO receipts (receipt_no, receipt_key, series, number, payer, case_no, case_key, collector,"
                " onsite, voided, remark, onsite_reason) VALUES ('A0007', 'A0007', 'A', 7, '', '', '', '', 0, 0, '', '')")
    con.execute("PRAGMA user_version=16")
    con.commit()
    con.close()
    assert _index_columns(path) == []
    store = open_store(path)
    try:
        assert store.upgraded_from == 16 and CURRENT_VERSION >= 17
    finally:
        store.close()
    assert _index_columns(path) == ["series", "number"]
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT series, number FROM receipts").fetchall() == [("A", 7)]
        assert con.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION  # this step and every later one ran
    finally:
        con.close()
