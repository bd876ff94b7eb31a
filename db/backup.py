"""Backup files of a store: made with SQLite's backup API and checked, named, found, verified,
rotated. Policy (where, when, how many) lives in app/backups.py; this is the mechanism.

A backup is `<folder>/<stem>.<YYYYmmdd-HHMMSS>[-<seq>].<reason>.sqlite`. It is written to a
`.partial` file first and renamed only after `PRAGMA integrity_check` says ok, so a killed process
or a full disk never leaves a half-written file under a backup's name. The `.partial` is created
exclusively (O_EXCL), which claims the name: two programs backing up in the same second — or one
program twice — get different sequence numbers instead of writing over each other's file. Backup
files are 0600 and a backup folder created here 0700 (db/private_files.py). A `.partial` left by
a killed program is removed at the next start (app/startup_cleanup.py).

Backup files are never written to after that; they are read through `immutable=1` connections
(no -wal/-shm beside them, nothing changed). A store is read the same way when it has no -wal,
-shm or -journal (it was closed cleanly), otherwise through a plain read-only connection.
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from db.errors import StoreError
from db.private_files import open_private, private_dir

ROTATING = frozenset({"auto", "import", "undo"})
EACH_KEPT = frozenset({"import", "undo"})  # one per import (or undo) within the daily window, not one a day
FOLDER_SETTING = "backup.folder"
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})(?:-(?P<seq>\d+))?\.(?P<reason>[a-z][a-z-]*)"
                   r"\.(?P<ext>sqlite|dump)$")
SQLITE_EXT = "sqlite"
PG_DUMP_EXT = "dump"  # a PostgreSQL store's backups: pg_dump's custom format (db/pg_backup.py)
_SIDE_FILES = ("-wal", "-shm", "-journal")
PARTIAL = ".partial"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, as its name describes it."""

    path: Path
    stem: str
    taken_at: datetime
    reason: str
    seq: int = 0  # a second backup within the same second

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class Verification:
    """The result of checking a backup (or a store): integrity and schema version."""

    path: Path
    ok: bool
    version: int
    detail: str


def backup_dir_for(path: Path) -> Path:
    """The default backup folder of the store at `path` (db/store.py re-exports it)."""
    return path.parent / "backups"


def backup_name(stem: str, when: datetime, reason: str, seq: int = 0, ext: str = SQLITE_EXT) -> str:
    stamp = when.strftime("%Y%m%d-%H%M%S") + (f"-{seq}" if seq else "")
    return f"{stem}.{stamp}.{reason}.{ext}"


def parse_backup(path: Path) -> BackupInfo | None:
    """The BackupInfo a file name describes, or None for any other file."""
    m = _NAME.match(path.name)
    if m is None:
        return None
    try:
        when = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return BackupInfo(path=path, stem=m["stem"], taken_at=when, reason=m["reason"], seq=int(m["seq"] or 0))


def find_backups(folders: Iterable[Path], stem: str) -> list[BackupInfo]:
    """Every backup of the store named `stem` in `folders`, newest first."""
    found: dict[Path, BackupInfo] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            info = parse_backup(entry)
            if info is not None and info.stem == stem and entry.is_file():
                found[entry.resolve()] = info
    return sorted(found.values(), key=lambda b: (b.taken_at, b.seq), reverse=True)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change `path` and creates no file beside it.

    `immutable=1` (no locks, no -shm) only for a file with no side files and no other name: a
    hard link's -wal lives beside the other name, where we cannot see it."""
    quiet = not any(Path(str(path) + s).exists() for s in _SIDE_FILES) and _single_name(path)
    mode = "mode=ro&immutable=1" if quiet else "mode=ro"
    return sqlite3.connect(f"file:{path.as_posix()}?{mode}", uri=True)


def _single_name(path: Path) -> bool:
    try:
        return os.stat(path).st_nlink <= 1
    except OSError:
        return True  # missing: sqlite3 says so


