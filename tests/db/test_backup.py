"""Backups: checked copies with the backup API, rotation (7 daily, 4 weekly, 12 monthly, every
migration backup), the daily and pre-import backups, and restoring — verified first, never a
backup from a newer program, never over a newer store without confirmation."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.backups import (
    BackupSettings,
    RestoreNeedsConfirmation,
    daily_backup,
    list_backups,
    make_backup,
    restore_backup,
    rotate,
    save_backup_settings,
    verify_backup,
)
from app.errors import StoreError, StoreTooNewError
from app.imports.service import import_file
from app.store import open_store
from db.backup import BackupInfo, backup_name, parse_backup, rotation_keep
from db.migrations import CURRENT_VERSION
from tests.delivery.helpers import counts, write_ledger

DATA = Path(__file__).resolve().parents[1] / "data"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A closed store holding one imported ledger sheet of 40 rows."""
    path = tmp_path / "office" / "caseaudit.sqlite"
    store = open_store(path)
    try:
        import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 40), operator="测试")
    finally:
        store.close()
    return path


def _add_rows(path: Path, tmp: Path, first: int) -> None:
    store = open_store(path)
    try:
        import_file(store, "ledger", write_ledger(tmp / f"more{first}.xlsx", 5, first=first, seed=first),
                    operator="测试")
    finally:
        store.close()


def test_a_backup_is_a_checked_copy_under_its_name(filled: Path) -> None:
    dest = make_backup(filled, "manual")
    assert dest.parent == filled.parent / "backups"
    info = parse_backup(dest)
    assert info is not None and info.stem == "caseaudit" and info.reason == "manual"
    assert abs((datetime.now() - info.taken_at).total_seconds()) < 60
    v = verify_backup(dest)
    assert v.ok and v.version == CURRENT_VERSION
    assert counts(dest)["ledger_entries"] == 40
    assert not list(dest.parent.glob("*.partial"))
    assert not Path(str(dest) + "-wal").exists()  # stands alone


def test_an_import_is_preceded_by_a_backup_of_the_store_as_it_was(filled: Path, tmp_path: Path) -> None:
    _add_rows(filled, tmp_path, 1000)
    imports = [b for b in list_backups(filled) if b.reason == "import"]
    assert imports, "no backup before the import"
    assert counts(imports[0].path)["ledger_entries"] == 40  # before the second import
    assert counts(filled)["ledger_entries"] == 45


def test_the_daily_backup_is_made_at_most_once_a_day(filled: Path) -> None:
    for b in list_backups(filled):
        b.path.unlink()
    store = open_store(filled, auto_backup=False)
    try:
        now = datetime(2026, 3, 2, 9, 0)
        first = daily_backup(store, now=now)
        assert first is not None and parse_backup(first).reason == "auto"  # type: ignore[union-attr]
        assert daily_backup(store, now=now + timedelta(hours=8)) is None
        assert daily_backup(store, now=now + timedelta(days=1)) is not None
    finally:
        store.close()


def test_opening_an_existing_store_makes_the_days_backup(filled: Path) -> None:
    for b in list_backups(filled):
        b.path.unlink()
    open_store(filled).close()
    assert [b.reason for b in list_backups(filled)] == ["auto"]
    open_store(filled).close()
    assert len(list_backups(filled)) == 1


def _synthetic(start: datetime, end: datetime) -> list[BackupInfo]:
    out = []
    day = start
    while day <= end:
        for hour, reason in ((3, "auto"), (15, "import")):
            when = day.replace(hour=hour)
            out.append(BackupInfo(Path(backup_name("s", when, reason)), "s", when, reason))
        day += timedelta(days=1)
    return out


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_every_migration_backup() -> None:
    backups = _synthetic(datetime(2025, 1, 1), datetime(2026, 3, 31))  # 2026-03-31 is a Tuesday
    kept_anyway = [BackupInfo(Path(backup_name("s", when, reason)), "s", when, reason)
                   for when, reason in ((datetime(2025, 2, 10, 8), "migration"), (datetime(2025, 2, 11, 8), "manual"),
                                        (datetime(2025, 2, 12, 8), "before-restore"))]
    keep = rotation_keep([*backups, *kept_anyway])
    kept = sorted(b.taken_at for b in [*backups, *kept_anyway] if b.path in keep)
    daily = [datetime(2026, 3, d, 15) for d in range(25, 32)]  # the newest of each of the last 7 days
    weekly = [datetime(2026, 3, 15, 15), datetime(2026, 3, 22, 15)]  # + Sun 29th and Tue 31st, already daily
    monthly = [datetime(2025, m, d, 15) for m, d in ((4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30),
                                                     (10, 31), (11, 30), (12, 31))]
    monthly += [datetime(2026, 1, 31, 15), datetime(2026, 2, 28, 15)]  # + March 31st, already daily
    assert kept == sorted([*daily, *weekly, *monthly, *(b.taken_at for b in kept_anyway)])


def test_rotation_counts_come_from_the_settings_and_files_are_deleted(filled: Path) -> None:
    for b in list_backups(filled):
        b.path.unlink()
    store = open_store(filled, auto_backup=False)
    try:
        save_backup_settings(store, BackupSettings(keep_daily=2, keep_weekly=0, keep_monthly=0))
        start = datetime(2026, 1, 5, 10)
        for n in range(5):
            make_backup(store, "auto", when=start + timedelta(days=n))
        make_backup(store, "migration", when=start - timedelta(days=30), rotate_after=False)
        rotate(store)
        left = sorted((b.taken_at.day, b.reason) for b in list_backups(store))
        assert left == [(6, "migration"), (8, "auto"), (9, "auto")]
        assert sorted(p.name for p in (filled.parent / "backups").iterdir()) == sorted(
            b.path.name for b in list_backups(store))
    finally:
        store.close()


