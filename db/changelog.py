"""The append-only change log: a chain keyed with HMAC-SHA256 that also covers the rows written.

Each entry's `hash` is HMAC(key, previous hash + the entry's canonical content + the digest of
the rows it wrote), the rows' digests kept in `change_log_rows` (db/models_changelog.py); one
state row holds the log's length and head under the same key. The key is a file beside the
store, in the office's key folder (db/changelog_key.py), never in the database.

Threat model — what `log verify` (db/changelog_check.py, app/exchange/logcheck.py) detects:
 * an entry edited, inserted, reordered or deleted, even when the editor recomputes SHA-256
   hashes: recomputing an HMAC needs the key, which is not in the .sqlite file;
 * the newest entries, or all of them, deleted: the keyed state row names the head and length;
 * a row (a fine, a status) edited in its table with sqlite3: it no longer matches the digest
   the newest entry that wrote it recorded. Each digest is sealed under the schema version of
   its moment and checked over the columns the table had then (db/schema_columns.py), so an
   upgrade that adds columns does not make the rows written before it look edited;
 * a key file that is missing or replaced: the entries chained with the old key can no longer
   be verified, and that is reported (writing goes on under a new key, recorded as a key era);
 * at the office, a head sent to the bureau (exported_packages) that is no longer in the chain;
   at the bureau, a package whose change log does not continue the last one it received.
What it cannot detect, and why:
 * someone who holds the key file and the program can rewrite entries newer than the last head
   sent to the bureau, unseen at the office: the key is a file on the same disk (it has to be
   usable for every write without a passphrase). The heads the bureau keeps cap the damage;
 * the whole folder put back as it was earlier (a restored backup of store and key): it is a
   consistent earlier state; only the bureau's heads show the rollback;
 * rows written without a log entry, or in bulk without a record id (demo data, an audit's
   findings as a whole), are not covered row by row; a covered row deleted together with its
   digest records is seen only through the broken entry HMAC if the digests were removed;
 * a column a schema step added is not covered on a row sealed before that step: a value put
   there with sqlite3 is not seen until the program next writes the row (sealing it under the
   new version). Every column the row had before the step stays covered.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from db.changelog_chain import (
    DELETED,
    PACKED,
    Record,
    covered_query,
    entry_mac,
    legacy_entry_hash,
    pack,
    rows_digest,
    sealed_hasher,
    state_mac,
    to_json,
)
from db.changelog_check import LogCheck, check_log
from db.changelog_key import create_key_for, db_path_of, fingerprint, load_key_for, remove_key
from db.models import ChangeLogEntry
from db.models_changelog import ChangeLogState
from db.schema_version import CURRENT_VERSION

__all__ = ["LogCheck", "append", "check_log", "entry_mac", "first_bad_entry", "head_hash", "legacy_entry_hash",
           "to_json", "written_rows"]

_FETCH = 5000  # rows of a batch read and hashed at a time


def written_rows(session: Session, action: str, table_name: str, record_id: int | None,
                 version: int) -> list[tuple[Record, bytes | None]]:
    """The change_log_rows records for the rows an entry wrote, sealed at schema `version`: one
    per row, or for an import's batch one packed record; each with its blob (None for a row)."""
    query = covered_query(action, table_name, record_id)
    if query is None:
        return []
    table, where = query
    conn = session.connection()
    cur = conn.connection.cursor()  # the driver's own tuples: ~3× faster on a batch
    try:
        mark = "%s" if conn.dialect.name == "postgresql" else "?"
        cur.execute(f'SELECT * FROM "{table}" WHERE {where.replace("?", mark)}', (record_id,))
        keys = [d[0] for d in cur.description]
        at, digest = keys.index("id"), sealed_hasher(table, keys, version, engine=conn.dialect.name)
        if where == "batch_id = ?":  # packed as read: a million rows are never held as tuples at once
            packed = bytearray()
            pack_row = PACKED.pack
            while rows := cur.fetchmany(_FETCH):
                packed += b"".join([pack_row(int(r[at]), digest(r)) for r in rows])
            blob = bytes(packed)
            return [((table, 0, hashlib.sha256(blob).hexdigest()), blob)]
        rows = [(int(r[at]), digest(r)) for r in cur.fetchall()]
    finally:
        cur.close()
    if not rows:
        return [((table, int(record_id or 0), ""), None)]  # the row it deleted
    return [((table, i, d.hex()), None) for i, d in rows]


def head_hash(session: Session) -> str:
    """The hash of the newest entry, or '' for an empty log."""
    return session.scalar(select(ChangeLogEntry.hash).order_by(ChangeLogEntry.id.desc()).limit(1)) or ""


def _new_era(state: ChangeLogState, how: str, key: bytes, at: datetime, **extra: Any) -> None:
    eras = json.loads(state.eras_json or "[]")
    eras.append({"how": how, "from": 0, "at": at.isoformat(), "fingerprint": fingerprint(key), **extra})
    state.eras_json = json.dumps(eras, ensure_ascii=False)
    state.key_fingerprint, state.keyed_from = fingerprint(key), 0  # `from` is set by the next entry


