"""The store: connection settings, schema versions, upgrade from a real v1 file, refusals that
leave a file byte-for-byte untouched, and the one-writer lock across processes."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.errors import StoreError, StoreLockedError, StoreTooNewError
from app.store import open_store
from db import changelog
from db.migrations import CURRENT_VERSION
from db.models import CaseFile, CaseOfficer, ChangeLogEntry, LedgerEntry, Officer, Receipt

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_has_current_version_and_connection_settings(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new.sqlite")
    try:
        with store.session() as s:
            conn = s.connection()
            assert conn.exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        store.close()


def test_a_failed_write_rolls_back_everything(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), store.writing() as s:
        s.add(CaseFile(case_no="X1", case_key="X1"))
        s.flush()
        raise RuntimeError("boom")
    with store.session() as s:
        assert s.scalar(select(CaseFile.id)) is None


def test_foreign_keys_are_enforced(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="FOREIGN KEY|violates foreign key constraint"), store.writing() as s:
        s.add(CaseOfficer(case_id=999, position=0, name="张三", cert_no=""))
        s.flush()


def test_upgrade_from_first_schema_keeps_every_row_and_makes_a_checked_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "store_v1.sqlite", path)
    store = open_store(path)
    try:
        assert store.upgraded_from == 1
        assert store.backup_path is not None and store.backup_path.exists()
        backup = sqlite3.connect(store.backup_path)
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
        assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        backup.close()
        with store.session() as s:
            assert s.connection().exec_driver_sql("PRAGMA user_version").scalar() == CURRENT_VERSION
            case = s.scalar(select(CaseFile))
            assert (case.case_key, case.fine_fen, str(case.decided_on)) == ("沈浑罚字〔2019〕第12号", 1234567, "2019-04-01")
            assert [o.name for o in s.scalars(select(CaseOfficer).order_by(CaseOfficer.position))] == ["王伟", "李娜"]
            assert s.scalar(select(Officer.cert_no).where(Officer.name == "李娜")) == "21010119002"
            assert s.scalar(select(LedgerEntry.receipt_key)) == "辽财罚A00000001"
            assert s.scalar(select(Receipt.amount_fen)) == 1234567
            entries = list(s.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)))
            assert [e.action for e in entries] == ["create", "update"]
            assert entries[0].prev_hash == "" and entries[1].prev_hash == entries[0].hash != ""
            assert changelog.first_bad_entry(s) is None
    finally:
        store.close()
    again = open_store(path)  # a second open does not migrate or back up again
    assert again.upgraded_from is None and again.backup_path is None
    again.close()


def test_store_from_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.execute(f"PRAGMA user_version={CURRENT_VERSION + 5}")
    con.commit()
    con.close()
    before = _sha(path)
    with pytest.raises(StoreTooNewError, match="更新版本"):
        open_store(path)
    assert _sha(path) == before
    assert not Path(str(path) + "-wal").exists()


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a database", b"\x00" * 100 + b"garbage"])
def test_file_that_is_not_a_store_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.sqlite"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="不是本程序的数据库"):
        open_store(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers(name TEXT)")
    con.commit()
    con.close()
    before = _sha(path)
    with pytest.raises(StoreError, match="不是本程序的数据库"):
        open_store(path)
    assert _sha(path) == before


def test_second_process_cannot_write_while_the_lock_is_held(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    store = open_store(path)
    store.lock.acquire()
    try:
        code = textwrap.dedent(f"""
            import sys; sys.path.insert(0, {str(ROOT)!r})
            from app.store import open_store
            from app.errors import StoreLockedError
            s = open_store({str(path)!r})
            try:
                with s.writing() as sess:
                    pass
            except StoreLockedError as e:
                print("LOCKED", e.message); sys.exit(3)
            sys.exit(0)
        """)
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert result.returncode == 3, result.stderr
        assert "另一个程序" in result.stdout
    finally:
        store.close()
    # released: the next process can write
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    open_store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from app.store import open_store
        s = open_store({str(path)!r}); s.lock.acquire(); print("held", flush=True); time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        store = open_store(path)
        with pytest.raises(StoreLockedError):
            store.lock.acquire()
        holder.kill()
        holder.wait(timeout=30)
        store.lock.acquire()  # the OS dropped the dead process's lock
        assert store.lock.held
        store.close()
    finally:
        if holder.poll() is None:
            holder.kill()


@pytest.mark.sqlite_only  # SQLite's own check of its file
def test_integrity_of_new_store(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
