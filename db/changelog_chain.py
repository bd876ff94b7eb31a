"""The change log's arithmetic, shared by writing (db/changelog.py) and checking
(db/changelog_check.py): canonical content, the entry HMAC, row and rows digests (by the schema
version a row was sealed under), the state MAC.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from db.changelog_key import mac
from db.models import Base
from db.schema_columns import added_after

LOG_TABLES = frozenset({"change_log", "change_log_rows", "change_log_state"})
UNDO_IMPORT = "undo"  # the action of an entry that undid an import batch as a whole
Record = tuple[str, int, str]  # a change_log_rows record: (table, row id — 0 for a packed batch, digest)


def _default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def to_json(data: dict[str, Any] | None) -> str | None:
    """Canonical JSON for a record snapshot (sorted keys, no ASCII escaping)."""
    if data is None:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=_default)


def _content(prev_hash: str, at: datetime, operator: str, action: str, table_name: str, record_id: int | None,
             before_json: str | None, after_json: str | None) -> list[Any]:
    return [prev_hash, at.isoformat(), operator, action, table_name, record_id, before_json, after_json]


def legacy_entry_hash(prev_hash: str, at: datetime, operator: str, action: str, table_name: str,
                      record_id: int | None, before_json: str | None, after_json: str | None) -> str:
    """The unkeyed SHA-256 chain of schema versions 2–7 (checked once, when it is re-keyed)."""
    content = json.dumps(_content(prev_hash, at, operator, action, table_name, record_id, before_json, after_json),
                         ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def entry_mac(key: bytes, prev_hash: str, at: datetime, operator: str, action: str, table_name: str,
              record_id: int | None, before_json: str | None, after_json: str | None, rows_digest: str) -> str:
    content = _content(prev_hash, at, operator, action, table_name, record_id, before_json, after_json)
    return mac(key, json.dumps([*content, rows_digest], ensure_ascii=False))


def _sqlite_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's DATETIME text on SQLite


# psycopg returns dates, datetimes, booleans and bytea as Python objects where sqlite3 returns the
# text, integers and bytes SQLAlchemy stored: a row read from PostgreSQL is put in SQLite's shape
# before hashing, so a row has one digest on both engines (a store copied between them verifies).
_AS_SQLITE: dict[type, Callable[[Any], Any]] = {
    date: date.isoformat, datetime: _sqlite_datetime, bool: int, memoryview: bytes,
}


def _sqlite_shaped(values: Sequence[Any]) -> tuple[Any, ...]:
    conv = _AS_SQLITE
    return tuple(conv[type(v)](v) if type(v) in conv else v for v in values)


def row_hasher(keys: Sequence[str], engine: str = "sqlite") -> Callable[[Sequence[Any]], bytes]:
    """A row's 16-byte BLAKE2b digest as the driver returns it from `SELECT *`: the column names
    once, then the `repr` of the row's tuple (ints, floats, text, bytes and None have one repr;
    a PostgreSQL row is first put in SQLite's shape, above). Built once per query: an import's
    batch of 100 000 rows is hashed in ~0.1 s."""
    base = hashlib.blake2b(repr(list(keys)).encode("utf-8"), digest_size=16)

    def digest(values: Sequence[Any]) -> bytes:
        h = base.copy()
        h.update(repr(tuple(values)).encode("utf-8"))
        return h.digest()

    if engine == "sqlite":
        return digest

    def digest_shaped(values: Sequence[Any]) -> bytes:
        return digest(_sqlite_shaped(values))

    return digest_shaped


def sealed_hasher(table: str, keys: Sequence[str], version: int,
                  engine: str = "sqlite") -> Callable[[Sequence[Any]], bytes]:
    """The digest of a `SELECT *` row of `table` sealed at schema `version`: over the columns
    the table had then, i.e. all of `keys` but those a later step added (db/schema_columns.py).
    Sealing uses the current version, so nothing is left out; checking a row sealed before a
    step that added a column leaves that column out, and the old digest still holds. The column
    names are part of the digest, so a record's `schema` changed to leave more columns out no
    longer matches its digest."""
    later = added_after(version, table)
    kept = [i for i, k in enumerate(keys) if k not in later]
    if len(kept) == len(keys):
        return row_hasher(keys, engine)
    inner = row_hasher([keys[i] for i in kept], engine)

    def digest(values: Sequence[Any]) -> bytes:
        return inner([values[i] for i in kept])

    return digest


PACKED = struct.Struct("<q16s")  # a batch's rows in one record: (row id, digest) each
# The digest a packed record gives a row it deleted (an import undone): sixteen zero bytes, which
# no BLAKE2b digest of a row is in practice; unpacked as '' — "this row is gone", as a single
# row's record of a delete says it.
DELETED = bytes(16)


def pack(rows: Sequence[tuple[int, bytes]]) -> bytes:
    return b"".join(PACKED.pack(i, d) for i, d in rows)


def unpack(blob: bytes) -> list[tuple[int, str]]:
    return [(i, "" if d == DELETED else d.hex()) for i, d in PACKED.iter_unpack(blob)]


def rows_digest(rows: Iterable[Record]) -> str:
    """One digest of an entry's change_log_rows records ('' for an entry that covers none)."""
    lines = sorted(f"{t}\t{i}\t{h}" for t, i, h in rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest() if lines else ""


def covered_query(action: str, table_name: str, record_id: int | None) -> tuple[str, str] | None:
    """(table, WHERE clause on `?` = record_id) for the rows an entry wrote, or None when the
    entry names no row: an import covers its batch, any other entry with an id its row. An
    import's undo names the rows it deleted itself (db/changelog.py `deleted_rows`)."""
    table = Base.metadata.tables.get(table_name)
    if record_id is None or table is None or table_name in LOG_TABLES or "id" not in table.c:
        return None
    if action == UNDO_IMPORT:
        return None
    if action == "import" and "batch_id" in table.c:
        return table_name, "batch_id = ?"
    return table_name, "id = ?"


def state_mac(key: bytes, fields: Sequence[Any]) -> str:
    """The state row's MAC over (key_fingerprint, keyed_from, eras_json, entries, head_id, head_hash)."""
    return mac(key, json.dumps(["state", *fields], ensure_ascii=False))
