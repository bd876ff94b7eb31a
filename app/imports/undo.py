"""Undoing an import as a whole: the batch's rows go, the batch goes, the change log says so.

    list_batches(store)                 → [BatchSummary]   newest first (the window's 导入记录)
    undo_blockers(store, batch_id)      → [str]            why it cannot be undone now ([] = it can)
    undo_import(store, batch_id, ...)   → UndoResult       one transaction, all or nothing

An undo is refused, with every reason spelled out, while later work rests on the batch's records:
a finding confirmed about one of its cases, receipts or ledger rows; a problem on the problem list
naming one of its cases; a review or a drawn sample of one of its cases; a disposition that
suspended one of its officers. Deleting those records underneath would leave that work pointing
at nothing, so the person is told what to undo first (DOMAIN: never repair silently).

Open findings about the records are left as they are: the next audit run finds them gone and
marks them resolved, as it does for any record that disappears. The units an import created stay
(they are names; other records may use them since).

The store is backed up first (reason `undo`, rotated like the pre-import backups). The change-log
entry (action `undo`, table of the batch, record id the batch id) carries the batch's provenance
as `before` and covers the deleted rows as gone (db/changelog.py `deleted_rows`), so `log verify`
still holds afterwards and would notice any of them put back behind the program's back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.backups import before_write
from app.domain.numbers import normalise_case_no
from app.errors import UserError
from app.logs import logged
from app.records.fields import KIND_LABELS
from app.store import Store
from app.writer_turn import turn
from db import changelog
from db.changelog_chain import UNDO_IMPORT
from db.models import CaseFile, CaseOfficer, ImportBatch, LedgerEntry, Officer, Receipt, table_of
from db.models_audit import Finding
from db.models_rectify import Disposition, Problem
from db.models_review import Review
from db.models_sampling import SampleDraw

__all__ = ["BatchSummary", "UndoRefusedError", "UndoResult", "list_batches", "undo_blockers", "undo_import"]

MODELS: dict[str, Any] = {"officers": Officer, "cases": CaseFile, "ledger": LedgerEntry, "receipts": Receipt}
SHOWN = 5  # keys named in a reason before "等 N 个"


class UndoRefusedError(UserError):
    """An undo refused because later work depends on the batch; `reasons` lists each."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(message)
        self.reasons = reasons


@dataclass(frozen=True)
class BatchSummary:
    id: int
    kind: str
    file_name: str
    sheet: str
    imported_at: datetime
    operator: str
    imported: int   # rows the import wrote
    present: int    # rows of the batch still in the store (some may have been deleted by hand)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "file": self.file_name, "sheet": self.sheet,
                "imported_at": self.imported_at.isoformat(sep=" "), "operator": self.operator,
                "imported": self.imported, "present": self.present}


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    kind: str
    file_name: str
    sheet: str
    deleted: int
    open_findings: int  # open findings about the deleted records: the next audit run resolves them
    backup: str

    def to_json(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "kind": self.kind, "file": self.file_name, "sheet": self.sheet,
                "deleted": self.deleted, "open_findings": self.open_findings, "backup": self.backup}

    def message(self) -> str:
        text = (f"已撤销导入批次 #{self.batch_id}（{KIND_LABELS[self.kind]}，文件 {self.file_name}"
                f"{'，工作表「' + self.sheet + '」' if self.sheet else ''}）：删除 {self.deleted} 行。")
        if self.open_findings:
            text += f"有 {self.open_findings} 条待核实的问题线索涉及这些记录，重新运行倒查后将标为已消除。"
        return text


def list_batches(store: Store) -> list[BatchSummary]:
    """Every import batch, newest first, with how many of its rows are still stored."""
    with store.session() as s:
        present: dict[int, int] = {}
        for model in MODELS.values():
            stmt = select(model.batch_id, func.count(model.id)).where(model.batch_id.is_not(None))
            present.update({int(b): int(n) for b, n in s.execute(stmt.group_by(model.batch_id))})
        return [BatchSummary(b.id, b.kind, b.file_name, b.sheet, b.imported_at, b.operator, b.imported,
                             present.get(b.id, 0))
                for b in s.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))]


def _batch(s: Session, batch_id: int) -> ImportBatch:
    batch = s.get(ImportBatch, batch_id)
    if batch is None:
        raise UserError(f"找不到导入批次 #{batch_id}（可能已被撤销）。可用「导入记录」或 caseaudit import list 查看批次。")
    if batch.kind not in MODELS:
        raise UserError(f"导入批次 #{batch_id} 的类型「{batch.kind}」不能撤销。")
    return batch


def _named(keys: list[str]) -> str:
    shown = "、".join(keys[:SHOWN])
    return shown + (f" 等 {len(keys)} 个" if len(keys) > SHOWN else "")


