"""Backups of the store: when they are made, where they go, how many are kept, and restoring.

    make_backup(store_or_path, reason) -> Path        SQLite backup API + integrity_check, then rotation
    daily_backup(store) -> Path | None                 at start-up, at most once a day
    before_write(store, what) -> Path                  before an import (migrations back up in db/store)
    list_backups(store_or_path) · verify_backup(path) · restore_backup(path, store_path, ...)

Settings (in the store's `settings` table): `backup.folder` (default `<store dir>/backups`) and
`backup.keep_daily|keep_weekly|keep_monthly` (7, 4, 12) for the automatic backups (start-up,
before an import or its undo), and `backup.keep_imports` (30): within the daily days every
pre-import backup is kept, one per import, up to that many; manual, pre-migration and
pre-restore backups are never rotated away.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.logs import logged
from app.settings import read_settings, write_settings
from db.backup import (
    FOLDER_SETTING,
    BackupInfo,
    Verification,
    check_file,
    connect_readonly,
    copy_database,
    find_backups,
    read_setting,
    rotation_keep,
    verify_file,
    write_backup,
)
from db.engine import BUSY_TIMEOUT_MS
from db.errors import StoreError, StoreTooNewError
from db.lock import StoreLock
from db.schema_version import CURRENT_VERSION
from db.store import Store, backup_dir_for, upgrade
from db.store import open_store as open_db_store

__all__ = ["CURRENT_VERSION", "BackupInfo", "BackupSettings", "RestoreNeedsConfirmation", "RestoreResult", "Verification",
           "backup_folder", "backup_settings", "before_write", "daily_backup", "list_backups", "make_backup",
           "restore_backup", "rotate", "save_backup_settings", "store_changed_since", "verify_backup"]

PREFIX = "backup."
DEFAULT_KEEP = {"keep_daily": 7, "keep_weekly": 4, "keep_monthly": 12, "keep_imports": 30}
REASON_LABELS = {"auto": "每日自动", "import": "导入前", "undo": "撤销导入前", "migration": "升级前", "manual": "手动",
                 "before-restore": "恢复前"}


@dataclass(frozen=True)
class BackupSettings:
    folder: str = ""  # empty: `<store dir>/backups`
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    keep_imports: int = 30  # the pre-import backups kept one per import within the daily days


def _path_of(store_or_path: Store | Path | str) -> Path:
    if isinstance(store_or_path, Store):
        return store_or_path.path
    return Path(store_or_path).expanduser().resolve()


def backup_settings(store_or_path: Store | Path | str) -> BackupSettings:
    if isinstance(store_or_path, Store):
        raw = read_settings(store_or_path, PREFIX)
    else:
        path = _path_of(store_or_path)
        raw = {k: v for k in ("folder", *DEFAULT_KEEP)
               if (v := read_setting(path, PREFIX + k) if path.exists() else None) is not None}
    keep = {}
    for key, default in DEFAULT_KEEP.items():
        try:
            keep[key] = max(0, int(raw.get(key, default)))
        except ValueError:
            keep[key] = default
    return BackupSettings(folder=raw.get("folder", ""), **keep)


def save_backup_settings(store: Store, settings: BackupSettings, *, operator: str = "") -> BackupSettings:
    """Store the backup folder (checked writable) and the rotation counts (0–1000)."""
    for name in DEFAULT_KEEP:
        value = getattr(settings, name)
        if not 0 <= value <= 1000:
            raise StoreError(f"保留份数须在 0 到 1000 之间（{value}）。")
    folder = settings.folder.strip()
    if folder:
        target = Path(folder).expanduser()
        try:
            target.mkdir(parents=True, exist_ok=True)
            probe = target / ".caseaudit-write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StoreError(f"备份文件夹 {target} 无法写入（{exc.strerror or exc}），设置未保存。") from exc
    write_settings(store, {FOLDER_SETTING: folder or None,
                           **{PREFIX + k: str(getattr(settings, k)) for k in DEFAULT_KEEP}}, operator=operator)
    return backup_settings(store)


def backup_folder(store_or_path: Store | Path | str) -> Path:
    folder = backup_settings(store_or_path).folder
    return Path(folder).expanduser() if folder else backup_dir_for(_path_of(store_or_path))


def _folders(store_or_path: Store | Path | str) -> list[Path]:
    chosen, default = backup_folder(store_or_path), backup_dir_for(_path_of(store_or_path))
    return [chosen] if chosen == default else [chosen, default]


def list_backups(store_or_path: Store | Path | str) -> list[BackupInfo]:
    """The store's backups in its backup folder (and the default one), newest first."""
    return find_backups(_folders(store_or_path), _path_of(store_or_path).stem)


