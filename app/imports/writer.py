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
from db.driver_insert import DriverInsert
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
        self.conn = s.connection()
        if self.conn.dialect.paramstyle != "qmark":  # PostgreSQL: positional %s, dates as they are
            self.sql, self.order, self.dates = DriverInsert(self.conn, table, names).sql, list(names), set()
            return
        compiled = insert(table).compile(dialect=s.get_bind().dialect, column_keys=names)
        self.sql = compiled.string
        self.order = list(compiled.positiontup or names)
        self.dates = {c.name for c in table.columns if isinstance(c.type, Date) and not isinstance(c.type, DateTime)}

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
    total = len(records)
    with store.writing() as s:
        writer = BatchWriter(s, info, records[0] if records else None)
        for start in range(0, total, WRITE_CHUNK):
            raise_if_cancelled(cancel)
            if progress is not None:
                progress(start, total, "写入数据库")
            writer.write(records[start:start + WRITE_CHUNK])
        raise_if_cancelled(cancel)
        writer.finish()
        if progress is not None:
            progress(total, total, "写入数据库")
    return writer.batch_id


class BatchWriter:
    """One batch written a run of records at a time inside the caller's transaction: the
    ImportBatch first, then write() per run (units by name, the rows, a case file's officers),
    then finish() — the batch's final counts and the change-log entry covering its rows.
    write_batch gives it all records at once; a streamed import (streamed.py) one chunk after
    another. `sample` is a record as the converter makes them (its keys say which fields the
    records carry)."""

    def __init__(self, s: Session, info: BatchInfo, sample: dict[str, Any] | None) -> None:
        self.s, self.info = s, info
        self.model = MODELS[info.kind]
        self.table = table_of(self.model)
        defaults = _column_defaults(self.table)
        names = list(defaults)
        fields = [name for name in names if name not in ("unit_id", "batch_id")]
        # fields the records do not carry take their column's default
        fill = {name: defaults[name] for name in fields if sample is not None and name not in sample}
        self.units: dict[str, int] = {}
        self.codes: dict[str, str] = {}  # unit → the 统一社会信用代码 its rows give (the last one)
        self.written = 0
        self.last_id = 0  # the highest row id written so far (a case file's officers find theirs by it)
        self.batch = ImportBatch(
            kind=info.kind, file_name=info.file_name, sha256=info.sha256, sheet=info.sheet,
            header_row=info.header_row, imported_at=datetime.now().replace(microsecond=0),
            operator=info.operator, rows_read=info.rows_read, imported=0,
            skipped_blank=info.skipped_blank, rejected=info.rejected,
            mapping_json=json.dumps({"header_row": info.header_row, "columns": info.mapping},
                                    ensure_ascii=False),
        )
        s.add(self.batch)
        s.flush()
        self.batch_id = int(self.batch.id)
        self.fixed = {**fill, "batch_id": self.batch_id}
        self.bulk = _BulkInsert(s, self.table, names)

    def write(self, records: list[dict[str, Any]]) -> None:
        """Insert `records` (and create the units they name)."""
        if not records:
            return
        s = self.s
        names = {r["unit"] for r in records} - self.units.keys()
        if names:
            self.units.update(_unit_ids(s, names))
        self.codes.update(_unit_codes(records))
        self.bulk.run(records, self.fixed, self.units)
        self.written += len(records)
        if self.info.kind == "cases":
            self.last_id = _write_case_officers(s, self.batch_id, records, self.last_id)

    def finish(self, *, rows_read: int | None = None, skipped_blank: int | None = None,
               rejected: int | None = None) -> int:
        """The batch's counts (those known only at the end of a streamed sheet) and its change-log
        entry; returns the batch id."""
        batch, s = self.batch, self.s
        batch.imported = self.written
        if rows_read is not None:
            batch.rows_read = rows_read
        if skipped_blank is not None:
            batch.skipped_blank = skipped_blank
        if rejected is not None:
            batch.rejected = rejected
        _keep_unit_codes(s, self.codes, self.units)
        model, info = self.model, self.info
        first_id, last_id = s.execute(
            select(func.min(model.id), func.max(model.id)).where(model.batch_id == self.batch_id)).one()
        changelog.append(s, operator=info.operator, action="import", table_name=self.table.name,
                         record_id=self.batch_id,
                         after={"file": info.file_name, "sha256": info.sha256, "sheet": info.sheet,
                                "rows": self.written, "first_id": first_id, "last_id": last_id})
        return self.batch_id


def _unit_codes(records: list[dict[str, Any]]) -> dict[str, str]:
    return {r["unit"]: r["unit_credit_code"] for r in records if r.get("unit_credit_code") and r["unit"]}


def _keep_unit_codes(s: Session, codes: dict[str, str], units: dict[str, int]) -> None:
    """The deciding office's 统一社会信用代码 a 双公示 file gives, kept on the unit where it has none."""
    for name, code in codes.items():
        s.execute(update(Unit).where(Unit.id == units[name], Unit.credit_code == "").values(credit_code=code))


def _write_case_officers(s: Session, batch_id: int, records: list[dict[str, Any]], after_id: int) -> int:
    """The officers named on `records`, the batch's case files written after row `after_id`;
    returns the highest case file id of the batch now."""
    ids = _pairs(s.execute(select(CaseFile.case_key, CaseFile.id)
                           .where(CaseFile.batch_id == batch_id, CaseFile.id > after_id)))
    rows = [
        {"case_id": ids[rec["case_key"]], "position": pos, "name": o["name"], "cert_no": o.get("cert_no") or ""}
        for rec in records
        for pos, o in enumerate(rec.get("officers") or [])
    ]
    if rows:
        _BulkInsert(s, table_of(CaseOfficer), ["case_id", "position", "name", "cert_no"]).run(rows)
    return max(ids.values(), default=after_id)
