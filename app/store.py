"""Where the store lives and how the program opens it (the UI and CLI call these, never db/).

The data folder is the user's data directory unless the first-run dialog chose another one; that
choice (a folder path, nothing secret) is kept in `config.json` in the user's config directory.
Opening an existing store also makes the day's automatic backup (app/backups.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs
from sqlalchemy import delete, select

from db import changelog
from db.errors import StoreError
from db.models_rectify import Setting
from db.store import Store, StoreDamagedError, StoreLocationError, network_location
from db.store import open_store as _open_store

__all__ = ["Store", "StoreDamagedError", "StoreLocationError", "config_path", "data_dir", "default_store_path",
           "network_location", "open_store", "open_store_for_gui", "read_settings", "set_data_dir",
           "write_settings"]

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


def open_store(path: Path | str, *, create: bool = True, auto_backup: bool = True) -> Store:
    """Open (create, check, migrate) the store; an existing one gets the day's backup."""
    store = _open_store(path, create=create)
    if auto_backup:
        _daily_backup(store)
    return store


def open_store_for_gui(path: Path | str | None = None) -> Store:
    """Open the store and hold its writer lock for the window's lifetime, so a second window or
    program on the same store is refused (StoreLockedError) instead of racing it."""
    store = _open_store(path or default_store_path())
    try:
        store.lock.acquire()
        _daily_backup(store)
    except BaseException:
        store.close()
        raise
    return store


def _daily_backup(store: Store) -> None:
    if store.extra.get("created"):
        return
    from app.backups import daily_backup

    try:
        store.extra["daily_backup"] = daily_backup(store)
    except StoreError as exc:  # reported by the window; a missing backup must not stop the work
        store.extra["backup_warning"] = exc.message


def read_settings(store: Store, prefix: str) -> dict[str, str]:
    """The `settings` rows whose key starts with `prefix`, keyed by the rest of the key."""
    with store.session() as s:
        rows = s.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(prefix))).all()
    return {key[len(prefix):]: value for key, value in rows}


def write_settings(store: Store, values: dict[str, str | None], *, operator: str = "") -> None:
    """Set (or, for None, remove) settings rows in one transaction, each change logged."""
    with store.writing() as s:
        for key, value in values.items():
            row = s.get(Setting, key)
            before = {"key": key, "value": row.value} if row is not None else None
            if value is None:
                if row is None:
                    continue
                s.execute(delete(Setting).where(Setting.key == key))
                action, after = "delete", None
            elif row is None:
                s.add(Setting(key=key, value=value))
                action, after = "create", {"key": key, "value": value}
            elif row.value == value:
                continue
            else:
                row.value = value
                action, after = "update", {"key": key, "value": value}
            s.flush()
            changelog.append(s, operator=operator, action=action, table_name="settings", record_id=None,
                             before=before, after=after)
