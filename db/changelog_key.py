"""The change log's key: 32 random bytes kept beside the store, never inside it.

`<store dir>/signer/<store name>.changelog.key` — the folder that already holds the office's
package-signing key (app/exchange/keys.py) and signing certificates, so whoever backs up or
moves the office's key material moves this key with it. The database file never holds the key:
a person who edits the .sqlite file (sqlite3, DB Browser) cannot recompute the chain. The key
file is written once, atomically, readable by its owner only.

A PostgreSQL store keeps its key on the server, in the table `caseaudit_changelog_key`, not in
a file: several desks write the same chain, and each must verify and extend it with the same
key. A key file per desk would have to be carried to every desk by hand, and a desk without it
could only refuse to write (making a key of its own would start a new key era for everybody,
and the next desk would do the same: the chain would flip between keys). The table is outside
the models (db/stored_version.py PG_META): it is not copied with the data, and `psql` users who
edit a row in a data table do not touch it. Rows are only ever added — a replacement key is a
new row, the newest one is in use — so an older key is never lost. What this protects against
is the same as the file beside a SQLite store: an edit made with psql, pgAdmin or a script that
does not recompute the MACs is named by `log verify`. Someone who can read the key table (the
store's role can, as the program must) and knows the program could recompute them; on a
server the administrator can narrow that by letting the desks' role only SELECT and INSERT
there (`REVOKE UPDATE, DELETE ON caseaudit_changelog_key FROM …`), and the heads kept by the
bureau cap the damage, as for SQLite.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from db.stored_version import KEY_TABLE, PG_META

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


# --- by engine: a file beside a SQLite store, the key table of a PostgreSQL one ------------------
def _conn(bind: Session | Connection) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


def _on_server(bind: Session | Connection) -> bool:
    return _conn(bind).dialect.name == "postgresql"


def load_key_for(bind: Session | Connection) -> bytes | None:
    """The store's key (see module doc for where), or None when it has none."""
    conn = _conn(bind)
    if not _on_server(conn):
        return load_key(db_path_of(conn))
    if not conn.dialect.has_table(conn, KEY_TABLE.name):
        return None
    value = conn.execute(select(KEY_TABLE.c.key_hex).order_by(KEY_TABLE.c.id.desc()).limit(1)).scalar()
    try:
        key = bytes.fromhex(value) if value else None
    except ValueError:
        return None
    return key if key is not None and len(key) == 32 else None


def create_key_for(bind: Session | Connection) -> bytes:
    """A new key for the store: a file (SQLite) or a new row inside the caller's transaction."""
    conn = _conn(bind)
    if not _on_server(conn):
        return create_key(db_path_of(conn))
    key = secrets.token_bytes(32)
    PG_META.create_all(conn, tables=[KEY_TABLE])
    conn.execute(KEY_TABLE.insert().values(key_hex=key.hex(), created_at=datetime.now().replace(microsecond=0)))
    return key


def remove_key_for(bind: Session | Connection, key: bytes) -> None:
    """After a rolled-back first write: the file goes; a key row went with the transaction."""
    conn = _conn(bind)
    if not _on_server(conn):
        remove_key(db_path_of(conn), key)


def key_where(bind: Session | Connection) -> str:
    """Where the key is, for messages."""
    conn = _conn(bind)
    if _on_server(conn):
        return f"（数据库中的 {KEY_TABLE.name} 表）"
    path = db_path_of(conn)
    return str(key_path(path)) if path else "（内存数据库）"
