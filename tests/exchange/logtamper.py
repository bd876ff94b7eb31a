"""What someone who edits the store with sqlite3 does to the change log — with and without the
key file — for the keyed-log tests."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from db.changelog_chain import entry_mac, legacy_entry_hash, rows_digest, state_mac
from db.changelog_key import load_key


def sql(path: Path, *statements: str, params: tuple = ()) -> None:  # type: ignore[type-arg]
    con = sqlite3.connect(path)
    try:
        for st in statements:
            con.execute(st, params) if params else con.execute(st)
        con.commit()
    finally:
        con.close()


def _entries(con: sqlite3.Connection) -> list[tuple]:  # type: ignore[type-arg]
    return con.execute("SELECT id, at, operator, action, table_name, record_id, before_json, after_json "
                       "FROM change_log ORDER BY id").fetchall()


def rechain_unkeyed(path: Path) -> dict[int, str]:
    """Recompute every entry with the published SHA-256 recipe of the old chain (no key needed).
    Returns {entry id: new hash}."""
    con = sqlite3.connect(path)
    prev, hashes = "", {}
    for id_, at, op, action, table, rid, before, after in _entries(con):
        h = legacy_entry_hash(prev, datetime.fromisoformat(at), op, action, table, rid, before, after)
        con.execute("UPDATE change_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, id_))
        prev, hashes[id_] = h, h
    con.commit()
    con.close()
    return hashes


def rechain_with_key(path: Path) -> dict[int, str]:
    """What a person holding the key file does after deleting entries: every entry re-chained,
    the state row rewritten to match. Returns {entry id: new hash}."""
    key = load_key(path)
    assert key is not None
    con = sqlite3.connect(path)
    rows: dict[int, list[tuple[str, int, str]]] = {}
    for entry_id, table, row_id, sha in con.execute("SELECT entry_id, table_name, row_id, digest FROM change_log_rows"):
        rows.setdefault(entry_id, []).append((table, row_id, sha))
    prev, hashes = "", {}
    entries = _entries(con)
    for id_, at, op, action, table, rid, before, after in entries:
        h = entry_mac(key, prev, datetime.fromisoformat(at), op, action, table, rid, before, after,
                      rows_digest(rows.get(id_, [])))
        con.execute("UPDATE change_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, id_))
        prev, hashes[id_] = h, h
    first = entries[0][0] if entries else 0
    fp, eras_json = con.execute("SELECT key_fingerprint, eras_json FROM change_log_state").fetchone()
    eras = json.loads(eras_json)
    eras[0].update({"from": first, "old_chain_first_bad": None})
    eras_json = json.dumps(eras[:1], ensure_ascii=False)
    last = entries[-1][0] if entries else 0
    fields = (fp, first, eras_json, len(entries), last, prev)
    con.execute("UPDATE change_log_state SET keyed_from = ?, eras_json = ?, entries = ?, head_id = ?, head_hash = ?, "
                "mac = ?", (first, eras_json, len(entries), last, prev, state_mac(key, fields)))
    con.commit()
    con.close()
    return hashes
