"""Checking the keyed change log (db/changelog.py) against its key, its state row and the rows.

    check_log(session) → LogCheck(ok, entries, head, first_bad, reason)

Everything is read with plain SQL, so an entry whose time no longer parses, or a state row with
a wrong type, is reported rather than crashed on. In order:
 1. each entry's link to the previous one and its HMAC (with the digest of its rows);
 2. the key eras: entries chained before the current key (a key that went missing) cannot be
    verified; a migration that found the old unkeyed chain already broken is reported;
 3. the state row: its MAC, and that the log still has the length and head it names (deleting
    the newest entries, or all of them, shows here);
 4. each covered row as it is stored now against the newest entry that wrote it, digested over
    the columns its table had at the schema version that entry sealed it under.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from db.changelog_chain import PACKED, Record, entry_mac, rows_digest, sealed_hasher, state_mac, unpack
from db.changelog_key import fingerprint, key_where, load_key_for
from db.errors import StoreError

MISSING_TABLE = ("数据库中没有变更日志表（change_log）：它被删除了，或这不是本程序的数据库。"
                 "变更日志无法核验；请从备份恢复数据库。")


@dataclass(frozen=True)
class LogCheck:
    ok: bool
    entries: int
    head: str
    first_bad: int | None
    reason: str | None


def _tables(conn: Connection) -> set[str]:
    if conn.dialect.name != "sqlite":
        from sqlalchemy import inspect

        return set(inspect(conn).get_table_names())
    return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}


def _at(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _state(conn: Connection) -> dict[str, Any] | None:
    row = conn.exec_driver_sql("SELECT key_fingerprint, keyed_from, eras_json, entries, head_id, head_hash, mac "
                               "FROM change_log_state WHERE id = 1").mappings().first()
    return dict(row) if row else None


class _Rows:
    """change_log_rows read once: each entry's records (for its HMAC) and the newest digest of
    every covered row with the schema version it was sealed under (packed batches expanded);
    `damaged` names a blob that is not its digest's, or a record without a version."""

    def __init__(self, conn: Connection) -> None:
        self.by_entry: dict[int, list[Record]] = defaultdict(list)
        self.newest: dict[tuple[str, int], tuple[int, str, int]] = {}
        self.damaged: tuple[int, str] | None = None
        for entry_id, table, row_id, digest, packed, schema in conn.exec_driver_sql(
                "SELECT entry_id, table_name, row_id, digest, packed, schema FROM change_log_rows "
                "ORDER BY entry_id, id"):
            entry_id, table = int(entry_id), str(table)
            self.by_entry[entry_id].append((table, int(row_id), str(digest)))
            if not isinstance(schema, int):
                self.damaged = self.damaged or (entry_id, f"第 {entry_id} 条记录的数据行摘要（表 {table}）"
                                                          "缺少结构版本（被改动）")
                continue
            if packed is None:
                self.newest[(table, int(row_id))] = (entry_id, str(digest), schema)
                continue
            blob = bytes(packed)
            if hashlib.sha256(blob).hexdigest() != digest or len(blob) % PACKED.size:
                self.damaged = self.damaged or (entry_id, f"第 {entry_id} 条记录的数据行摘要（表 {table}）被改动")
                continue
            for i, d in unpack(blob):
                self.newest[(table, i)] = (entry_id, d, schema)


class _Walk:
    """The chain walked once: the first bad entry and why, the length and the head."""

    def __init__(self) -> None:
        self.n, self.head, self.last_id = 0, "", 0
        self.first_bad: int | None = None
        self.reason: str | None = None

    def bad(self, entry_id: int | None, reason: str) -> None:
        if self.first_bad is None and self.reason is None:
            self.first_bad, self.reason = entry_id, reason


def _walk(conn: Connection, key: bytes | None, state: dict[str, Any] | None,
          rows: dict[int, list[Record]], key_note: str) -> _Walk:
    """Links and HMACs; `key_note` is why there is no usable key (when `key` is None)."""
    w = _Walk()
    keyed_from = int(state["keyed_from"]) if state else 0
    for r in conn.exec_driver_sql("SELECT id, at, operator, action, table_name, record_id, before_json, after_json, "
                                  "prev_hash, hash FROM change_log ORDER BY id"):
        w.n += 1
        if w.reason is None:
            if r.prev_hash != w.head:
                w.bad(r.id, "与前一条的链接不符（前面的条目被删除、插入或改动）")
            elif state is None:
                w.bad(r.id, "日志没有状态记录（change_log_state 被删除？），无法确定用哪把密钥核验")
            elif r.id < keyed_from:
                w.bad(r.id, f"第 {r.id} 条至第 {keyed_from - 1} 条由之前的密钥链接，该段已无法核验"
                            "（密钥文件或状态记录曾丢失、被替换）")
            elif key is None:
                w.bad(r.id, key_note)
            else:
                try:
                    expected = entry_mac(key, w.head, _at(r.at), r.operator, r.action, r.table_name, r.record_id,
                                         r.before_json, r.after_json, rows_digest(rows.get(r.id, [])))
                except (ValueError, TypeError):
                    w.bad(r.id, "时间字段无法识别")
                else:
                    if r.hash != expected:
                        w.bad(r.id, "内容与密钥哈希不符（该条目或其记录的数据行摘要被改动）")
        w.head, w.last_id = r.hash, r.id
    return w