def make_backup(store_or_path: Store | Path | str, reason: str = "manual", *,
                when: datetime | None = None, rotate_after: bool = True) -> Path:
    """A checked copy of the store in its backup folder, then rotation. Raises StoreError when the
    copy cannot be written or fails integrity_check (the store itself is never touched)."""
    path = _path_of(store_or_path)
    with logged("backup", path, reason=reason) as facts:
        try:
            if isinstance(store_or_path, Store) and store_or_path.kind == "postgresql":
                from db.pg_backup import write_pg_backup  # pg_dump, checked with pg_restore --list

                dest = write_pg_backup(store_or_path, backup_folder(store_or_path), reason, when=when)
            else:
                dest = write_backup(path, backup_folder(store_or_path), path.stem, reason, when)
        except OSError as exc:
            raise StoreError(f"无法写入备份文件夹 {backup_folder(store_or_path)}（{exc.strerror or exc}）。") from exc
        facts["bytes"] = dest.stat().st_size
        if rotate_after:
            facts["rotated_away"] = len(rotate(store_or_path))
    return dest


def rotate(store_or_path: Store | Path | str) -> list[Path]:
    """Delete the backups the rotation does not keep; returns what was deleted."""
    s = backup_settings(store_or_path)
    backups = list_backups(store_or_path)
    keep = rotation_keep(backups, daily=s.keep_daily, weekly=s.keep_weekly, monthly=s.keep_monthly,
                         each=s.keep_imports)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def daily_backup(store: Store, *, now: datetime | None = None) -> Path | None:
    """The automatic start-up backup: made unless a backup was already taken today."""
    today = (now or datetime.now()).date()
    if any(b.taken_at.date() == today for b in list_backups(store)):
        return None
    return make_backup(store, "auto", when=now)


def before_write(store: Store, what: str = "import") -> Path:
    """A backup just before a large write (an import); a failure refuses the write."""
    try:
        return make_backup(store, what)
    except StoreError as exc:
        raise StoreError(f"写入前无法备份数据库，操作已取消，数据库未改动：{exc.message}") from exc


def verify_backup(path: Path | str) -> Verification:
    """integrity_check and the schema version of a backup file, read-only (a PostgreSQL dump:
    pg_restore reads its contents and version, db/pg_backup.py)."""
    if Path(path).name.endswith(".dump"):
        from db.pg_backup import verify_dump

        return verify_dump(Path(path))
    return verify_file(Path(path))


def check_restorable(path: Path | str) -> Verification:
    """A verified backup this program can use; StoreError / StoreTooNewError otherwise."""
    v = verify_backup(path)
    if not v.ok:
        raise StoreError(f"备份 {path} 未通过校验（{v.detail}），不能用于恢复。")
    if v.version > CURRENT_VERSION:
        raise StoreTooNewError(f"备份 {path} 由更新版本的程序创建（结构版本 {v.version}，本程序支持 "
                               f"{CURRENT_VERSION}），不能用于恢复。请升级本程序。")
    return v


# --- restoring --------------------------------------------------------------------------------------
class RestoreNeedsConfirmation(StoreError):
    """The store was changed after the backup was taken: restoring would lose those changes."""


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    saved_current: Path | None  # the 'before-restore' backup (or the damaged file kept aside)
    upgraded_from: int | None


