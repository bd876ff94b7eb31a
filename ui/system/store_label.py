"""How the window names the store in use (title, welcome panel, status bar, 关于, login).

A file store by its file (the title and the welcome panel its name, the status bar its full path,
as always); a PostgreSQL store by its address without the password (`store.display`), never by
the local side-folder entry its `path` holds (db/store_handle.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def is_server_store(store: Any) -> bool:
    return getattr(store, "kind", "sqlite") == "postgresql"


def store_name(store: Any) -> str:
    """Short: the file's name, or the masked postgresql:// address."""
    return str(store.display) if is_server_store(store) else Path(store.path).name


def store_where(store: Any) -> str:
    """Full: the file's path, or the masked postgresql:// address."""
    return str(store.display) if is_server_store(store) else str(store.path)
