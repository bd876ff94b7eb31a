"""Opening a store: where it may live, check, back up, migrate; refuse what is too new, damaged
or not a store.

Everything is read through read-only connections (db/backup.connect_readonly) before anything
else touches the file, so a store from a newer program, a damaged store or a file that is not a
store at all is left byte-for-byte as it was — and no -wal/-shm file appears beside it. A damaged
store is never repaired or replaced here: StoreDamagedError names the newest good backup.

Opening a current store reads its version and nothing more: db/migrations.py (with every model)
and the ORM are imported only when a store is created or upgraded, or a session is asked for,
so a command that only reads with Core (`caseaudit summary`) starts quickly.

A `postgresql://` location (db/location.py) is opened by db/pg_store.py instead and upgraded
here after a pg_dump (db/pg_backup.py); the SQLite path below is unchanged by it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from db import store_precheck
from db.backup import (
    FOLDER_SETTING,
    BackupInfo,
    backup_dir_for,
    check_file,
    connect_readonly,
    copy_database,
    find_backups,
    read_setting,
    verify_file,
    write_backup,
)
from db.engine import make_engine
from db.errors import StoreError, StoreTooNewError
from db.location import parse_location
from db.lock import StoreLock
from db.private_files import make_private, open_private, private_dir
from db.schema_version import CURRENT_VERSION
from db.store_handle import Store, checkpoint

__all__ = ["Store", "StoreDamagedError", "StoreLocationError", "backup_dir_for", "checkpoint", "network_location",
           "open_store", "upgrade"]

if TYPE_CHECKING:
    pass

SQLITE_MAGIC = b"SQLite format 3\x00"
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs", "ceph", "fuse.ceph",
    "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "webdav", "ncpfs", "coda", "lustre",
})
NETWORK_MESSAGE = ("数据库 {path} 位于网络共享盘上（{kind}）。SQLite 无法在网络共享盘上可靠加锁，"
                   "多人或断网时会损坏数据，程序没有打开它。请把数据放在本机磁盘（例如默认的数据文件夹），"
                   "需要共享时用“导出数据包”交换。")


class StoreDamagedError(StoreError):
    """The store failed quick_check (or could not be read); it was left exactly as it was.
    `newest_backup` is the newest backup that passed verification, if there is one."""

    def __init__(self, message: str, path: Path, newest_backup: BackupInfo | None) -> None:
        super().__init__(message)
        self.path = path
        self.newest_backup = newest_backup


class StoreLocationError(StoreError):
    """The store is on a network share, where SQLite cannot lock reliably."""


# --- where a store may live ---------------------------------------------------------------------
def _unescape_mount(field_: str) -> str:
    """/proc/mounts escapes space, tab, newline and backslash as octal (\\040 …)."""
    return field_.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def mount_type(path: Path, mounts: str) -> str | None:
    """The filesystem type of the mount holding `path`, from a /proc/mounts text (longest
    matching mount point wins)."""
    best, kind = "", None
    target = path.as_posix()
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1]).rstrip("/") or "/"
        inside = target == point or target.startswith(point + "/") or point == "/"
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def network_location(path: Path, *, platform: str | None = None, mounts: str | None = None) -> str | None:
    """A short description when `path` is on a network share (UNC path or mapped network drive
    on Windows; nfs, cifs/smb, sshfs, 9p … elsewhere), else None."""
    platform = platform or sys.platform
    if platform == "win32":
        text = str(path)
        if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
            return "UNC 网络路径"
        if text.startswith("\\\\?\\UNC\\"):
            return "UNC 网络路径"
        return _windows_remote_drive(text) if mounts is None else None
    if mounts is None:
        mounts = _read_mounts(platform)
    if mounts is None:
        return None
    kind = mount_type(path, mounts)
    return kind if kind is not None and kind.lower() in NETWORK_FILESYSTEMS else None


def _read_mounts(platform: str) -> str | None:
    if platform.startswith("linux"):
        try:
            return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    if platform == "darwin":  # pragma: no cover - macOS only: `mount` prints "dev on /point (type, …)"
        import subprocess

        try:
            out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        lines = []
        for line in out.splitlines():
            if " on " in line and " (" in line:
                dev, rest = line.split(" on ", 1)
                point, opts = rest.rsplit(" (", 1)
                lines.append(f"{dev} {point.replace(' ', chr(92) + '040')} {opts.split(',')[0].strip(')')}")
        return "\n".join(lines)
    return None


def _windows_remote_drive(text: str) -> str | None:  # pragma: no cover - Windows only
    if len(text) < 2 or text[1] != ":":
        return None
    import ctypes

    drive_remote = 4
    if ctypes.windll.kernel32.GetDriveTypeW(text[:2] + "\\") == drive_remote:  # type: ignore[attr-defined]
        return f"映射的网络驱动器 {text[:2]}"
    return None


def refuse_network_location(path: Path) -> None:
    kind = network_location(path)
    if kind is not None:
        raise StoreLocationError(NETWORK_MESSAGE.format(path=path, kind=kind))


# --- reading without writing ---------------------------------------------------------------------
def read_version(path: Path) -> int:
    """The store's schema version, read without writing anything. Raises StoreError for a
    file that is not a SQLite database, StoreDamagedError for one that cannot be read."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"文件 {path} 不是本程序的数据库（不是 SQLite 文件），未作任何改动。")
    if not head:
        return 0
    try:
        con = connect_readonly(path)
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise damaged_error(path, str(exc)) from exc


