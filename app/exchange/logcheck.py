"""`log verify`: the keyed change log checked (db/changelog_check.py), and the heads this office
has sent to the bureau checked against it.

    verify_log(store) → {"ok", "entries", "first_bad", "head", "reason", "message"}
    kept_heads_problem(session) → (entry id | None, reason) | None

A head in `exported_packages` that is no longer in the chain means entries at or below it were
deleted or rewritten — also by someone who holds the key, since the bureau has that head. Every
export entry of the log must still have its `exported_packages` row (deleting the rows would
hide the heads), and every row its export entry. A store without a change-log table is refused
(UserError), not crashed on.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.store import Store
from db.changelog import check_log


def _migrated_to(conn: Connection) -> int:
    """The last entry re-keyed by the upgrade to version 8 (heads up to it were sent unkeyed)."""
    row = conn.exec_driver_sql("SELECT eras_json FROM change_log_state WHERE id = 1").first()
    try:
        eras = json.loads(row[0]) if row else []
    except ValueError:
        return 0
    return max((int(e.get("to") or 0) for e in eras if isinstance(e, dict) and e.get("how") == "migration"),
               default=0)


def kept_heads_problem(bind: Session | Connection) -> tuple[int | None, str] | None:
    conn = bind.connection() if isinstance(bind, Session) else bind
    hashes: dict[int, str] = {int(i): str(h) for i, h in conn.exec_driver_sql("SELECT id, hash FROM change_log")}
    migrated_to = _migrated_to(conn)
    exported = conn.exec_driver_sql("SELECT sequence, manifest_sha256, changelog_head, changelog_head_id "
                                    "FROM exported_packages ORDER BY sequence").all()
    for seq, _manifest, head, head_id in exported:
        if not head:
            continue
        if head_id is None:
            return None, f"第 {seq} 号数据包报送时的变更日志链头 {head} 在升级时已不在日志中"
        if head_id not in hashes:
            return int(head_id), (f"第 {seq} 号数据包报送时的变更日志链头（第 {head_id} 条，{head}）已不在日志中："
                                  "它及其之前的记录被删除")
        if head_id > migrated_to and hashes[head_id] != head:
            return int(head_id), (f"第 {seq} 号数据包报送时的变更日志链头（第 {head_id} 条）已被改写："
                                  f"报送时为 {head}，现在为 {hashes[head_id]}")
    sent = {m for _s, m, _h, _i in exported}
    for entry_id, after in conn.exec_driver_sql("SELECT id, after_json FROM change_log WHERE action = 'export' "
                                                "AND table_name = 'exported_packages' ORDER BY id"):
        try:
            manifest = json.loads(after or "{}").get("manifest_sha256")
        except (ValueError, AttributeError):
            manifest = None
        if manifest not in sent:
            return int(entry_id), f"第 {entry_id} 条记录的数据包导出在 exported_packages 中已没有记录（被删除）"
        sent.discard(manifest)
    if sent:
        return None, f"exported_packages 中有 {len(sent)} 个数据包在变更日志中没有导出记录（被插入）"
    return None


def _message(result: dict[str, Any]) -> str:
    where = f"第一条有问题的记录编号 {result['first_bad']}（{result['reason']}）" if result["first_bad"] is not None \
        else f"{result['reason']}"
    return f"变更日志核验未通过：{where}；其后的记录也无法再被证明未被改动。"


def verify_log(store: Store) -> dict[str, Any]:
    """The whole check; raises StoreError (a UserError) for a store without a change-log table."""
    with store.session() as s:
        checked = check_log(s)
        result: dict[str, Any] = {"ok": checked.ok, "entries": checked.entries, "first_bad": checked.first_bad,
                                  "head": checked.head, "reason": checked.reason}
        if checked.ok:
            problem = kept_heads_problem(s)
            if problem is not None:
                result.update(ok=False, first_bad=problem[0], reason=problem[1])
    result["message"] = "" if result["ok"] else _message(result)
    return result
