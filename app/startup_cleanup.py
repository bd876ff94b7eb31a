"""What a killed program leaves behind, removed at the next start (app/store.py calls this when a
store is opened, at most once per process and store).

Only what is ours, and only what no running program is still using — two programs may be
running at once:

- `<store>.restoring` and `<store>.restoring.partial` beside the store: a restore writes them under
  the store's writer lock, so they are removed only while we hold that lock (taken without
  waiting; if another program holds it, they are left for later);
- `<stem>.<stamp>.<reason>.sqlite.partial` in the store's backup folders: a backup being written
  keeps changing its file, so only those untouched for STALE_SECONDS are removed;
- `caseaudit-package-*` working folders in the temp folder, owned by this user and not a link:
  one whose `.in-use` file (app/private_files.private_work_dir) is locked belongs to a live
  program and is kept; one whose `.in-use` is not locked is removed; one without it (made by
  TemporaryDirectory) is removed once nothing in it changed for STALE_SECONDS;
- identity lock files in the lock folder (db/lock.py) that nobody holds.

Whatever cannot be removed (a file in use on Windows, no permission) is left and logged; the
start goes on.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from app.private_files import IN_USE
from db.backup import PARTIAL, parse_backup
from db.errors import StoreError
from db.lock import lock_folder, release_file, try_lock_file
from db.private_files import POSIX
from db.store import Store

__all__ = ["PACKAGE_PREFIX", "STALE_SECONDS", "clean_at_start", "clean_backup_partials", "clean_lock_files",
           "clean_restore_leftovers", "clean_work_dirs"]

PACKAGE_PREFIX = "caseaudit-package-"
STALE_SECONDS = 3600.0  # a live backup or export touches its files far more often than this
RESTORE_LEFTOVERS = (".restoring", ".restoring" + PARTIAL, ".restoring" + PARTIAL + "-journal")

log = logging.getLogger("caseaudit.cleanup")
_done: set[str] = set()


def clean_at_start(store: Store, backup_folders: Iterable[Path]) -> list[Path]:
    """Everything this module removes, once per process (the temp folder) and store."""
    removed: list[Path] = []
    if str(store.path) not in _done:
        _done.add(str(store.path))
        removed += clean_restore_leftovers(store)
        removed += clean_backup_partials(backup_folders, store.path.stem)
    if "" not in _done:
        _done.add("")
        removed += clean_work_dirs(Path(tempfile.gettempdir()))
        removed += clean_lock_files()
    if removed:
        log.info("cleanup removed=%d", len(removed))
    return removed


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:  # in use (Windows) or not ours to remove: left for a later start
        log.info("cleanup kept path=%s error=%s", path, type(exc).__name__)
        return False
    return True


def _ours(st: os.stat_result) -> bool:
    return not POSIX or st.st_uid == os.geteuid()


def clean_restore_leftovers(store: Store) -> list[Path]:
    """The store's restore leftovers, while holding its lock (not waiting for it)."""
    found = [p for s in RESTORE_LEFTOVERS if (p := Path(str(store.path) + s)).exists()]
    if not found:
        return []
    held = store.lock.held
    try:
        store.lock.acquire()
    except StoreError:  # another program holds the store: perhaps restoring right now
        return []
    try:
        return [p for p in found if _remove(p)]
    finally:
        if not held:
            store.lock.release()


def _age(path: Path, now: float) -> float:
    """Seconds since anything in `path` (a file, or a folder and all it holds) last changed."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                try:
                    newest = max(newest, os.lstat(os.path.join(root, name)).st_mtime)
                except FileNotFoundError:
                    continue
    return now - newest


def clean_backup_partials(folders: Iterable[Path], stem: str, *, now: float | None = None) -> list[Path]:
    """Half-written backups of the store named `stem` left for STALE_SECONDS."""
    now = time.time() if now is None else now
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            name = entry.name
            base = name.removesuffix("-journal")
            if not base.endswith(PARTIAL):
                continue
            info = parse_backup(entry.with_name(base.removesuffix(PARTIAL)))
            if info is None or info.stem != stem or not entry.is_file():
                continue
            if _ours(entry.stat()) and _age(entry, now) > STALE_SECONDS and _remove(entry):
                removed.append(entry)
    return removed


def clean_work_dirs(temp: Path, prefix: str = PACKAGE_PREFIX, *, now: float | None = None) -> list[Path]:
    """Working folders in `temp` left by programs that are no longer running."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(temp.iterdir())
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        try:
            st = entry.lstat()
        except FileNotFoundError:
            continue
        if entry.is_symlink() or not entry.is_dir() or not _ours(st):
            continue
        marker = entry / IN_USE
        if marker.exists():
            fd = try_lock_file(marker)
            if fd is None:
                continue  # a running program is working in it
            try:
                gone = _remove(entry)
            finally:
                release_file(fd)
        else:
            gone = _age(entry, now) > STALE_SECONDS and _remove(entry)
        if gone:
            removed.append(entry)
    return removed


def clean_lock_files() -> list[Path]:
    """Identity lock files nobody holds. Removed while we hold them (POSIX), and StoreLock checks
    after locking that its file still has its name, so a program locking one at this moment
    simply makes a new one."""
    try:
        folder = lock_folder()
    except (StoreError, OSError):
        return []
    removed = []
    for entry in folder.glob("*.lock"):
        fd = try_lock_file(entry)
        if fd is None:
            continue
        if POSIX:
            try:
                gone = _remove(entry)
            finally:
                release_file(fd)
        else:  # pragma: no cover - Windows cannot remove an open file: close first
            release_file(fd)
            gone = _remove(entry)
        if gone:
            removed.append(entry)
    return removed
