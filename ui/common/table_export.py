"""导出Excel and 打印预览 of any table: the whole current view written by app/reports (openpyxl,
ReportLab) on the worker pool; the print preview is the reports' own (ui/reports/pdf_preview.py).

A model that filters and sorts in SQL (the registers' RecordTableModel) describes its view
itself (`export_table(fields)`: every matching record, read in the worker). Any other model's
rows are read here on the GUI thread — such lists hold at most a few thousand rows, all of them
already in memory (the problem list, the sample, an import's problems) or paged from the store
(the findings) — with the text the table shows.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QVBoxLayout, QWidget

from app.reports.table_data import TableColumn, TableData
from ui.common import worker
from ui.common.messages import show_info

MAX_GUI_ROWS = 200_000


def view_table(sheet: Any) -> TableData:
    """The table as shown: visible columns in their order, every row of the model's view."""
    model = sheet.view.model()
    cols = sheet.visible_columns()
    exporter = getattr(model, "export_table", None)
    stamp = f"导出时间 {datetime.now():%Y-%m-%d %H:%M}"
    if callable(exporter):
        table: TableData = exporter(cols, sheet.title)
        table.subtitle = _subtitle(getattr(model, "filter_summary", lambda: "")(), table.count, stamp)
        return table
    root = QModelIndex()
    while model.canFetchMore(root) and model.rowCount() < MAX_GUI_ROWS:
        model.fetchMore(root)
    headers = sheet.header_texts(cols)
    rows = [[_text(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)) for c in cols]
            for r in range(model.rowCount())]
    filters = getattr(model, "filter_summary", lambda: "")()  # the column filters the rows went through
    return TableData(sheet.title, [TableColumn(h) for h in headers], rows, count=len(rows),
                     subtitle=_subtitle(filters, len(rows), stamp))


def _subtitle(filters: str, count: int | None, stamp: str) -> str:
    parts = [p for p in (filters, f"共 {count:,} 条" if count is not None else "", stamp) if p]
    return "　".join(parts)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _ask_path(parent: QWidget, title: str, suffix: str, kind: str) -> str | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = f"{title}-{datetime.now():%Y%m%d}{suffix}"
    path, _filter = QFileDialog.getSaveFileName(parent, f"导出{kind}", str(Path(folder) / name),
                                                f"{kind} (*{suffix})")
    if not path:
        return None
    return path if path.lower().endswith(suffix) else path + suffix


def export_view(sheet: Any, path: str | None = None) -> worker.Task | None:
    """导出Excel: ask where (unless given), then write the view on the worker."""
    view = sheet.view
    if path is None:
        path = _ask_path(view, sheet.title, ".xlsx", "Excel 表格")
        if path is None:
            return None
    table = view_table(sheet)
    target = Path(path)

    def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> int:
        from app.reports.table_xlsx import write_table_xlsx

        return write_table_xlsx(target, table, progress=progress)

    def done(n: int) -> None:
        sheet.exported.emit(str(target))
        show_info(view, f"已导出 {n:,} 条到\n{target}", "导出Excel")

    return worker.run_task(view, "正在导出 Excel…", work, on_success=done)


class TablePreview(QDialog):
    """The printed list in the reports' preview, with its 打印… button."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        from ui.reports.pdf_preview import PdfPreview

        self.setObjectName("tablePreview")
        self.setWindowTitle(f"打印预览 — {title}")
        self.preview = PdfPreview(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        self.resize(900, 1000)


def print_view(sheet: Any, path: str | None = None) -> worker.Task:
    """打印预览: the view as a titled A4 PDF (a temp file unless given), shown for printing."""
    view = sheet.view
    table = view_table(sheet)
    target = Path(path) if path else Path(tempfile.mkdtemp(prefix="caseaudit-print-")) / f"{sheet.title}.pdf"

    def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> int:
        from app.reports.table_pdf import write_table_pdf

        return write_table_pdf(target, table, progress=progress, cancel=cancel)

    def done(_n: int) -> None:
        # One preview per table, kept and reused: its pages render on the worker pool, and a
        # dialog deleted on close would take their progress windows with it mid-render.
        dialog = sheet.preview if isinstance(sheet.preview, TablePreview) else TablePreview(sheet.title, view.window())
        dialog.preview.load(target)
        sheet.preview = dialog
        dialog.open()
        dialog.raise_()

    return worker.run_task(view, "正在排版…", work, on_success=done)
