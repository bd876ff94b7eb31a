"""Where the store lives and how the program opens it (the UI and CLI call these, never db/).

The data folder is the user's data directory unless the first-run dialog chose another one; that
choice (a folder path, nothing secret) is kept in `config.json` in the user's config directory.
Opening an existing store also makes the day's automatic backup (app/backups.py) and removes
what a killed program left behind (app/startup_cleanup.py). Dependencies run one way:
store → startup_cleanup, backups → settings → db.

The store, its -wal/-shm and lock files, the data folder when we create it and the backups are
private to the user (db/private_files.py: 0600/0700 on POSIX; on Windows the profile's ACL).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

from app.backups import backup_folder, daily_backup
from app.settings import read_settings, write_settings  # re-exported: the window's pages read them here
from app.startup_cleanup import clean_at_start
from db import lock as store_lock
from db.errors import StoreError
from db.location import is_url, parse_location
from db.store import Store, StoreDamagedError, StoreLocationError, backup_dir_for, network_location
from db.store import open_store as _db_open_store

__all__ = ["Store", "StoreDamagedError", "StoreLocationError", "config_path", "data_dir", "default_server",
           "default_store", "default_store_path",
           "is_server_address", "network_location", "open_store", "open_store_for_gui", "pg_side_root",
           "read_settings", "set_data_dir", "set_default_server", "write_settings"]

APP_NAME = "CaseAudit"
STORE_NAME = "caseaudit.sqlite"


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.json"


def _config() -> dict[str, object]:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StoreError(f"配置文件 {config_path()} 无法读取（{exc}），请删除或改正它后再启动。") from exc
    return data if isinstance(data, dict) else {}


def data_dir() -> Path:
    """The chosen data folder (config.json), else the user's data directory."""
    chosen = _config().get("data_folder")
    if isinstance(chosen, str) and chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def set_data_dir(folder: Path | str) -> Path:
    """Remember `folder` as the data folder (written atomically); refuses a network share."""
    folder = Path(folder).expanduser().resolve()
    kind = network_location(folder)
    if kind is not None:
        raise StoreLocationError(f"文件夹 {folder} 位于网络共享盘上（{kind}）。SQLite 无法在网络共享盘上可靠加锁，"
                                 "请把数据放在本机磁盘。")
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _config()
    data["data_folder"] = str(folder)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return folder


def default_store_path() -> Path:
    """The store in the data folder (created on first use)."""
    return data_dir() / STORE_NAME


def default_server() -> str | None:
    """The office server's address a first run chose (config.json `server`), or None: a desk
    whose store is on the server opens it again at the next start, not an empty local file."""
    chosen = _config().get("server")
    return chosen if isinstance(chosen, str) and is_url(chosen) else None


def set_default_server(address: str) -> str:
    """Remember the server's address (never its password: the address is kept as `display`
    shows it; the password stays in the keyring or PGPASSFILE). Written atomically."""
    shown = parse_location(address).display
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _config()
    data["server"] = shown
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return shown


def default_store() -> Path | str:
    """The store a start without --db opens: the remembered server, else the data folder's file."""
    return default_server() or default_store_path()


def check_store_early(where: str | Path | None) -> None:
    """Start the quick_check of the store file `where` names (the default store when None) on
    another thread, while the program is still starting; opening it then takes the result
    (db/store_precheck.py). A server store has no such check."""
    from db import store_precheck

    try:
        target = default_store() if where is None else where
    except (OSError, StoreError):  # an unreadable config.json: said where the store is chosen
        return
    if not is_server_address(target):
        store_precheck.start(target)


def is_server_address(text: str | Path) -> bool:
    """True when `text` names a PostgreSQL database (postgresql://…), not a file (db/location.py)."""
    return not isinstance(text, Path) and is_url(text)


def pg_side_root() -> Path:
    """Where PostgreSQL stores keep their local side files: a folder per server and database
    (db/location.py) under `<data folder>/postgresql`."""
    return data_dir() / "postgresql"


AskPassword = Callable[[str], str | None]  # (the question, in Chinese) → the password, or None to give up


def _open_store(path: Path | str, *, create: bool = True, ask_password: AskPassword | None = None,
                who: str | None = None) -> Store:
    """db.store.open_store for a file; for a PostgreSQL URL the password from the keyring, else
    libpq's PGPASSFILE, else `ask_password` (app/store_password.py), up to three tries. The
    keyring and psycopg are imported only for a server: a file store's cold start stays short."""
    where = parse_location(path)
    if where.kind == "sqlite":
        return _db_open_store(path, create=create)
    from app.store_password import ASK_LIMIT, keyring_password
    from db.pg_engine import PgPasswordNeeded

    password = keyring_password(where)
    for attempt in range(ASK_LIMIT + 1):
        try:
            return _db_open_store(path, create=create, password=password, side_root=pg_side_root(), who=who)
        except PgPasswordNeeded as exc:
            if ask_password is None or attempt == ASK_LIMIT:
                raise
            password = ask_password(f"{exc.message}\n请输入数据库 {where.where} 用户 {where.user or '（默认）'} 的密码：")
            if not password:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def open_store(path: Path | str, *, create: bool = True, auto_backup: bool = True,
               ask_password: AskPassword | None = None, who: str | None = None) -> Store:
    """Open (create, check, migrate) the store — a file or a PostgreSQL URL; an existing one gets
    the day's backup. `ask_password` is asked only when a PostgreSQL server wants a password
    that neither the keyring nor PGPASSFILE had; `who` names this desk to the server."""
    store = _open_store(path, create=create, ask_password=ask_password, who=who)
    try:
        _clean(store)
        if auto_backup:
            _daily_backup(store)
    except BaseException:
        store.close()
        raise
    return store


def open_store_for_gui(path: Path | str | None = None, *, ask_password: AskPassword | None = None) -> Store:
    """Open the store and hold its writer lock for the window's lifetime, so a second window or
    program on the same store is refused (StoreLockedError) instead of racing it. A short write
    by another program (a command-line import) is waited for, up to db/lock.WRITE_WAIT_SECONDS.
    A PostgreSQL store is shared by several desks: there the lock is taken around each piece of
    work instead (db/pg_lock.py), and acquiring it for the session takes nothing."""
    store = _open_store(path or default_store_path(), ask_password=ask_password)
    try:
        store.lock.acquire(wait=store_lock.WRITE_WAIT_SECONDS, role=store_lock.SESSION)
        _clean(store)
        _daily_backup(store)
    except BaseException:
        store.close()
        raise
    return store


def _clean(store: Store) -> None:
    clean_at_start(store, dict.fromkeys([backup_folder(store), backup_dir_for(store.path)]))


def _daily_backup(store: Store) -> None:
    if store.extra.get("created"):
        return
    try:
        store.extra["daily_backup"] = daily_backup(store)
    except StoreError as exc:  # reported by the window; a missing backup must not stop the work
        store.extra["backup_warning"] = exc.message

