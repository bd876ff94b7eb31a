"""Pre-import backups are kept one per import within the days the daily rule keeps (not only
the day's newest), up to `keep_imports`; start-up backups stay one a day."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from app.backups import BackupSettings, list_backups, make_backup, rotate, save_backup_settings
from app.store import open_store
from db.backup import BackupInfo, backup_name, rotation_keep


def _info(when: datetime, reason: str) -> BackupInfo:
    return BackupInfo(Path(backup_name("s", when, reason)), "s", when, reason)


def test_every_import_of_a_kept_day_keeps_its_backup() -> None:
    day = datetime(2026, 3, 2, 9)
    backups = [_info(day + timedelta(days=d, hours=h), reason) for d in range(10)
               for h, reason in ((0, "auto"), (1, "import"), (2, "import"), (3, "undo"))]
    keep = rotation_keep(backups, daily=3, weekly=0, monthly=0)
    kept = sorted((b.taken_at, b.reason) for b in backups if b.path in keep)
    last_days = [day + timedelta(days=d) for d in (7, 8, 9)]
    assert kept == sorted((d + timedelta(hours=h), r) for d in last_days
                          for h, r in ((1, "import"), (2, "import"), (3, "undo")))  # the day's auto is older


def test_the_per_import_backups_are_capped() -> None:
    day = datetime(2026, 3, 2, 9)
    backups = [_info(day + timedelta(minutes=m), "import") for m in range(50)]
    keep = rotation_keep(backups, daily=7, weekly=0, monthly=0, each=10)
    assert sorted(b.taken_at.minute for b in backups if b.path in keep) == list(range(40, 50))


def test_the_cap_is_a_backup_setting(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite", auto_backup=False)
    try:
        save_backup_settings(store, BackupSettings(keep_daily=2, keep_weekly=0, keep_monthly=0, keep_imports=3))
        start = datetime(2026, 1, 5, 10)
        for n in range(6):
            make_backup(store, "import", when=start + timedelta(minutes=n), rotate_after=False)
        rotate(store)
        assert sorted(b.taken_at.minute for b in list_backups(store)) == [3, 4, 5]
    finally:
        store.close()
