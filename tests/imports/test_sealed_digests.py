"""The change-log digests an import seals as it inserts (app/imports/bulk_insert.py) are exactly
those a read-back of the stored rows gives (db/changelog.py written_rows), for every kind, into a
store that already holds rows, into a table whose stored column order is not the model's, and
when a value would come back changed (then the batch is read back); `log verify` holds after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.imports import bulk_insert, writer
from app.imports.service import import_file
from app.imports.undo import undo_import
from app.store import Store, open_store
from db.changelog import check_log, written_rows
from db.models import ChangeLogEntry, LedgerEntry
from db.schema_version import CURRENT_VERSION
from tests.delivery.helpers import write_ledger
from tests.imports.test_officers_receipts import RECEIPTS
from tests.imports.test_undo import _cases_xlsx


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "s.sqlite", auto_backup=False)
    yield s
    s.close()


def _sealed_and_read_back(store: Store, batch_id: int, table: str) -> tuple[bytes, bytes]:
    """(the blob the import's entry sealed, the blob a read-back of the batch gives now)."""
    with store.session() as s:
        entry_id = s.scalar(select(ChangeLogEntry.id).where(ChangeLogEntry.action == "import",
                                                            ChangeLogEntry.record_id == batch_id,
                                                            ChangeLogEntry.table_name == table)
                            .order_by(ChangeLogEntry.id.desc()).limit(1))  # a batch id an undo freed is reused
        sealed = s.connection().exec_driver_sql(
            "SELECT packed FROM change_log_rows WHERE entry_id = ?", (entry_id,)).scalar()
        [(_record, blob)] = written_rows(s, "import", table, batch_id, CURRENT_VERSION)
    assert blob is not None and sealed is not None
    return bytes(sealed), blob


def _log_verifies(store: Store) -> None:
    with store.session() as s:
        result = check_log(s)
    assert result.ok, result.reason


def _seen_digests(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each sealed insert still had its digests when the batch's entry was made."""
    seen: list[bool] = []
    original = bulk_insert.BulkInsert.run

    def run(self: bulk_insert.BulkInsert, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        if self.order[0] == "id":
            seen.append(self.digests is not None)

    monkeypatch.setattr(bulk_insert.BulkInsert, "run", run)
    return seen


def test_every_kind_seals_the_digests_a_read_back_gives(store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _seen_digests(monkeypatch)
    receipts = tmp_path / "收据.csv"
    receipts.write_bytes(RECEIPTS.encode("utf-8-sig"))  # booleans (onsite, voided) and a None amount
    officers = tmp_path / "人员.csv"
    officers.write_text("姓名,执法证号,执法单位,发证日期\n张三,21010012345,第一大队,2019-01-02\n王五,,第一大队,\n",
                        encoding="utf-8")
    imports = [("ledger", write_ledger(tmp_path / "a.xlsx", 40), "ledger_entries"),
               ("ledger", write_ledger(tmp_path / "b.xlsx", 25, first=41, seed=3), "ledger_entries"),
               ("cases", _cases_xlsx(tmp_path / "案卷.xlsx"), "cases"),
               ("receipts", receipts, "receipts"),
               ("officers", officers, "officers")]
    for kind, path, table in imports:
        report = import_file(store, kind, path, skip_invalid=True, operator="甲")
        assert report.imported > 0
        sealed, read_back = _sealed_and_read_back(store, int(report.batch_id), table)
        assert sealed == read_back, kind
    assert seen and all(seen)  # every batch was hashed as inserted, none read back
    _log_verifies(store)


def test_ids_follow_the_rows_already_stored_after_an_undo(store: Store, tmp_path: Path) -> None:
    first = import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 10), operator="甲")
    second = import_file(store, "ledger", write_ledger(tmp_path / "b.xlsx", 10, first=11, seed=3), operator="甲")
    undo_import(store, int(second.batch_id), operator="乙")
    third = import_file(store, "ledger", write_ledger(tmp_path / "c.xlsx", 5, first=21, seed=5), operator="甲")
    with store.session() as s:
        ids = list(s.scalars(select(LedgerEntry.id).where(LedgerEntry.batch_id == third.batch_id)
                             .order_by(LedgerEntry.id)))
        rows = list(s.scalars(select(LedgerEntry.source_row).where(LedgerEntry.batch_id == third.batch_id)
                              .order_by(LedgerEntry.id)))
    assert ids == list(range(11, 16))  # SQLite's own choice: the largest id + 1, in the order written
    assert rows == sorted(rows)
    assert first.batch_id is not None
    sealed, read_back = _sealed_and_read_back(store, int(third.batch_id), "ledger_entries")
    assert sealed == read_back
    _log_verifies(store)


def test_a_stored_column_order_other_than_the_models_is_hashed_in_the_stored_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _seen_digests(monkeypatch)
    path = tmp_path / "s.sqlite"
    open_store(path, auto_backup=False).close()
    con = sqlite3.connect(path)  # as an upgrade leaves a table: a column added at the end
    ddl = con.execute("SELECT sql FROM sqlite_master WHERE name = 'ledger_entries'").fetchone()[0]
    moved = ddl.replace("\tseq VARCHAR(20) NOT NULL, \n", "").replace(
        "\tsource_row INTEGER, \n", "\tsource_row INTEGER, \n\tseq VARCHAR(20) NOT NULL, \n")
    assert moved != ddl
    with con:
        con.execute("DROP TABLE ledger_entries")
        con.execute(moved)
        con.execute("CREATE INDEX ix_ledger_entries_receipt_key ON ledger_entries (receipt_key)")
        con.execute("CREATE INDEX ix_ledger_entries_case_key ON ledger_entries (case_key)")
    con.close()
    store = open_store(path, auto_backup=False)
    try:
        report = import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 12), operator="甲")
        assert seen == [True]
        sealed, read_back = _sealed_and_read_back(store, int(report.batch_id), "ledger_entries")
        assert sealed == read_back
        with store.session() as s:
            seqs = list(s.scalars(select(LedgerEntry.seq).order_by(LedgerEntry.id)))
        assert seqs == [str(i) for i in range(1, 13)]
        _log_verifies(store)
    finally:
        store.close()


