"""Schema step 7→8: the unkeyed SHA-256 chain becomes the keyed chain of db/changelog.py.

The old chain is checked first, and what was found is recorded in the first key era
(`{"how": "migration", "from", "to", "old_chain_first_bad"}`): re-keying a chain that was
already broken must not launder it, so `log verify` keeps reporting that entry. The heads of
packages already exported keep the value that was sent (the bureau holds it) and gain the id of
their entry, found in the old chain.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from db.changelog_chain import entry_mac, legacy_entry_hash, state_mac
from db.changelog_key import create_key_for, fingerprint, load_key_for

_ENTRIES = text("SELECT id, at, operator, action, table_name, record_id, before_json, after_json, prev_hash, hash "
                "FROM change_log ORDER BY id")


def _at(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _old_chain_first_bad(rows: Sequence[Any]) -> int | None:
    prev = ""
    for r in rows:
        try:
            expected = legacy_entry_hash(prev, _at(r.at), r.operator, r.action, r.table_name, r.record_id,
                                         r.before_json, r.after_json)
        except (ValueError, TypeError):
            return int(r.id)
        if r.prev_hash != prev or r.hash != expected:
            return int(r.id)
        prev = r.hash
    return None


def rekey_chain(conn: Connection) -> None:
    """Re-key every entry from the first (inside the upgrade's transaction) and write the state."""
    rows = conn.execute(_ENTRIES).all()
    if not rows:
        return  # the first entry written makes the key and the state
    old_bad = _old_chain_first_bad(rows)
    old_ids = {r.hash: int(r.id) for r in (rows if old_bad is None else [r for r in rows if r.id < old_bad])}
    key = load_key_for(conn) or create_key_for(conn)
    prev = ""
    for r in rows:
        try:
            new = entry_mac(key, prev, _at(r.at), r.operator, r.action, r.table_name, r.record_id, r.before_json,
                            r.after_json, "")
        except (ValueError, TypeError):
            new = r.hash  # a time that does not parse: left as it is, and reported by `log verify`
        conn.execute(text("UPDATE change_log SET prev_hash = :p, hash = :h WHERE id = :i"),
                     {"p": prev, "h": new, "i": r.id})
        prev = new
    for head, head_id in old_ids.items():
        conn.execute(text("UPDATE exported_packages SET changelog_head_id = :i WHERE changelog_head = :h"),
                     {"i": head_id, "h": head})
    first, last = int(rows[0].id), int(rows[-1].id)
    eras = json.dumps([{"how": "migration", "from": first, "to": last, "at": datetime.now().replace(microsecond=0)
                        .isoformat(), "fingerprint": fingerprint(key), "old_chain_first_bad": old_bad}],
                      ensure_ascii=False)
    fields = (fingerprint(key), first, eras, len(rows), last, prev)
    conn.execute(text("INSERT INTO change_log_state (id, key_fingerprint, keyed_from, eras_json, entries, head_id, "
                      "head_hash, mac) VALUES (1, :f, :k, :e, :n, :hi, :hh, :m)"),
                 {"f": fields[0], "k": first, "e": eras, "n": len(rows), "hi": last, "hh": prev,
                  "m": state_mac(key, fields)})
