"""Importing a sheet too big to hold whole: read, converted, checked and written a chunk of rows
at a time, in the one transaction an import always is.

A sheet the reader streams (reading_stream.py: over limits.STREAM_CELLS cells) would take
gigabytes as rows and then as records. Here no more than CHUNK_ROWS rows and their records are
held at once: each chunk has its merged cells filled (MergedFill) and its none marks blanked,
is converted (RowConverter), has its rows checked against the file's earlier rows and against
the store, and is written (BatchWriter). What must see the whole sheet is gathered as it goes —
the keys of earlier rows, the unit doubts, the issues — and the report is the one the import of
a sheet read whole gives: the same counts, the same issues in the same order.

Safety is the same as well. Everything runs under the store's writer lock; the backup is made
just before the first row is written, and every row goes into one transaction that commits only
after the last chunk. A strict import stops writing at its first rejected row, reads on to name
every problem, and raises: the transaction rolls back and the store is as it was (as after a
cancel, a crash or a kill). A dry run, or a file imported before, writes nothing.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.backups import before_write
from app.errors import ImportRejectedError
from app.imports.conflicts import file_duplicates, imported_before, store_conflicts, store_has_rows
from app.imports.headers import HeaderMatch
from app.imports.issues import RowIssue
from app.imports.merged_cells import MergedFill
from app.imports.none_marks import blank_none_marks
from app.imports.reading import Workbook
from app.imports.reading_stream import SheetStream
from app.imports.report import ImportReport, rejection_message
from app.imports.rows import Converted, RowConverter, last_data_row, make_plan
from app.imports.sheet_rows import skipped_sheet_notes
from app.imports.writer import BatchInfo, BatchWriter
from app.jobs import Cancel, Progress, raise_if_cancelled
from db.store import Store

CHUNK_ROWS = 5000
PROGRESS_LABEL = "导入数据行"


@dataclass
class StreamedSheet:
    """The sheet to import: its workbook (kept open while it is read), name, header and stream."""

    kind: str
    book: Workbook
    sheet: str
    header: HeaderMatch
    stream: SheetStream
    named: bool  # the caller named the sheet (no warning about the sheets passed over)


def import_streamed(store: Store, job: StreamedSheet, *, unit: str | None, skip_invalid: bool, dry_run: bool,
                    operator: str, progress: Progress | None, cancel: Cancel | None) -> ImportReport:
    """Import a streamed sheet (see the module doc); the caller holds the writer lock unless
    this is a dry run."""
    kind, book, header = job.kind, job.book, job.header
    already = imported_before(store, kind, book.sha256, job.sheet)
    with store.session() as s:
        check_store = not already and store_has_rows(s, kind)
    plan = make_plan(kind, header.columns)
    by_field = {p.field: p for p in plan}
    converter = RowConverter(kind, plan, header.row_index, default_unit=unit)
    merged = MergedFill(job.stream.merged, header.row_index, header.columns, job.stream.rows_bound,
                        book.name, job.sheet)
    first = header.row_index + 1
    total = max(job.stream.rows_bound - first, 0)
    none_marks: list[RowIssue] = []
    checked = Converted()  # the rows rejected by the checks against other rows
    keys: dict[object, int] = {}
    imported = 0
    last_content = seen_end = first  # after the last row with content; after the last row read
    may_write = not (dry_run or already)
    writer: BatchWriter | None = None
    info = BatchInfo(kind=kind, file_name=book.name, sha256=book.sha256, sheet=job.sheet, header_row=header.excel_row,
                     operator=operator, rows_read=0, skipped_blank=0, rejected=0,
                     mapping=[{"column": c.letter, "header": c.header, "field": c.field}
                              for c in header.columns if c.field])
    with ExitStack() as transaction:
        written: Session | None = None
        for offset, chunk in job.stream.chunks(first, CHUNK_ROWS):
            raise_if_cancelled(cancel)
            if progress is not None:
                progress(min(offset - first, total), total, PROGRESS_LABEL)
            merged.fill(chunk, offset)
            end = last_data_row(chunk, 0)
            if end:
                last_content = offset + end
            seen_end = offset + len(chunk)
            none_marks += blank_none_marks(kind, chunk, 0, len(chunk), plan, offset)
            converter.convert(chunk, 0, len(chunk), offset)
            part = Converted(records=converter.out.records)
            converter.out.records = []
            file_duplicates(kind, part, by_field, keys)
            if check_store:
                if written is None:
                    with store.session() as s:
                        store_conflicts(s, kind, part, by_field)
                else:
                    store_conflicts(written, kind, part, by_field, batch=writer.batch_id if writer else None)
            checked.rejected += part.rejected
            checked.rejected_rows |= part.rejected_rows
            imported += len(part.records)
            refused = not skip_invalid and (converter.out.rejected or checked.rejected)
            if may_write and part.records and not refused:
                if written is None:
                    before_write(store, "import")  # a checked backup of the store as it was (app/backups.py)
                    written = transaction.enter_context(store.writing())
                    writer = BatchWriter(written, info, part.records[0])
                assert writer is not None
                writer.write(part.records)
        conv = converter.finish()
        rejected = sorted(conv.rejected + checked.rejected, key=lambda i: i.row)
        rejected_rows = conv.rejected_rows | checked.rejected_rows
        # rows after the last one with content are not read (as when the sheet is read whole)
        skipped = conv.skipped_blank - (seen_end - last_content)
        warnings = [*([] if job.named else skipped_sheet_notes(book)), *merged.warnings()]
        lead = converter.column_warnings  # the header's duplicate columns, then the none marks, as for a whole sheet
        warnings += [*conv.warnings[:lead], *none_marks, *conv.warnings[lead:]]
        report = ImportReport(
            kind=kind, file=book.name, sheet=job.sheet, header_row=header.excel_row,
            rows_read=max(last_content - first, 0), imported=0, skipped_blank=skipped, already_imported=already,
            dry_run=dry_run, columns=header.columns)
        if already:
            return report
        report.rejected, report.warnings = rejected, warnings
        if rejected and not skip_invalid:
            raise ImportRejectedError(rejection_message(report, len(rejected_rows)), report)
        if progress is not None:
            progress(total, total, PROGRESS_LABEL)
        if writer is None:
            report.imported = imported if dry_run else 0
            return report
        report.batch_id = writer.finish(rows_read=report.rows_read, skipped_blank=skipped,
                                        rejected=len(rejected_rows))
        report.imported = writer.written
        return report