def test_a_value_that_would_come_back_changed_has_the_batch_read_back(store: Store, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    original = bulk_insert.BulkInsert.run
    chunks: list[int] = []

    def with_a_float(self: bulk_insert.BulkInsert, rows: list[dict[str, object]], *args: object,
                     **kwargs: object) -> None:
        if rows and "fine_fen" in rows[0]:
            if not chunks:
                rows[0]["fine_fen"] = 5000.0  # an INTEGER column keeps it as 5000: the tuple is not the row
            chunks.append(len(rows))
        original(self, rows, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk_insert.BulkInsert, "run", with_a_float)
    seen = _seen_digests(monkeypatch)
    monkeypatch.setattr(writer, "WRITE_CHUNK", 3)  # the float in the first of three chunks
    report = import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 8), operator="甲")
    assert chunks == [3, 3, 2] and seen == [False, False, False]
    with store.session() as s:
        ids = list(s.scalars(select(LedgerEntry.id).order_by(LedgerEntry.id)))
    assert ids == list(range(1, 9))
    sealed, read_back = _sealed_and_read_back(store, int(report.batch_id), "ledger_entries")
    assert sealed == read_back
    _log_verifies(store)


def test_affinity_follows_sqlites_rules() -> None:
    assert [bulk_insert._affinity(t) for t in ("INTEGER", "BIGINT", "VARCHAR(20)", "TEXT", "CLOB", "BLOB", "",
                                               "REAL", "FLOAT", "DOUBLE", "DATE", "BOOLEAN", "DATETIME")] == [
        "INTEGER", "INTEGER", "TEXT", "TEXT", "TEXT", "BLOB", "BLOB", "REAL", "REAL", "REAL", "NUMERIC",
        "NUMERIC", "NUMERIC"]


def test_a_generated_column_has_the_batch_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path, auto_backup=False).close()
    con = sqlite3.connect(path)  # `SELECT *` gives it, PRAGMA table_info does not
    with con:
        con.execute("ALTER TABLE ledger_entries ADD COLUMN doubled INTEGER GENERATED ALWAYS AS (fine_fen * 2) VIRTUAL")
    con.close()
    seen = _seen_digests(monkeypatch)
    store = open_store(path, auto_backup=False)
    try:
        report = import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 6), operator="甲")
        assert seen == []  # not hashed as inserted: the rows have a column the insert does not write
        sealed, read_back = _sealed_and_read_back(store, int(report.batch_id), "ledger_entries")
        assert sealed == read_back
        _log_verifies(store)
    finally:
        store.close()