def _forget_on_rollback(session: Session, key: bytes) -> None:
    """A first write that is rolled back leaves no key behind (else an empty log beside a key
    would look like a log whose every entry was deleted). A key row on a server goes with the
    transaction by itself."""
    if session.connection().dialect.name != "sqlite":
        return
    path = db_path_of(session)
    settled: list[bool] = []

    def rolled_back(_s: Session) -> None:
        if not settled:
            settled.append(True)
            remove_key(path, key)

    def committed(_s: Session) -> None:
        settled.append(True)

    event.listen(session, "after_rollback", rolled_back)
    event.listen(session, "after_commit", committed)


def _key_and_state(session: Session, at: datetime) -> tuple[bytes, ChangeLogState]:
    """The key and the state row for the next entry; a first entry makes both, and a key that is
    no longer beside the store starts a new era (recorded, and reported by `log verify`)."""
    state = session.get(ChangeLogState, 1)
    key = load_key_for(session)
    if state is not None and key is not None and fingerprint(key) == state.key_fingerprint:
        return key, state
    if state is None:
        count = session.scalar(select(func.count(ChangeLogEntry.id))) or 0
        made = key is None
        key = key or create_key_for(session)
        if made:
            _forget_on_rollback(session, key)
        state = ChangeLogState(id=1, key_fingerprint="", keyed_from=0, eras_json="[]", entries=count,
                               head_id=0, head_hash=head_hash(session))
        session.add(state)
        _new_era(state, "new" if count == 0 else "state_missing", key, at)
        return key, state
    previous = state.key_fingerprint
    key = create_key_for(session)
    _new_era(state, "key_missing", key, at, previous_fingerprint=previous)
    return key, state


def _serialise_appends(session: Session) -> None:
    """On PostgreSQL, hold the change log's transaction-level advisory lock (db/pg_lock.py) until
    this transaction ends, and read the state row afresh: two desks appending at once would
    otherwise both chain onto the same head and fork the log. SQLite's one writer needs none."""
    from db.pg_lock import CHANGELOG, LOCK_CLASS

    session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, {CHANGELOG})")
    state = session.get(ChangeLogState, 1)
    if state is not None and not session.is_modified(state):
        session.refresh(state)


def append(session: Session, *, operator: str, action: str, table_name: str, record_id: int | None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           at: datetime | None = None, deleted_rows: list[int] | None = None) -> ChangeLogEntry:
    """Add one entry at the head of the chain (inside the caller's transaction), with the
    digests of the rows it wrote as they are stored now. `deleted_rows` (an import undone): the
    ids of the rows of `table_name` it deleted, covered as one packed record saying each is gone,
    so `log verify` expects them absent instead of reporting the batch's rows deleted."""
    at = at or datetime.now().replace(microsecond=0)
    session.flush()
    on_server = session.connection().dialect.name == "postgresql"
    if on_server:
        _serialise_appends(session)
    key, state = _key_and_state(session, at)
    prev = head_hash(session)
    version = CURRENT_VERSION  # the store's: it is upgraded before anything is written
    rows = written_rows(session, action, table_name, record_id, version)
    if deleted_rows:
        blob = pack([(int(i), DELETED) for i in sorted(deleted_rows)])
        rows = [*rows, ((table_name, 0, hashlib.sha256(blob).hexdigest()), blob)]
    before_json, after_json = to_json(before), to_json(after)
    records = [r for r, _blob in rows]
    entry = ChangeLogEntry(
        at=at, operator=operator, action=action, table_name=table_name, record_id=record_id,
        before_json=before_json, after_json=after_json, prev_hash=prev,
        hash=entry_mac(key, prev, at, operator, action, table_name, record_id, before_json, after_json,
                       rows_digest(records)),
    )
    session.add(entry)
    session.flush()
    if rows:
        mark = "%s" if on_server else "?"
        session.connection().exec_driver_sql(
            "INSERT INTO change_log_rows (entry_id, table_name, row_id, digest, packed, schema) "
            f"VALUES ({', '.join([mark] * 6)})", [(entry.id, t, i, d, blob, version) for (t, i, d), blob in rows])
    if state.keyed_from == 0:
        state.keyed_from = entry.id
        eras = json.loads(state.eras_json)
        eras[-1]["from"] = entry.id
        state.eras_json = json.dumps(eras, ensure_ascii=False)
    state.entries += 1
    state.head_id, state.head_hash = entry.id, entry.hash
    state.mac = state_mac(key, (state.key_fingerprint, state.keyed_from, state.eras_json, state.entries,
                                state.head_id, state.head_hash))
    session.flush()
    return entry


def first_bad_entry(session: Session) -> int | None:
    """The id of the first entry that does not hold, 0 when the log fails as a whole (its state
    or its key) without one entry to name, or None when everything holds."""
    result = check_log(session)
    if result.ok:
        return None
    return result.first_bad or 0