def backup_folders(path: Path) -> list[Path]:
    """Where backups of the store at `path` are kept: the configured folder (read from the store
    if it can be read) and the default `<store dir>/backups`."""
    folders = []
    configured = read_setting(path, FOLDER_SETTING) if path.exists() else None
    if configured:
        folders.append(Path(configured).expanduser())
    folders.append(backup_dir_for(path))
    return folders


def newest_good_backup(path: Path, folders: list[Path] | None = None) -> BackupInfo | None:
    """The newest backup of the store at `path` that passes verification (not newer than this
    program's schema), or None."""
    for info in find_backups(folders or backup_folders(path), path.stem):
        v = verify_file(info.path)
        if v.ok and v.version <= CURRENT_VERSION:
            return info
    return None


def damaged_error(path: Path, detail: str) -> StoreDamagedError:
    good = newest_good_backup(path)
    if good is not None:
        offer = (f"最新的完好备份是 {good.path}（{good.taken_at:%Y-%m-%d %H:%M}），"
                 "可以用它恢复（恢复前会先把损坏的文件另存一份）。")
    else:
        offer = "没有找到可用的备份。"
    message = (f"数据库 {path} 已损坏（完整性检查未通过：{detail[:300]}）。程序没有修改、修复或替换它。"
               f"{offer}也可以把损坏的文件交给技术人员检查。")
    return StoreDamagedError(message, path, good)


def make_store_private(path: Path) -> None:
    """The store and the side files SQLite keeps beside it, 0600 (db/private_files.py); -wal
    and -shm made later inherit the database file's mode."""
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        make_private(Path(str(path) + suffix))


def check_store(path: Path) -> None:
    """PRAGMA quick_check through a read-only connection; StoreDamagedError unless ok. The check
    the command line started early on this very file (db/store_precheck.py) is taken when there is one."""
    detail = store_precheck.take(path)
    if detail is None:
        detail = check_file(path, quick=True)
    if detail != "ok":
        raise damaged_error(path, detail)


# --- opening ---------------------------------------------------------------------------------------
def backup_to(src: Path, dest: Path) -> Path:
    """Copy a live store with SQLite's backup API, then check the copy with integrity_check."""
    return copy_database(src, dest)


def _create_private(path: Path) -> None:
    """Create the (empty) store file 0600 before SQLite does, so its -wal and -shm are 0600 too."""
    try:
        os.close(open_private(path, os.O_RDWR))
    except OSError as exc:
        raise StoreError(f"无法创建数据库 {path}（{exc.strerror or exc}）。") from exc


