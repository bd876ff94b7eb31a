"""The change log's key: 32 random bytes kept beside the store, never inside it.

`<store dir>/signer/<store name>.changelog.key` — the folder that already holds the office's
package-signing key (app/exchange/keys.py) and signing certificates, so whoever backs up or
moves the office's key material moves this key with it. The database file never holds the key:
a person who edits the .sqlite file (sqlite3, DB Browser) cannot recompute the chain. The key
file is written once, atomically, readable by its owner only.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.orm import Session

KEY_FOLDER = "signer"
HEADER = "caseaudit-changelog-key-v1"
MAX_BYTES = 1000


def key_path(db_path: Path) -> Path:
    return db_path.parent / KEY_FOLDER / f"{db_path.stem}.changelog.key"


def db_path_of(bind: Session | Connection) -> Path | None:
    """The SQLite file behind a session or connection (None for an in-memory database)."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    database = conn.engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database)


def fingerprint(key: bytes) -> str:
    """Names the key without revealing it (stored in the database; compared with the file's)."""
    return hashlib.sha256(b"caseaudit change log key\x00" + key).hexdigest()


def mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def load_key(db_path: Path | None) -> bytes | None:
    """The key, or None when its file is missing or not a key file."""
    if db_path is None:
        return None
    try:
        with open(key_path(db_path), encoding="ascii") as fh:
            text = fh.read(MAX_BYTES)
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.split()
    if len(lines) != 2 or lines[0] != HEADER:
        return None
    try:
        key = bytes.fromhex(lines[1])
    except ValueError:
        return None
    return key if len(key) == 32 else None


def create_key(db_path: Path | None) -> bytes:
    """A new key, its file written atomically. A file already there (another key, or damaged) is
    moved aside first, never overwritten: it may be the only copy of an older key."""
    key = secrets.token_bytes(32)
    if db_path is None:  # an in-memory database: nothing outlives the process, nothing to keep
        return key
    final = key_path(db_path)
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        os.replace(final, final.with_name(f"{final.name}.replaced-{stamp}-{secrets.token_hex(4)}"))
    tmp = final.with_name(final.name + ".tmp")
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(f"{HEADER}\n{key.hex()}\n")
        fh.flush()
        os.fsync(fh.fileno())
    with contextlib.suppress(OSError):
        tmp.chmod(0o600)
    os.replace(tmp, final)
    return key


def remove_key(db_path: Path | None, key: bytes) -> None:
    """Remove the key file if it still holds `key` (a first write that was rolled back)."""
    if db_path is not None and load_key(db_path) == key:
        with contextlib.suppress(OSError):
            key_path(db_path).unlink()
