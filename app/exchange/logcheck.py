"""`log verify`: walk the change log's hash chain and name the first entry that does not hold.

    verify_log(store) → {"ok": bool, "entries": N, "first_bad": id | None, "head": "…", "reason": …}

An entry is bad when its `prev_hash` is not the previous entry's hash, or its `hash` is not the
SHA-256 of its content (db.changelog.entry_hash) — so editing, deleting or reordering entries
shows from that entry on. Rows are read with plain SQL: an entry whose time no longer parses
is reported, not crashed on. Deleting the newest entries leaves a shorter, valid chain: only a
head sent earlier to the bureau (in a package) shows that.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import text

from app.store import Store
from db.changelog import entry_hash

_SQL = text("SELECT id, at, operator, action, table_name, record_id, before_json, after_json, prev_hash, hash "
            "FROM change_log ORDER BY id")


def _at(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def verify_log(store: Store) -> dict[str, Any]:
    prev, n, first_bad, reason = "", 0, None, None
    with store.session() as s:
        for r in s.execute(_SQL):
            n += 1
            if first_bad is not None:
                prev = r.hash
                continue
            try:
                expected = entry_hash(prev, _at(r.at), r.operator, r.action, r.table_name, r.record_id,
                                      r.before_json, r.after_json)
            except (ValueError, TypeError):
                first_bad, reason = r.id, "时间字段无法识别"
            else:
                if r.prev_hash != prev:
                    first_bad, reason = r.id, "与前一条的链接不符（前面的条目被删除、插入或改动）"
                elif r.hash != expected:
                    first_bad, reason = r.id, "内容与哈希不符（该条目被改动）"
            prev = r.hash
    return {"ok": first_bad is None, "entries": n, "first_bad": first_bad, "head": prev, "reason": reason}
