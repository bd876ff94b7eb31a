"""Column widths a clerk can read: wide enough for the header and typical content, never the
whole model measured (resizeColumnsToContents would visit every row)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.records.fields import FieldType
from ui.common.formatting import display_value
from ui.common.table_model import RecordTableModel
from ui.common.table_view import make_sheet, sheet_of

SAMPLE_ROWS = 25
MAX_WIDTH = 380
SAMPLES: dict[FieldType, str] = {  # typical widest content per type
    FieldType.DATE: "2019-03-05",
    FieldType.FEN: "1,000,000.00",
    FieldType.BOOL: "是",
    FieldType.ID: "91210100MA0XXXXX0X",
    FieldType.CERT: "21010019001",
}


def fit_columns(view: QTableView, model: RecordTableModel) -> None:
    """Set each column's width from its header, its type's typical value and a sample of rows
    (not when the clerk's own widths were restored)."""
    sheet = sheet_of(view)
    if sheet is not None and sheet.restored:
        return
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    header_metrics = header.fontMetrics()
    padding = 28  # cell margins + the sort arrow
    records = [r for r in (model.record(i) for i in range(min(model.rowCount(), SAMPLE_ROWS))) if r]
    for col, f in enumerate(model.fields):
        width = header_metrics.horizontalAdvance(f.label) + padding
        sample = SAMPLES.get(f.type)
        if sample:
            width = max(width, metrics.horizontalAdvance(sample) + padding)
        longest = max((display_value(f, r.get(f.name)) for r in records), key=len, default="")
        if longest:
            width = max(width, metrics.horizontalAdvance(longest) + padding)
        header.resizeSection(col, min(width, MAX_WIDTH))


def fix_row_height(view: QTableView) -> None:
    """One line per row, fixed: no per-row measuring on a 100,000-row table."""
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 10)
    vh.setMinimumSectionSize(view.fontMetrics().height() + 4)


def record_table(model: QAbstractItemModel, name: str,
                 widths: dict[int, int] | None = None, title: str | None = None) -> QTableView:
    """A read-only list of records with the spreadsheet habits (ui/common/table_view.py: rows
    selected like Excel's, copy, export, print, column chooser, remembered widths), one line
    per row (fixed height), no wrapping, the last column stretched; `widths` maps column →
    width in pixels (what the clerk last set wins); `title` heads the exported and printed list."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    fix_row_height(view)
    for col, width in (widths or {}).items():
        view.setColumnWidth(col, width)
    make_sheet(view, title=title or name, key=name)
    return view