def test_a_configured_backup_folder_is_used(filled: Path, tmp_path: Path) -> None:
    store = open_store(filled, auto_backup=False)
    try:
        save_backup_settings(store, BackupSettings(folder=str(tmp_path / "外部备份")))
        dest = make_backup(store, "manual")
    finally:
        store.close()
    assert dest.parent == tmp_path / "外部备份"
    assert dest in [b.path for b in list_backups(filled)]  # found again from the path alone


def test_restoring_a_backup_brings_back_exactly_its_data(filled: Path, tmp_path: Path) -> None:
    backup = make_backup(filled, "manual")
    _add_rows(filled, tmp_path, 2000)
    assert counts(filled)["ledger_entries"] == 45
    result = restore_backup(backup, filled, allow_newer=True)
    assert _dump(filled) == _dump(backup)
    assert counts(filled)["ledger_entries"] == 40
    assert result.saved_current is not None and counts(result.saved_current)["ledger_entries"] == 45
    store = open_store(filled)  # and it opens as a store again
    store.close()


def test_restoring_into_the_open_store_goes_through_its_lock(filled: Path, tmp_path: Path) -> None:
    backup = make_backup(filled, "manual")
    _add_rows(filled, tmp_path, 3000)
    store = open_store(filled)
    try:
        store.lock.acquire()  # as the window holds it
        with pytest.raises(RestoreNeedsConfirmation, match="之后还有改动"):
            restore_backup(backup, filled, store=store)
        restore_backup(backup, filled, allow_newer=True, store=store)
        assert store.lock.held
        with store.session() as s:
            assert s.connection().exec_driver_sql("SELECT count(*) FROM ledger_entries").scalar() == 40
    finally:
        store.close()
    assert _dump(filled) == _dump(backup)


def test_restoring_over_a_newer_store_needs_confirmation(filled: Path, tmp_path: Path) -> None:
    backup = make_backup(filled, "manual")
    restore_backup(backup, filled)  # nothing changed since: no confirmation needed
    backup = make_backup(filled, "manual")
    _add_rows(filled, tmp_path, 4000)
    before = _sha(filled)
    with pytest.raises(RestoreNeedsConfirmation, match="--yes"):
        restore_backup(backup, filled)
    assert _sha(filled) == before
    restore_backup(backup, filled, allow_newer=True)
    assert counts(filled)["ledger_entries"] == 40


def test_a_backup_from_a_newer_program_is_refused(filled: Path, tmp_path: Path) -> None:
    future = tmp_path / "backups" / backup_name("caseaudit", datetime.now(), "manual")
    future.parent.mkdir()
    shutil.copy(make_backup(filled, "manual"), future)
    con = sqlite3.connect(future)
    con.execute(f"PRAGMA user_version={CURRENT_VERSION + 1}")
    con.commit()
    con.close()
    before = _sha(filled)
    with pytest.raises(StoreTooNewError, match="更新版本"):
        restore_backup(future, filled, allow_newer=True)
    assert _sha(filled) == before


def test_a_damaged_backup_is_refused(filled: Path) -> None:
    backup = make_backup(filled, "manual")
    data = bytearray(backup.read_bytes())
    data[4096 * 2:4096 * 3] = b"\xa5" * 4096
    backup.write_bytes(bytes(data))
    assert not verify_backup(backup).ok
    before = _sha(filled)
    with pytest.raises(StoreError, match="未通过校验"):
        restore_backup(backup, filled, allow_newer=True)
    assert _sha(filled) == before


def test_an_older_backup_is_upgraded_after_restoring(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    old = tmp_path / "backups" / backup_name("s", datetime.now() + timedelta(seconds=5), "manual")
    old.parent.mkdir(exist_ok=True)
    shutil.copy(DATA / "store_v1.sqlite", old)
    result = restore_backup(old, path)
    assert result.upgraded_from == 1
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    con.close()


def test_backups_taken_at_once_by_two_processes_each_get_their_own_name(filled: Path, tmp_path: Path) -> None:
    """Twenty backups each, from two processes, all stamped with the same second: forty files,
    forty names, each a complete checked copy, no .partial left."""
    import subprocess
    import sys
    import textwrap

    root = Path(__file__).resolve().parents[2]
    folder = tmp_path / "same-second"
    barrier = tmp_path / "go"
    code = textwrap.dedent(f"""
        import os, sys, time; sys.path.insert(0, {str(root)!r})
        from datetime import datetime
        from pathlib import Path
        from db.backup import write_backup
        while not os.path.exists({str(barrier)!r}):
            time.sleep(0.001)
        for _ in range(20):
            write_backup(Path({str(filled)!r}), Path({str(folder)!r}), "caseaudit", sys.argv[1],
                         datetime(2024, 1, 5, 10, 10, 10))
    """)
    children = [subprocess.Popen([sys.executable, "-c", code, reason], stderr=subprocess.PIPE, text=True)
                for reason in ("import", "import")]
    time.sleep(0.5)
    barrier.touch()
    for c in children:
        _, err = c.communicate(timeout=120)
        assert c.returncode == 0, err
    made = sorted(folder.iterdir())
    assert len(made) == 40 and not [p for p in made if p.name.endswith(".partial")]
    infos = [parse_backup(p) for p in made]
    assert all(i is not None and i.taken_at == datetime(2024, 1, 5, 10, 10, 10) for i in infos)
    assert sorted(i.seq for i in infos if i is not None) == list(range(40))
    assert all(verify_backup(p).ok and counts(p)["ledger_entries"] == 40 for p in made)
