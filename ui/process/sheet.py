"""A small read-only QTableWidget filled from rows of text, with the window's spreadsheet habits
(ui/common/table_view.py) — for the process registers, whose lists are short (tens of rows)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ui.common.table_view import make_sheet

WARN = QColor("#C00000")


def small_sheet(name: str, title: str, headers: Sequence[str], parent: QWidget | None = None) -> QTableWidget:
    t = QTableWidget(0, len(headers), parent)
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    make_sheet(t, title=title, key=name, frozen=False)
    return t


def fill(table: QTableWidget, rows: Sequence[Sequence[object]], warn: Sequence[bool] = ()) -> None:
    """Replace the rows; a row flagged in `warn` is shown in red (逾期 / 缺少)."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if r < len(warn) and warn[r]:
                item.setForeground(QBrush(WARN))
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c), 360))