def _blockers(s: Session, batch: ImportBatch) -> list[str]:
    """What later work rests on the batch's records, one reason per kind of work."""
    model = MODELS[batch.kind]
    reasons: list[str] = []
    if batch.kind == "officers":
        ids = select(Officer.id).where(Officer.batch_id == batch.id)
        n = int(s.scalar(select(func.count(Disposition.id)).where(Disposition.officer_id.in_(ids))) or 0)
        if n:
            reasons.append(f"有 {n} 项分类处置（暂扣执法证件）涉及本批次的执法人员，请先删除这些处置。")
        return reasons
    key_col = model.receipt_key if batch.kind == "receipts" else model.case_key
    keys = {k for k in s.scalars(select(key_col).where(model.batch_id == batch.id)) if k}
    row_ids = set(s.scalars(select(model.id).where(model.batch_id == batch.id))) if batch.kind == "ledger" else set()
    confirmed = []
    for f in s.scalars(select(Finding).where(Finding.status == "confirmed").order_by(Finding.id)):
        refs = json.loads(f.refs_json or "{}")
        if batch.kind == "receipts":
            hit = f.receipt_key in keys
        elif batch.kind == "ledger":
            hit = refs.get("ledger_id") in row_ids or bool(set(refs.get("ledger_ids") or ()) & row_ids)
        else:
            hit = f.case_key in keys
        if hit:
            confirmed.append(f"#{f.id}")
    if confirmed:
        reasons.append(f"问题线索 {_named(confirmed)} 已根据本批次的记录确认为问题，请先在「倒查」页恢复这些线索"
                       "（并删除由此生成的问题）。")
    if batch.kind != "cases":
        return reasons
    problems = [f"#{p.id}" for p in s.scalars(select(Problem).order_by(Problem.id))
                if p.case_no and normalise_case_no(p.case_no) in keys]
    if problems:
        reasons.append(f"问题清单上的问题 {_named(problems)} 涉及本批次的案卷。")
    reviewed = sorted({k for k in s.scalars(select(Review.case_key).where(Review.case_key.in_(keys)))})
    if reviewed:
        reasons.append(f"案卷 {_named(reviewed)} 已有评查记录。")
    drawn = [f"第 {d.id} 号" for d in s.scalars(select(SampleDraw).order_by(SampleDraw.id))
             if keys & set(json.loads(d.case_keys_json or "[]"))]
    if drawn:
        reasons.append(f"抽查 {_named(drawn)} 抽中了本批次的案卷（抽样结果须能重现）。")
    return reasons


def undo_blockers(store: Store, batch_id: int) -> list[str]:
    """Why the batch cannot be undone now ([] when it can)."""
    with store.session() as s:
        return _blockers(s, _batch(s, batch_id))


def _refusal(batch: ImportBatch, reasons: list[str]) -> UndoRefusedError:
    head = (f"不能撤销导入批次 #{batch.id}（{KIND_LABELS[batch.kind]}，文件 {batch.file_name}）："
            "之后的工作用到了这批记录，数据库未作任何改动。")
    return UndoRefusedError(head + " " + " ".join(f"{i}. {r}" for i, r in enumerate(reasons, 1)), reasons)


def undo_import(store: Store, batch_id: int, *, operator: str = "") -> UndoResult:
    """Delete the batch's rows and the batch in one transaction, after a backup; refused with
    UndoRefusedError (nothing written) while later work depends on it."""
    with logged("undo-import", store.path, batch_id=batch_id) as facts, turn(store, "撤销导入"):
        with store.session() as s:
            batch = _batch(s, batch_id)
            reasons = _blockers(s, batch)
            if reasons:
                raise _refusal(batch, reasons)
        backup = before_write(store, "undo")
        result = _delete_batch(store, batch_id, operator, str(backup))
        facts.update(kind=result.kind, deleted=result.deleted)
        return result


def _delete_batch(store: Store, batch_id: int, operator: str, backup: str) -> UndoResult:
    with store.writing() as s:
        batch = _batch(s, batch_id)
        reasons = _blockers(s, batch)  # again, inside the write: nothing changed in between
        if reasons:
            raise _refusal(batch, reasons)
        model = MODELS[batch.kind]
        ids = list(s.scalars(select(model.id).where(model.batch_id == batch.id).order_by(model.id)))
        open_findings = _open_findings(s, batch, model)
        if batch.kind == "cases":
            s.execute(delete(CaseOfficer).where(CaseOfficer.case_id.in_(
                select(CaseFile.id).where(CaseFile.batch_id == batch.id))))
        s.execute(delete(table_of(model)).where(model.batch_id == batch.id))
        before = {"file": batch.file_name, "sha256": batch.sha256, "sheet": batch.sheet, "kind": batch.kind,
                  "imported_at": batch.imported_at, "operator": batch.operator, "rows": len(ids),
                  "first_id": ids[0] if ids else None, "last_id": ids[-1] if ids else None}
        kind, file_name, sheet = batch.kind, batch.file_name, batch.sheet
        s.delete(batch)
        s.flush()
        changelog.append(s, operator=operator, action=UNDO_IMPORT, table_name=table_of(model).name,
                         record_id=batch_id, before=before, after={"undone": True, "deleted": len(ids),
                                                                   "backup": backup},
                         deleted_rows=ids)
    return UndoResult(batch_id, kind, file_name, sheet, len(ids), open_findings, backup)


def _open_findings(s: Session, batch: ImportBatch, model: Any) -> int:
    key_col = model.receipt_key if batch.kind == "receipts" else getattr(model, "case_key", None)
    if key_col is None:
        return 0
    keys = select(key_col).where(model.batch_id == batch.id, key_col != "")
    finding_key = Finding.receipt_key if batch.kind == "receipts" else Finding.case_key
    return int(s.scalar(select(func.count(Finding.id)).where(Finding.status == "open",
                                                             finding_key.in_(keys))) or 0)
