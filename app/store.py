"""Where the store lives and how the program opens it (the UI and CLI call these, never db/)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from db.store import Store, open_store

__all__ = ["Store", "default_store_path", "open_store", "open_store_for_gui"]

APP_NAME = "CaseAudit"


def default_store_path() -> Path:
    """The store in the user's data directory (created on first use)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "caseaudit.sqlite"


def open_store_for_gui(path: Path | str | None = None) -> Store:
    """Open the store and hold its writer lock for the window's lifetime, so a second window or
    program on the same store is refused (StoreLockedError) instead of racing it."""
    store = open_store(path or default_store_path())
    try:
        store.lock.acquire()
    except BaseException:
        store.close()
        raise
    return store
