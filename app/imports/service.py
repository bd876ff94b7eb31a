"""Import use cases: preview a spreadsheet, import it (strict, skip-invalid or dry run).

    preview_import(store, kind, path)  → ImportPreview   (no writes)
    import_file(store, kind, path)     → ImportReport    (one transaction, all or nothing)

Strict by default: one rejected row and nothing is written (ImportRejectedError carries the
report). The same file (same SHA-256 for the same kind) imported twice adds nothing and says
so. Long work reports `progress(done, total, label)` about every 1000 rows and stops with
Cancelled, leaving the store as it was, when `cancel()` returns True.

Reading the file needs no lock. Everything after it that depends on the store — "imported
before?", the conflicts with stored rows, the pre-import backup and the write — runs under the
store's writer lock in one piece (Store.locked), so two programs importing at once take turns:
the second sees the first's rows as conflicts (or its file as already imported) instead of both
passing the checks and both writing. A program that finds the lock taken waits for the other's
import (db/lock.py); a window holding the store refuses it at once.

A sheet too big to hold whole (over limits.STREAM_CELLS cells) is imported by streamed.py
instead, a chunk of rows at a time under the lock, with the same report and the same
all-or-nothing transaction; a preview still reads it whole.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.accounts.actor import check
from app.backups import before_write
from app.errors import ImportRejectedError, UserError
from app.imports.chosen_scales import apply_chosen_scales
from app.imports.conflicts import file_duplicates, imported_before, store_conflicts
from app.imports.headers import HeaderMatch, choose_sheet
from app.imports.issues import ColumnInfo, RowIssue
from app.imports.preview import GridRow, choose_sheet_at, data_grid
from app.imports.reading import Rows, Workbook, open_workbook
from app.imports.report import ImportReport, rejection_message
from app.imports.rows import ColumnPlan, Converted, convert_rows, make_plan
from app.imports.sheet_rows import sheet_rows
from app.imports.streamed import StreamedSheet, import_streamed
from app.imports.writer import BatchInfo, write_batch
from app.jobs import Cancel, Progress
from app.logs import logged
from app.records.fields import FIELDS
from app.writer_turn import turn
from db.store import Store

__all__ = ["ColumnInfo", "ImportPreview", "ImportReport", "RowIssue", "import_file", "preview_import",
           "rejection_message"]

KINDS = tuple(FIELDS)
SAMPLE_ROWS = 50


@dataclass
class ImportPreview:
    """What the import wizard shows before anything is written."""

    kind: str
    file: str
    sheets: list[str]
    sheet: str
    header_row: int
    columns: list[ColumnInfo]
    rows_read: int
    valid: int
    skipped_blank: int
    rejected: list[RowIssue]
    warnings: list[RowIssue]
    already_imported: bool
    sample: list[dict[str, Any]]
    grid: list[GridRow] = field(default_factory=list)  # the first data rows as read, every column
    header_top: int = 0  # the header block's first row (= header_row for a one-row header)


@dataclass
class _Prepared:
    kind: str
    book: Workbook
    sheet: str
    header: HeaderMatch
    conv: Converted
    by_field: dict[str, ColumnPlan]
    already_imported: bool = False


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UserError(f"未知的导入类型「{kind}」，应为 {'、'.join(KINDS)} 之一。")


def _read(kind: str, path: Path, sheet: str | None, mapping: dict[int, str] | None, unit: str | None,
          progress: Progress | None, cancel: Cancel | None, header_row: int | None = None,
          scales: dict[int, str] | None = None) -> _Prepared:
    """The file's rows, converted and checked against each other (no store involved). A
    `header_row` (as Excel numbers it) is the header the user named instead of the one found;
    `scales` the units the user chose for amount columns whose header states none."""
    _check_kind(kind)
    with open_workbook(Path(path)) as book:
        sheet_name, header = _choose(book, kind, sheet, mapping, header_row, scales)
        rows, notes = sheet_rows(book, sheet_name, header.row_index, header.columns, named=sheet is not None)
    return _convert(kind, book, sheet_name, header, rows, notes, unit, progress, cancel)


def _choose(book: Workbook, kind: str, sheet: str | None, mapping: dict[int, str] | None,
            header_row: int | None, scales: dict[int, str] | None) -> tuple[str, HeaderMatch]:
    if header_row is None:
        sheet_name, header = choose_sheet(book, kind, sheet, mapping)
    else:
        sheet_name, header = choose_sheet_at(book, kind, sheet, header_row, mapping)
    apply_chosen_scales(kind, header.columns, scales)
    return sheet_name, header


def _convert(kind: str, book: Workbook, sheet_name: str, header: HeaderMatch, rows: Rows, notes: list[RowIssue],
             unit: str | None, progress: Progress | None, cancel: Cancel | None) -> _Prepared:
    plan = make_plan(kind, header.columns)
    conv = convert_rows(kind, rows, header.row_index, plan, default_unit=unit,
                        progress=progress, cancel=cancel)
    conv.warnings[:0] = notes  # merged cells filled, sheets passed over (app/imports/sheet_rows.py)
    by_field: dict[str, ColumnPlan] = {p.field: p for p in plan}
    file_duplicates(kind, conv, by_field)
    return _Prepared(kind, book, sheet_name, header, conv, by_field)


def _check_store(store: Store | None, p: _Prepared) -> None:
    """Was it imported before, and which rows are taken in the store (moved to the rejections)."""
    p.already_imported = imported_before(store, p.kind, p.book.sha256, p.sheet)
    if store is not None and not p.already_imported:
        with store.session() as s:
            store_conflicts(s, p.kind, p.conv, p.by_field)


def preview_import(store: Store | None, kind: str, path: Path, *, sheet: str | None = None,
                   mapping: dict[int, str] | None = None, unit: str | None = None,
                   progress: Progress | None = None, cancel: Cancel | None = None,
                   header_row: int | None = None, scales: dict[int, str] | None = None) -> ImportPreview:
    """Read, map and check a file without writing anything (store=None skips the store checks).
    `scales`: 0-based column index → 元/千元/万元 for amount columns whose header states no unit."""
    p = _read(kind, Path(path), sheet, mapping, unit, progress, cancel, header_row, scales)
    _check_store(store, p)
    top = p.header.top_index if p.header.top_index is not None else p.header.row_index
    return ImportPreview(
        kind=kind, file=p.book.name, sheets=list(p.book.sheet_names), sheet=p.sheet,
        header_row=p.header.excel_row, columns=p.header.columns, rows_read=p.conv.rows_read,
        valid=len(p.conv.records), skipped_blank=p.conv.skipped_blank, rejected=p.conv.rejected,
        warnings=p.conv.warnings, already_imported=p.already_imported,
        sample=[dict(r) for r in p.conv.records[:SAMPLE_ROWS]],
        grid=data_grid(p.book.rows(p.sheet), p.header.row_index, len(p.header.columns)), header_top=top + 1,
    )


def import_file(store: Store, kind: str, path: Path, *, sheet: str | None = None,
                mapping: dict[int, str] | None = None, unit: str | None = None, skip_invalid: bool = False,
                dry_run: bool = False, operator: str = "", progress: Progress | None = None,
                cancel: Cancel | None = None, header_row: int | None = None,
                scales: dict[int, str] | None = None) -> ImportReport:
    """Import one sheet of `path` as `kind`. See the module doc for strict/skip/dry-run;
    `scales` as for preview_import. Under login an import (not a dry run, which writes nothing)
    is a 录入员's, under their account."""
    if not dry_run:
        actor = check(store, "records.import")
        operator = actor.name if actor else operator
    with logged("import", store.path, kind=kind, dry_run=dry_run) as facts:
        report = _import(store, kind, Path(path), sheet, mapping, unit, skip_invalid, dry_run, operator, progress,
                         cancel, header_row, scales)
        facts.update(rows_read=report.rows_read, imported=report.imported, rejected=len(report.rejected),
                     already_imported=report.already_imported)
        return report


