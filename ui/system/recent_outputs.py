"""最近生成的文件: the reports and forms this user produced lately (app/recent.py), each with
打开 (the system's viewer) and 打开所在文件夹, through QDesktopServices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.recent import RecentOutput, recent_outputs
from ui.common.messages import show_warning

COLUMNS = ("生成时间", "类别", "文件", "所在文件夹")
Opener = Callable[[QUrl], bool]


def open_url(url: QUrl) -> bool:
    """The one place the desktop is asked to open something (tests replace it)."""
    return bool(QDesktopServices.openUrl(url))


def open_path(parent: QWidget | None, path: Path, opener: Opener | None = None) -> bool:
    if not path.exists():
        show_warning(parent, f"文件 {path} 已不存在（被移动或删除）。")
        return False
    ok = (opener or open_url)(QUrl.fromLocalFile(str(path)))
    if not ok:
        show_warning(parent, f"系统无法打开 {path}（没有关联的程序？）。")
    return ok


class RecentOutputsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, opener: Opener | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentOutputs")
        self.setWindowTitle("最近生成的文件")
        self.opener = opener
        self.outputs: list[RecentOutput] = recent_outputs()
        self.table = QTableWidget(len(self.outputs), len(COLUMNS))
        self.table.setObjectName("outputsTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, o in enumerate(self.outputs):
            for col, text in enumerate((f"{o.at:%Y-%m-%d %H:%M}", o.kind, o.path.name, str(o.path.parent))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_file(row))
        empty = QLabel("尚未生成报告或表格。" if not self.outputs else "")
        self.open_button = QPushButton("打开")
        self.open_button.setObjectName("openOutput")
        self.open_button.clicked.connect(lambda: self.open_file(self.table.currentRow()))
        self.folder_button = QPushButton("打开所在文件夹")
        self.folder_button.setObjectName("openOutputFolder")
        self.folder_button.clicked.connect(lambda: self.open_folder(self.table.currentRow()))
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        for b in (self.open_button, self.folder_button):
            b.setEnabled(bool(self.outputs))
        buttons = QHBoxLayout()
        buttons.addWidget(empty, 1)
        for b in (self.open_button, self.folder_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if self.outputs:
            self.table.selectRow(0)
        self.resize(860, 380)

    def open_file(self, row: int) -> bool:
        return 0 <= row < len(self.outputs) and open_path(self, self.outputs[row].path, self.opener)

    def open_folder(self, row: int) -> bool:
        return 0 <= row < len(self.outputs) and open_path(self, self.outputs[row].path.parent, self.opener)
