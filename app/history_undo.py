"""Undoing the last record edit or delete (撤销上一次修改): the newest change of a register record
(案卷, 台账, 收据, 执法人员, 执法单位) put back from the snapshot the change log holds.

    last_record_change(store) → dict | None     the entry that 撤销 would undo, in the log's words
    undo_last_change(store, operator) → dict    one transaction; a `revert` entry in the change log

One level, as a clerk expects of a form: an edit is put back to its `before`, a deleted record is
written again under its old id (findings and chains that named it find it again), a record
created by hand is deleted. Once undone, the newest change is the `revert` itself and there is
nothing more to undo. The restore goes through the records service's own field handling (unit by
name, officers in order, the normalised keys), and the record's uniqueness is checked again: a
case number typed into another case since is a refusal, not a duplicate.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.errors import UserError
from app.history import entry_dict
from app.records.columns import REGISTERS
from app.records.fields import KIND_LABELS, REGISTER_FIELDS, FieldType
from app.records.service import _apply, _check_unique, _officers_for, _replace_officers, _to_dict
from app.store import Store
from db import changelog
from db.models import ChangeLogEntry

REVERT = "revert"
EDITS = ("create", "update", "delete", REVERT)
KIND_OF_TABLE = {reg.model.__tablename__: kind for kind, reg in REGISTERS.items()}


def _newest(s: Session) -> ChangeLogEntry | None:
    stmt = (select(ChangeLogEntry).where(ChangeLogEntry.table_name.in_(list(KIND_OF_TABLE)),
                                         ChangeLogEntry.action.in_(EDITS), ChangeLogEntry.record_id.is_not(None))
            .order_by(ChangeLogEntry.id.desc()).limit(1))
    return s.scalar(stmt)


def last_record_change(store: Store) -> dict[str, Any] | None:
    """The change 撤销 would undo (entry_dict, plus `kind`), or None when there is none."""
    with store.session() as s:
        e = _newest(s)
        if e is None or e.action == REVERT:
            return None
        return {**entry_dict(e), "kind": KIND_OF_TABLE[e.table_name]}


def _typed(kind: str, snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's JSON values back in the types the register keeps (dates)."""
    out: dict[str, Any] = {}
    for f in REGISTER_FIELDS[kind]:
        if f.name not in snapshot:
            continue
        value = snapshot[f.name]
        if f.type is FieldType.DATE and isinstance(value, str) and value:
            value = date.fromisoformat(value[:10])
        out[f.name] = value
    if kind == "receipts" and "voided" in snapshot:
        out["voided"] = bool(snapshot["voided"])
    return out


def _current(s: Session, kind: str, obj: Any) -> dict[str, Any]:
    reg = REGISTERS[kind]
    unit = obj.unit.name if reg.has_unit and obj.unit else None
    return _to_dict(kind, obj, unit, _officers_for(s, [obj.id]) if kind == "cases" else {})


def _same(a: Any, b: Any) -> bool:
    return (a in (None, "") and b in (None, "")) or a == b


def _matches(now: dict[str, Any], kind: str, after: dict[str, Any]) -> bool:
    """The record still holds what the change left (no import or undo rewrote that id since)."""
    left = _typed(kind, after)
    return all(_same(now.get(k), v) for k, v in left.items() if k in now)


def _restore(s: Session, kind: str, obj: Any, snapshot: dict[str, Any], record_id: int | None) -> Any:
    """Write `snapshot` onto `obj`, or — for a deleted record — onto a new record under its old
    id (`record_id`; None when another record has taken that id since: a new id then)."""
    reg = REGISTERS[kind]
    new = obj is None
    if obj is None:
        obj = reg.model(id=record_id) if record_id is not None else reg.model()
    values = _typed(kind, snapshot)
    with s.no_autoflush:  # checked before the row is written, as the records service does
        _apply(s, kind, obj, values)
        if kind == "ledger" and snapshot.get("row") is not None:
            obj.source_row = snapshot["row"]
        _check_unique(s, kind, obj)
    if new:
        s.add(obj)
    s.flush()
    if kind == "cases":
        _replace_officers(s, obj, list(values.get("officers") or []))
    return obj


def undo_last_change(store: Store, operator: str = "") -> dict[str, Any]:
    """Undo the newest register change; returns what was undone (entry_dict + kind)."""
    actor = check(store, "records.edit")
    operator = actor.name if actor else operator
    with store.writing() as s:
        e = _newest(s)
        if e is None or e.action == REVERT:
            raise UserError("没有可以撤销的修改（上一次修改已经撤销，或还没有修改过记录）。")
        kind, record_id = KIND_OF_TABLE[e.table_name], int(e.record_id or 0)
        label = KIND_LABELS[kind]
        reg = REGISTERS[kind]
        before = json.loads(e.before_json) if e.before_json else None
        obj = s.get(reg.model, record_id)
        now = _current(s, kind, obj) if obj is not None else None
        after = json.loads(e.after_json) if e.after_json else {}
        if e.action in ("create", "update") and (obj is None or not _matches(now or {}, kind, after)):
            raise UserError(f"{label}记录 #{record_id} 在这次{'新增' if e.action == 'create' else '修改'}之后"
                            "已被删除或被导入、撤销导入改动，不能撤销。")
        if e.action == "create":
            s.delete(obj)
            restored = None
        else:
            if before is None:
                raise UserError(f"变更日志第 {e.id} 条没有修改前的内容，无法撤销。")
            # a deleted record comes back under its old id unless another record took it since
            target = obj if e.action == "update" else None
            kept_id = record_id if e.action == "update" or obj is None else None
            restored_obj = _restore(s, kind, target, before, kept_id)
            record_id = int(restored_obj.id)
            restored = _current(s, kind, restored_obj)
            now = now if e.action == "update" else None
        s.flush()
        changelog.append(s, operator=operator, action=REVERT, table_name=e.table_name, record_id=record_id,
                         before=now, after={**(restored or {}), "reverts": e.id, "reverted_action": e.action})
        return {**entry_dict(e), "kind": kind}