def _check_state(w: _Walk, key: bytes, state: dict[str, Any]) -> None:
    fields = (state["key_fingerprint"], state["keyed_from"], state["eras_json"], state["entries"], state["head_id"],
              state["head_hash"])
    if state["mac"] != state_mac(key, fields):
        w.bad(int(state["head_id"] or 0) or None, "日志状态记录（长度与链头）与密钥哈希不符（被改动）")
        return
    for era in json.loads(state["eras_json"] or "[]"):
        if era.get("old_chain_first_bad"):
            w.bad(int(era["old_chain_first_bad"]), "升级为密钥链之前，旧的哈希链已在此条断开（升级时核验并记录）")
            return
    if (int(state["entries"]), int(state["head_id"]), state["head_hash"]) != (w.n, w.last_id, w.head):
        missing = w.last_id + 1
        if w.n == 0:
            w.bad(int(state["keyed_from"]) or 1, f"日志的全部 {state['entries']} 条记录都被删除了（状态记录仍在）")
        elif int(state["head_id"]) > w.last_id:
            w.bad(missing, f"日志末尾的记录被删除：状态记录的链头是第 {state['head_id']} 条，日志只到第 {w.last_id} 条")
        else:
            w.bad(w.last_id, f"日志的条数或链头与状态记录不符（记录 {state['entries']} 条、链头第 {state['head_id']} 条）")


def _check_rows(conn: Connection, w: _Walk, rows: _Rows) -> None:
    if rows.damaged:
        w.bad(*rows.damaged)
        return
    by_table: dict[str, dict[int, tuple[int, str, int]]] = defaultdict(dict)
    for (table, row_id), seen in rows.newest.items():
        by_table[table][row_id] = seen
    existing = _tables(conn)
    bad: list[tuple[int, str]] = []
    for table, wanted in sorted(by_table.items()):
        if table not in existing:
            bad.append((min(e for e, _, _ in wanted.values()), f"表 {table} 不见了（记录过其数据行）"))
            continue
        current: dict[int, bytes] = {}
        cur = conn.connection.cursor()
        try:
            cur.execute(f'SELECT * FROM "{table}"')
            keys = [d[0] for d in cur.description]
            at = keys.index("id")
            hashers = {v: sealed_hasher(table, keys, v, conn.dialect.name) for v in {v for _, _, v in wanted.values()}}
            for r in cur.fetchall():
                sealed = wanted.get(int(r[at]))
                if sealed is not None:
                    current[int(r[at])] = hashers[sealed[2]](r)
        finally:
            cur.close()
        for row_id, (entry_id, sha, _version) in wanted.items():
            now = current[row_id].hex() if row_id in current else ""
            if now != sha:
                what = "被删除" if not now else ("重新出现" if not sha else "的内容被改动")
                bad.append((entry_id, f"表 {table} 第 {row_id} 行{what}，与第 {entry_id} 条记录写入时不符"
                                      "（在程序之外被改动）"))
    if bad:
        w.bad(*min(bad))


def check_log(bind: Session | Connection) -> LogCheck:
    """The change log checked as a whole. StoreError when the store has no change log table."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    tables = _tables(conn)
    if "change_log" not in tables:
        raise StoreError(MISSING_TABLE)
    key = load_key_for(conn)
    if not {"change_log_state", "change_log_rows"} <= tables:
        w = _walk(conn, None, None, {}, "")
        w.bad(None, "变更日志的状态表或数据行摘要表不见了（被删除）")
        return LogCheck(False, w.n, w.head, w.first_bad, w.reason)
    state = _state(conn)
    rows = _Rows(conn)
    where = key_where(conn)
    if state is not None and key is None:
        note = f"变更日志密钥文件 {where} 不见了或已损坏，无法核验"
    elif state is not None and key is not None and fingerprint(key) != state["key_fingerprint"]:
        key, note = None, f"变更日志密钥文件 {where} 不是本库的密钥（被替换？），无法核验"
    else:
        note = ""
    w = _walk(conn, key, state, rows.by_entry, note)
    if note:
        w.bad(None, note)
    if state is None and w.n == 0 and key is not None:
        w.bad(None, f"日志为空、也没有状态记录，但本库的变更日志密钥 {where} 已存在：日志记录可能被全部删除")
    if state is not None and key is not None:
        _check_state(w, key, state)
    if w.reason is None:
        _check_rows(conn, w, rows)
    return LogCheck(w.reason is None, w.n, w.head, w.first_bad, w.reason)
