"""What an import reports: the counts, the rejected rows and the warnings (CLI.md's import JSON),
and the one line that sums up a refused strict import. Shared by the import of a sheet read
whole (service.py) and of a streamed one (streamed.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.imports.issues import ColumnInfo, RowIssue, format_issue
from app.records.fields import KIND_LABELS

MESSAGE_ISSUES = 5


@dataclass
class ImportReport:
    kind: str
    file: str
    sheet: str
    header_row: int
    rows_read: int
    imported: int
    skipped_blank: int
    already_imported: bool
    rejected: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    dry_run: bool = False
    batch_id: int | None = None
    columns: list[ColumnInfo] = field(default_factory=list)  # the header as matched (dry-run JSON)

    def to_json(self) -> dict[str, Any]:
        """The CLI.md import JSON (plus dry_run and batch_id)."""
        return {
            "kind": self.kind, "file": self.file, "sheet": self.sheet, "header_row": self.header_row,
            "rows_read": self.rows_read, "imported": self.imported, "skipped_blank": self.skipped_blank,
            "already_imported": self.already_imported,
            "rejected": [{"row": i.row, "column": i.column, "value": i.value, "reason": i.reason}
                         for i in self.rejected],
            "warnings": [{"row": i.row, "column": i.column, "reason": i.reason} for i in self.warnings],
            "dry_run": self.dry_run, "batch_id": self.batch_id,
        }



def rejection_message(report: ImportReport, rows: int) -> str:
    """One Chinese line summing up a refused strict import, spelling out the first few issues."""
    label = KIND_LABELS[report.kind]
    shown = "；".join(format_issue(report.file, report.sheet, i) for i in report.rejected[:MESSAGE_ISSUES])
    more = len(report.rejected) - MESSAGE_ISSUES
    tail = f"；另有 {more} 处问题未列出" if more > 0 else ""
    return (f"导入被拒绝，数据库未作任何改动：文件 {report.file} 工作表「{report.sheet}」中有 {rows} 行{label}"
            f"数据无法导入——{shown}{tail}。请改正表格后重新导入，或选择“跳过错误行”只导入正确的行。")
