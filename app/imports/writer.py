"""Writing checked records into the store: one transaction, Core executemany, one log entry.

Everything happens inside `store.writing()`: missing units are created by name, an ImportBatch
records the provenance, the rows go in with Core `insert()` in chunks (the cancel flag is
checked between chunks), officers named on case files go into `case_officers` in the order
written, and a single change-log entry describes the batch. Any exception — Cancelled included —
rolls the whole transaction back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, DateTime, Table, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ColumnDefault

from app.jobs import Cancel, Progress, raise_if_cancelled
from db import changelog
from db.models import CaseFile, CaseOfficer, ImportBatch, LedgerEntry, Officer, Receipt, Unit, table_of
from db.store import Store

WRITE_CHUNK = 5000

MODELS: dict[str, Any] = {"officers": Officer, "cases": CaseFile, "ledger": LedgerEntry, "receipts": Receipt}


def _pairs(result: Any) -> dict[Any, Any]:
    """{first: second} of a two-column result."""
    return {a: b for a, b in result}


@dataclass
class BatchInfo:
    """Provenance of one import, as stored on its ImportBatch."""

    kind: str
    file_name: str
    sha256: str
    sheet: str
    header_row: int
    operator: str
    rows_read: int
    skipped_blank: int
    rejected: int
    mapping: list[dict[str, Any]]


def _column_defaults(table: Table) -> dict[str, Any]:
    """Every insertable column with the value a record without that field gets."""
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.primary_key:
            continue
        d = col.default  # a plain value default fills the column; a callable one is left to SQLAlchemy
        out[col.name] = d.arg if isinstance(d, ColumnDefault) and d.is_scalar else None
    return out


def _unit_ids(s: Session, names: set[str]) -> dict[str, int]:
    names = {n for n in names if n}
    if not names:
        return {}
    found = _pairs(s.execute(select(Unit.name, Unit.id).where(Unit.name.in_(sorted(names)))))
    missing = sorted(names - found.keys())
    if missing:
        s.execute(insert(Unit), [{"name": n, "field": ""} for n in missing])
        found.update(_pairs(s.execute(select(Unit.name, Unit.id).where(Unit.name.in_(missing)))))
    return found


class _BulkInsert:
    """A Core `insert()` compiled once for the table's columns, run as one DBAPI executemany
    per chunk inside the session's transaction.

    SQLAlchemy's per-row parameter processing costs more than SQLite's own insert on 100k rows,
    so the values are given in the stored form SQLAlchemy's SQLite types use: dates as ISO text
    (`YYYY-MM-DD`), booleans as 0/1 (Python bools are ints), everything else as is.
    """

    def __init__(self, s: Session, table: Table, names: list[str]) -> None:
        compiled = insert(table).compile(dialect=s.get_bind().dialect, column_keys=names)
        self.sql = compiled.string
        self.order = list(compiled.positiontup or names)
        self.dates = {c.name for c in table.columns if isinstance(c.type, Date) and not isinstance(c.type, DateTime)}
        self.conn = s.connection()

    def run(self, rows: list[dict[str, Any]], fixed: dict[str, Any] | None = None,
            units: dict[str, int] | None = None) -> None:
        """Insert `rows` (dicts holding every column named at construction, except those in
        `fixed`, which take one value for all rows, and `unit_id` when `units` maps each row's
        `unit` name to it). The rows are left as they are."""
        fixed = fixed or {}
        n = len(rows)
        columns: list[Any] = []
        for name in self.order:  # column by column: C-level maps instead of a loop per row
            if name in fixed:
                columns.append(repeat(fixed[name], n))
            elif name == "unit_id" and units is not None:
                columns.append(map(units.get, map(itemgetter("unit"), rows)))
            elif name in self.dates:  # a few hundred distinct dates: each formatted once
                values = list(map(itemgetter(name), rows))
                iso = {d: d.isoformat() for d in set(values) if d is not None}
                columns.append(map(iso.get, values))
            else:
                columns.append(map(itemgetter(name), rows))
        self.conn.exec_driver_sql(self.sql, list(zip(*columns, strict=True)))


def write_batch(store: Store, info: BatchInfo, records: list[dict[str, Any]], *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> int:
    """Insert `records` as one batch; returns the batch id. All or nothing."""
    model = MODELS[info.kind]
    table = table_of(model)
    defaults = _column_defaults(table)
    names = list(defaults)
    fields = [name for name in names if name not in ("unit_id", "batch_id")]
    # fields the records do not carry take their column's default
    fill = {name: defaults[name] for name in fields if records and name not in records[0]}
    total = len(records)
    with store.writing() as s:
        units = _unit_ids(s, {r["unit"] for r in records})
        _keep_unit_codes(s, records, units)
        batch = ImportBatch(
            kind=info.kind, file_name=info.file_name, sha256=info.sha256, sheet=info.sheet,
            header_row=info.header_row, imported_at=datetime.now().replace(microsecond=0),
            operator=info.operator, rows_read=info.rows_read, imported=total,
            skipped_blank=info.skipped_blank, rejected=info.rejected,
            mapping_json=json.dumps({"header_row": info.header_row, "columns": info.mapping},
                                    ensure_ascii=False),
        )
        s.add(batch)
        s.flush()
        batch_id = int(batch.id)
        fixed = {**fill, "batch_id": batch_id}
        bulk = _BulkInsert(s, table, names)
        for start in range(0, total, WRITE_CHUNK):
            raise_if_cancelled(cancel)
            if progress is not None:
                progress(start, total, "写入数据库")
            bulk.run(records[start:start + WRITE_CHUNK], fixed, units)
        if info.kind == "cases":
            _write_case_officers(s, batch_id, records)
        raise_if_cancelled(cancel)
        first_id, last_id = s.execute(
            select(func.min(model.id), func.max(model.id)).where(model.batch_id == batch_id)).one()
        changelog.append(s, operator=info.operator, action="import", table_name=table.name, record_id=batch_id,
                         after={"file": info.file_name, "sha256": info.sha256, "sheet": info.sheet,
                                "rows": total, "first_id": first_id, "last_id": last_id})
        if progress is not None:
            progress(total, total, "写入数据库")
    return batch_id


def _keep_unit_codes(s: Session, records: list[dict[str, Any]], units: dict[str, int]) -> None:
    """The deciding office's 统一社会信用代码 a 双公示 file gives, kept on the unit where it has none."""
    codes = {r["unit"]: r["unit_credit_code"] for r in records if r.get("unit_credit_code") and r["unit"]}
    for name, code in codes.items():
        s.execute(update(Unit).where(Unit.id == units[name], Unit.credit_code == "").values(credit_code=code))


def _write_case_officers(s: Session, batch_id: int, records: list[dict[str, Any]]) -> None:
    ids = _pairs(s.execute(select(CaseFile.case_key, CaseFile.id).where(CaseFile.batch_id == batch_id)))
    rows = [
        {"case_id": ids[rec["case_key"]], "position": pos, "name": o["name"], "cert_no": o.get("cert_no") or ""}
        for rec in records
        for pos, o in enumerate(rec.get("officers") or [])
    ]
    if rows:
        _BulkInsert(s, table_of(CaseOfficer), ["case_id", "position", "name", "cert_no"]).run(rows)
