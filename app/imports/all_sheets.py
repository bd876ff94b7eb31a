"""Importing every sheet of a file whose header matches (`import KIND FILE --all-sheets`).

A 双公示 publication file keeps 法人 and 自然人 decisions on two sheets; a register may keep one
sheet per year. Each matching sheet is imported by the ordinary import (service.import_file) as
its own batch, in its own transaction. Sheets without a matching header, hidden sheets and chart
sheets are skipped, each with the reason.

Strict as a single import is: every matching sheet is first checked as a dry run, and one
rejected row in any of them refuses the whole file before anything is written. Only a conflict
*between* sheets (the same case number on both) can be found after an earlier sheet is written;
then the import stops there, and the message names the batches already written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import BadFileError, ImportRejectedError
from app.imports.headers import choose_sheet
from app.imports.reading import open_workbook
from app.imports.service import ImportReport, import_file
from app.jobs import Cancel, Progress
from app.records.fields import KIND_LABELS
from db.store import Store


@dataclass
class SheetSkipped:
    sheet: str
    reason: str


@dataclass
class AllSheetsReport:
    """The batches of one `--all-sheets` import and the sheets left out."""

    kind: str
    file: str
    reports: list[ImportReport] = field(default_factory=list)
    skipped: list[SheetSkipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return sum(r.imported for r in self.reports)

    def to_json(self) -> dict[str, Any]:
        """`sheets`: one import JSON (CLI.md) per imported sheet; `skipped`: {sheet, reason}."""
        return {
            "kind": self.kind, "file": self.file, "all_sheets": True, "dry_run": self.dry_run,
            "rows_read": sum(r.rows_read for r in self.reports), "imported": self.imported,
            "sheets": [r.to_json() for r in self.reports],
            "skipped": [{"sheet": s.sheet, "reason": s.reason} for s in self.skipped],
        }


def matching_sheets(kind: str, path: Path) -> tuple[list[str], list[SheetSkipped]]:
    """The visible sheets whose header names the kind's required fields, and the others with why."""
    matching: list[str] = []
    skipped: list[SheetSkipped] = []
    with open_workbook(path) as book:
        for name in book.sheet_names:
            try:
                choose_sheet(book, kind, name)
            except BadFileError as exc:
                skipped.append(SheetSkipped(name, exc.message))
                continue
            matching.append(name)
        skipped += [SheetSkipped(name, f"{why}，未导入（如需导入，请用 --sheet 指定）")
                    for name, why in book.skipped_sheets.items()]
        if not matching:
            reasons = "；".join(f"「{s.sheet}」：{s.reason}" for s in skipped[:5])
            raise BadFileError(f"文件 {book.name} 中没有一个工作表有{KIND_LABELS[kind]}的表头——{reasons}",
                               file=book.name)
    return matching, skipped


def import_all_sheets(store: Store, kind: str, path: Path, *, unit: str | None = None,
                      skip_invalid: bool = False, dry_run: bool = False, operator: str = "",
                      progress: Progress | None = None, cancel: Cancel | None = None) -> AllSheetsReport:
    """Import each matching sheet of `path` as its own batch (see the module doc)."""
    path = Path(path)
    sheets, skipped = matching_sheets(kind, path)
    result = AllSheetsReport(kind=kind, file=path.name, skipped=skipped, dry_run=dry_run)
    checked = [import_file(store, kind, path, sheet=name, unit=unit, skip_invalid=skip_invalid, dry_run=True,
                           operator=operator, progress=progress, cancel=cancel) for name in sheets]
    if dry_run:
        result.reports = checked
        return result
    for name in sheets:
        try:
            report = import_file(store, kind, path, sheet=name, unit=unit, skip_invalid=skip_invalid,
                                 operator=operator, progress=progress, cancel=cancel)
        except ImportRejectedError as exc:
            written = [r for r in result.reports if r.batch_id is not None]
            if written:
                done = "、".join(f"「{r.sheet}」（批次 {r.batch_id}）" for r in written)
                exc.message = f"{exc.message}（此前已导入的工作表 {done} 保留在数据库中，可按批次撤销。）"
                exc.args = (exc.message,)
            raise
        result.reports.append(report)
    return result