def open_store(path: Path | str, *, create: bool = True, password: str | None = None,
               side_root: Path | None = None, who: str | None = None) -> Store:
    """Open (creating if needed) the store at `path` — a file, or a PostgreSQL URL
    (db/location.py) — migrating an older schema after a backup. For PostgreSQL, `password`
    (else libpq's PGPASSFILE), `side_root` (the local folder for side files, default the
    user's data directory) and `who` (named to other desks waiting for the writer lock)."""
    where = parse_location(path)
    if where.kind == "postgresql":
        from db.pg_store import open_pg_store

        if side_root is None:
            import platformdirs

            side_root = Path(platformdirs.user_data_dir("CaseAudit", appauthor=False)) / "postgresql"
        store = open_pg_store(where, create=create, password=password, side_root=side_root, who=who)
        try:
            if not store.extra.get("created"):
                upgrade(store)
        except BaseException:
            store.close()
            raise
        return store
    path = Path(path).expanduser().resolve()
    refuse_network_location(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise StoreError(f"找不到数据库 {path}。")
    version = read_version(path) if exists else 0
    if version > CURRENT_VERSION:
        raise StoreTooNewError(
            f"数据库 {path} 由更新版本的程序创建（结构版本 {version}，本程序支持 {CURRENT_VERSION}），"
            "为避免损坏数据，未作任何改动。请升级本程序。"
        )
    if exists and version == 0 and _has_tables(path):
        raise StoreError(f"文件 {path} 是 SQLite 数据库，但不是本程序的数据库，未作任何改动。")
    if exists:
        check_store(path)
    try:
        private_dir(path.parent)
    except OSError as exc:
        raise StoreError(f"无法创建数据文件夹 {path.parent}（{exc.strerror or exc}）。") from exc
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"无法在文件夹 {path.parent} 中写入数据库（没有写权限）。")
    if exists:
        make_store_private(path)
    else:
        _create_private(path)
    store = Store(path=path, engine=make_engine(path), lock=StoreLock(path))
    if version == 0:
        from db.migrations import create_current

        with store.writing() as s:
            # another program may have created it while we waited for the lock: then it is current
            if not s.connection().exec_driver_sql("PRAGMA user_version").scalar():
                create_current(s.connection())
                s.connection().exec_driver_sql(f"PRAGMA user_version={CURRENT_VERSION}")
                store.extra["created"] = True
        if not store.extra.get("created"):
            upgrade(store)
    else:
        upgrade(store)
    return store


def stored_version(store: Store) -> int:
    from db.stored_version import read_stored_version

    with store.engine.connect() as conn:
        return read_stored_version(conn)


def upgrade(store: Store) -> int | None:
    """Migrate an open store of an older schema, after a checked 'migration' backup; returns the
    version it was upgraded from, or None when it is current."""
    if stored_version(store) >= CURRENT_VERSION:
        return None
    with store.locked():  # no other program writes between the backup and the migration
        version = stored_version(store)  # again under the lock: another program may just have upgraded it
        if version >= CURRENT_VERSION:
            return None
        if store.kind == "postgresql":
            from db.pg_backup import backup_before_upgrade

            store.backup_path = backup_before_upgrade(store)
        else:
            store.backup_path = _migration_backup(store)
        from db.migrations import migrate

        with store.writing() as s:
            migrate(s.connection(), version)
    store.upgraded_from = version
    return version


def _migration_backup(store: Store) -> Path:
    """The checked SQLite backup made before an upgrade (the configured folder, else the default)."""
    folders = backup_folders(store.path)
    try:
        return write_backup(store.path, folders[0], store.path.stem, "migration")
    except (StoreError, OSError) as exc:
        if folders[0] == backup_dir_for(store.path):
            raise StoreError(f"升级前无法备份数据库，已停止升级，原数据库未改动：{exc}") from exc
        # the configured folder is unreachable (an unplugged drive): fall back to the default
        return write_backup(store.path, backup_dir_for(store.path), store.path.stem, "migration")


def _has_tables(path: Path) -> bool:
    con = connect_readonly(path)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    finally:
        con.close()