def _import(store: Store, kind: str, path: Path, sheet: str | None, mapping: dict[int, str] | None,
            unit: str | None, skip_invalid: bool, dry_run: bool, operator: str, progress: Progress | None,
            cancel: Cancel | None, header_row: int | None = None,
            scales: dict[int, str] | None = None) -> ImportReport:
    _check_kind(kind)
    with open_workbook(Path(path)) as book:
        sheet_name, header = _choose(book, kind, sheet, mapping, header_row, scales)
        stream = book.streamed(sheet_name)
        if stream is not None:  # too big to hold whole: read, checked and written a chunk at a time
            job = StreamedSheet(kind, book, sheet_name, header, stream, named=sheet is not None)
            with nullcontext() if dry_run else turn(store, "导入"):
                return import_streamed(store, job, unit=unit, skip_invalid=skip_invalid, dry_run=dry_run,
                                       operator=operator, progress=progress, cancel=cancel)
        rows, notes = sheet_rows(book, sheet_name, header.row_index, header.columns, named=sheet is not None)
    p = _convert(kind, book, sheet_name, header, rows, notes, unit, progress, cancel)
    # the checks, the backup and the write with no other writer in between; a dry run writes
    # nothing, so it checks against what the store holds now without taking the lock
    with nullcontext() if dry_run else turn(store, "导入"):
        _check_store(store, p)
        return _report(store, p, skip_invalid, dry_run, operator, progress, cancel)


def _report(store: Store, p: _Prepared, skip_invalid: bool, dry_run: bool, operator: str,
            progress: Progress | None, cancel: Cancel | None) -> ImportReport:
    """Refuse, count (dry run) or back up and write the checked rows."""
    kind, conv = p.kind, p.conv
    report = ImportReport(
        kind=kind, file=p.book.name, sheet=p.sheet, header_row=p.header.excel_row, rows_read=conv.rows_read,
        imported=0, skipped_blank=conv.skipped_blank, already_imported=p.already_imported,
        dry_run=dry_run, columns=p.header.columns,
    )
    if p.already_imported:
        return report
    report.rejected, report.warnings = conv.rejected, conv.warnings
    if conv.rejected and not skip_invalid:
        raise ImportRejectedError(rejection_message(report, len(conv.rejected_rows)), report)
    if dry_run or not conv.records:
        report.imported = len(conv.records)
        return report
    info = BatchInfo(
        kind=kind, file_name=p.book.name, sha256=p.book.sha256, sheet=p.sheet, header_row=p.header.excel_row,
        operator=operator, rows_read=conv.rows_read, skipped_blank=conv.skipped_blank,
        rejected=len(conv.rejected_rows),
        mapping=[{"column": c.letter, "header": c.header, "field": c.field} for c in p.header.columns if c.field],
    )
    before_write(store, "import")  # a checked backup of the store as it was (app/backups.py)
    report.batch_id = write_batch(store, info, conv.records, progress=progress, cancel=cancel)
    report.imported = len(conv.records)
    return report