def _log_head(path: Path) -> tuple[int, str] | None:
    try:
        con = connect_readonly(path)
        try:
            row = con.execute("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:  # no change log (not readable): judged by the file times alone
        return None
    return (int(row[0]), str(row[1])) if row else (0, "")


def store_changed_since(backup: Path | str, store_path: Path | str) -> bool:
    """True when the store holds changes made after `backup` was written: its file (or its
    -wal) is younger than the backup, or its change log goes further."""
    backup, store_path = Path(backup), Path(store_path)
    if not store_path.exists():
        return False
    times = [p.stat().st_mtime for p in (store_path, Path(str(store_path) + "-wal")) if p.exists()]
    if max(times) > backup.stat().st_mtime:
        return True
    ours, theirs = _log_head(store_path), _log_head(backup)
    return ours is not None and theirs is not None and ours[0] > theirs[0]


def restore_backup(backup: Path | str, store_path: Path | str, *, allow_newer: bool = False,
                   store: Store | None = None) -> RestoreResult:
    """Put a verified backup in place of the store.

    Refused when the backup fails verification or comes from a newer program; when the store
    changed after the backup, only with `allow_newer` (the user confirmed). The current store is
    first backed up ('before-restore'), or — when it is damaged — kept aside unchanged as
    `<stem>.damaged-<time>.sqlite`. With `store` (open in this process) the backup is copied in
    through SQLite's backup API under the writer lock; without, the file is replaced atomically
    under the lock. An older backup is migrated afterwards, as at open."""
    backup, store_path = Path(backup).resolve(), Path(store_path).expanduser().resolve()
    with logged("restore", store_path, live=store is not None) as facts:
        result = _restore(backup, store_path, allow_newer, store)
        facts["upgraded_from"] = result.upgraded_from
        return result


def _restore(backup: Path, store_path: Path, allow_newer: bool, store: Store | None) -> RestoreResult:
    if backup.name.endswith(".dump") or (store is not None and store.kind == "postgresql"):
        raise StoreError(f"服务器上的数据库不由本程序恢复（其他电脑可能正在使用）：请管理员在服务器上用 "
                         f"pg_restore --clean --if-exists --dbname 数据库名 {backup} 恢复，本程序未作任何改动。")
    check_restorable(backup)
    if not allow_newer and store_changed_since(backup, store_path):
        raise RestoreNeedsConfirmation(
            f"数据库 {store_path.name} 在备份 {backup.name} 之后还有改动，恢复会丢失这些改动。"
            "如确要恢复，请确认（命令行加 --yes）；恢复前会先备份当前数据库。")
    if store is not None:
        return _restore_live(backup, store)
    return _restore_file(backup, store_path)


def _restore_live(backup: Path, store: Store) -> RestoreResult:
    held = store.lock.held
    store.lock.acquire()
    try:
        saved = make_backup(store, "before-restore", rotate_after=False)
        source = connect_readonly(backup)
        target = sqlite3.connect(str(store.path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            source.backup(target)
            detail = target.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(f"恢复失败（{exc}）。恢复前的数据库已备份为 {saved}。") from exc
        finally:
            target.close()
            source.close()
        store.engine.dispose()
        if detail != "ok":
            raise StoreError(f"恢复后的数据库未通过检查（{detail}）。恢复前的数据库已备份为 {saved}。")
        return RestoreResult(backup, saved, upgrade(store))
    finally:
        if not held:
            store.lock.release()


def _restore_file(backup: Path, store_path: Path) -> RestoreResult:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    saved: Path | None = None
    with StoreLock(store_path):
        if store_path.exists() and store_path.stat().st_size > 0:
            if check_file(store_path) == "ok":
                saved = make_backup(store_path, "before-restore", rotate_after=False)
            else:
                saved = _keep_aside(store_path)
        partial = store_path.with_name(store_path.name + ".restoring")  # 0600, as every backup
        source = connect_readonly(backup)
        try:
            copy_database(source, partial)
        finally:
            source.close()
        for suffix in ("-wal", "-shm", "-journal"):  # an old WAL must never be replayed onto the backup
            Path(str(store_path) + suffix).unlink(missing_ok=True)
        os.replace(partial, store_path)
    reopened = open_db_store(store_path)  # migrates an older backup (after a 'migration' backup)
    reopened.close()
    return RestoreResult(backup, saved, reopened.upgraded_from)


def _keep_aside(store_path: Path) -> Path:
    """A damaged store is copied aside byte for byte (with its -wal) before it is replaced."""
    aside = store_path.with_name(f"{store_path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}{store_path.suffix}")
    shutil.copy2(store_path, aside)
    wal = Path(str(store_path) + "-wal")
    if wal.exists():
        shutil.copy2(wal, Path(str(aside) + "-wal"))
    return aside