def check_file(path: Path, *, quick: bool = True) -> str:
    """'ok', or SQLite's description of what is wrong (quick_check or integrity_check)."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = connect_readonly(path)
        try:
            rows = con.execute(f"PRAGMA {pragma}(20)").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    lines = [str(r[0]) for r in rows]
    return "ok" if lines == ["ok"] else "；".join(lines)


def verify_file(path: Path) -> Verification:
    """integrity_check, then the schema version (PRAGMA user_version) — both read-only."""
    if not path.is_file():
        return Verification(path, False, 0, "文件不存在")
    detail = check_file(path, quick=False)
    if detail != "ok":
        return Verification(path, False, 0, detail)
    try:
        con = connect_readonly(path)
        try:
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return Verification(path, False, 0, str(exc))
    if version <= 0:
        return Verification(path, False, 0, "不是本程序的数据库（没有结构版本）")
    return Verification(path, True, version, "ok")


def read_setting(path: Path, key: str) -> str | None:
    """A value from the store's settings table, read-only; None when the table or key is missing
    or the file cannot be read (a damaged store may still name its backup folder, or not)."""
    try:
        con = connect_readonly(path)
        try:
            row = con.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:  # no settings table (old schema) or an unreadable file
        return None
    return str(row[0]) if row and row[0] else None


def copy_database(src: Path | sqlite3.Connection, dest: Path) -> Path:
    """Copy a database with SQLite's backup API into `dest` (a new file, 0600), then
    integrity_check the copy; written as `dest.partial` and renamed when good. Raises StoreError
    otherwise. An old `dest.partial` is replaced: the caller owns the name (the restore holds the
    store's lock; backups claim theirs with write_backup)."""
    private_dir(dest.parent)
    partial = dest.with_name(dest.name + PARTIAL)
    partial.unlink(missing_ok=True)
    os.close(open_private(partial))
    return _copy_into(src, partial, dest)


def _copy_into(src: Path | sqlite3.Connection, partial: Path, dest: Path) -> Path:
    """Fill the (claimed, empty, private) `partial` with a checked copy, then rename it `dest`."""
    source = src if isinstance(src, sqlite3.Connection) else sqlite3.connect(str(src))
    try:
        target = sqlite3.connect(str(partial))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # a backup stands alone: no -wal beside it
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"无法写入备份 {dest}（{exc}），原数据库未改动。") from exc
    finally:
        if not isinstance(src, sqlite3.Connection):
            source.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise StoreError(f"备份 {dest} 校验失败（{result}），原数据库未改动。")
    _fsync(partial)
    os.replace(partial, dest)
    return dest


def new_backup_path(folder: Path, stem: str, reason: str, when: datetime | None = None) -> Path:
    """A file name free now for a backup taken now (a sequence number within the same second).
    Only a hint: write_backup is what makes the name ours."""
    when = (when or datetime.now()).replace(microsecond=0)
    seq = 0
    while _taken(folder, stem, when, seq):
        seq += 1
    return folder / backup_name(stem, when, reason, seq)


def _taken(folder: Path, stem: str, when: datetime, seq: int) -> bool:
    """A backup (of any reason — the sequence stays unique across them) has this stamp already."""
    return any(any(folder.glob(glob.escape(backup_name(stem, when, "@", seq, ext)).replace("@", "*")))
               for ext in (SQLITE_EXT, PG_DUMP_EXT))


def write_backup(src: Path | sqlite3.Connection, folder: Path, stem: str, reason: str,
                 when: datetime | None = None) -> Path:
    """A checked backup of `src` in `folder` under a name no one else has (claim_backup_name)."""
    partial, dest = claim_backup_name(folder, stem, reason, when)
    return _copy_into(src, partial, dest)


def claim_backup_name(folder: Path, stem: str, reason: str, when: datetime | None = None,
                      ext: str = SQLITE_EXT) -> tuple[Path, Path]:
    """(partial, final) names for a new backup, the `.partial` created empty and private: the
    first sequence number whose `.partial` this process creates exclusively and for which no
    finished backup exists (checked after claiming, so a backup renamed in between is seen)."""
    when = (when or datetime.now()).replace(microsecond=0)
    private_dir(folder)
    seq = 0
    while True:
        dest = folder / backup_name(stem, when, reason, seq, ext)
        partial = dest.with_name(dest.name + PARTIAL)
        try:
            os.close(open_private(partial, os.O_WRONLY | os.O_EXCL))
        except FileExistsError:
            seq += 1
            continue
        if _taken(folder, stem, when, seq):
            partial.unlink(missing_ok=True)
            seq += 1
            continue
        return partial, dest


def rotation_keep(backups: Iterable[BackupInfo], *, daily: int = 7, weekly: int = 4,
                  monthly: int = 12, each: int = 30) -> set[Path]:
    """The backups a rotation keeps: the newest of each of the last `daily` days that have
    backups, of the last `weekly` ISO weeks and of the last `monthly` months (the rules overlap,
    as in borg's prune). Only the automatic backups (start-up, before an import or its undo)
    rotate; those a person asked for, those before a migration and those before a restore are
    all kept.

    A backup taken before an import (or an undo) is the way back to the store as it was before
    that one import, so within those `daily` days every one of them is kept — not only the
    day's newest — up to the newest `each` of them (an office importing fifty files in a day
    keeps the last `each` ways back, not fifty copies of its store)."""
    ordered = sorted(backups, key=lambda b: (b.taken_at, b.seq), reverse=True)
    keep = {b.path for b in ordered if b.reason not in ROTATING}
    rotating = [b for b in ordered if b.reason in ROTATING]

    def by_day(d: date) -> object:
        return d

    def by_week(d: date) -> object:
        return d.isocalendar()[:2]

    def by_month(d: date) -> object:
        return (d.year, d.month)

    kept_days: set[object] = set()
    for count, period in ((daily, by_day), (weekly, by_week), (monthly, by_month)):
        seen: set[object] = set()
        for b in rotating:
            if len(seen) >= count:
                break
            key = period(b.taken_at.date())
            if key not in seen:
                seen.add(key)
                keep.add(b.path)
        if period is by_day:
            kept_days = seen
    each_kept = [b for b in rotating if b.reason in EACH_KEPT and b.taken_at.date() in kept_days]
    keep.update(b.path for b in each_kept[:max(0, each)])
    return keep


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
