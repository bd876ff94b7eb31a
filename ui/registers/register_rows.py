"""What the register pages (投诉举报, 回访, 问卷调查) share: a read-only model over a short list of
dicts with fixed columns (a register of hundreds of rows, read whole from its service), rows in
red when `overdue`, and an output written off the GUI thread to a file the user picks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.common import worker
from ui.common.column_model import ColumnListModel

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = "#c62828"
FILTERS = {".pdf": "PDF 文件 (*.pdf)", ".xlsx": "Excel 表格 (*.xlsx)"}


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(f"#{v}" for v in value)
    return str(value)


class DictRowsModel(ColumnListModel):
    """Rows given whole (`set_rows`); `overdue` rows drawn in red."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.COLUMNS = tuple(columns)  # type: ignore[misc]
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def row(self, n: int) -> dict[str, Any] | None:
        return self.rows[n] if 0 <= n < len(self.rows) else None

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.get("id") == record_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row(index.row()) if index.isValid() else None
        if r is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(r.get(self.COLUMNS[index.column()][0]))
        if role == Qt.ItemDataRole.ForegroundRole and r.get("overdue"):
            return QBrush(QColor(OVERDUE_COLOUR))
        return None


def ask_save_path(parent: QWidget, title: str, folder: Path, name: str) -> Path | None:
    """A path chosen in the save dialog, given the suffix of `name` when the user left it off."""
    suffix = Path(name).suffix.lower()
    chosen, _f = QFileDialog.getSaveFileName(parent, title, str(folder / name), FILTERS.get(suffix, ""))
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() in FILTERS else path.with_name(path.name + suffix)


def write_off_thread(parent: QWidget, label: str, write: Callable[[], Path],
                     done: Callable[[Path], object]) -> worker.Task:
    """Run `write()` on the worker pool; `done(path)` on the GUI thread, a refusal in a box."""
    def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> Path:
        return write()

    def succeeded(path: object) -> None:
        done(Path(str(path)))

    return worker.run_task(parent, label, work, on_success=succeeded)
