"""Dialogs with evidence files: 记录进展 (a note, optionally one file) and 销号 (不解决不销号:
at least one evidence file and an approver, or the dialog refuses before anything is written).

Files are chosen with QFileDialog; the service copies each into the store's evidence folder
and records its SHA-256.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actor import logged_in
from app.errors import UserError
from app.rectify import service as rectify
from app.store import Store
from ui.common.messages import confirm
from ui.common.service_dialog import ServiceDialog, date_edit, to_date

EVIDENCE_FILTER = "佐证材料 (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.xls *.xlsx *.ofd *.zip);;所有文件 (*)"
NO_EVIDENCE = "不解决不销号：请至少添加一份整改佐证材料（文件）。"
NO_APPROVER = "请填写销号审批人。"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class ProgressDialog(ServiceDialog):
    """记录进展: date, note, and an optional evidence file."""

    def __init__(self, store: Store, problem: dict[str, Any], parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(store, f"记录整改进展 — 问题 #{problem['id']}", parent, operator)
        self.setObjectName("progressDialog")
        self.problem_id = int(problem["id"])
        self.evidence: Path | None = None
        self.on = date_edit(None, "on")
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("整改进展，如：已组织全员学习处罚程序规定，完成案卷补正")
        self.note.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.file_label = QLabel("（未选择）")
        self.file_label.setObjectName("fileLabel")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.setObjectName("chooseFile")
        self.clear_button = QPushButton("不附文件")
        self.clear_button.setObjectName("clearFile")
        self.choose_button.clicked.connect(self.choose_file)
        self.clear_button.clicked.connect(lambda: self.set_file(None))
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        self.form.addRow("日期", self.on)
        self.form.addRow("进展说明 *", self.note)
        self.form.addRow("佐证材料", row)
        self.set_file(None)

    def choose_file(self) -> None:
        name, _f = QFileDialog.getOpenFileName(self, "选择佐证材料", "", EVIDENCE_FILTER)
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path | None) -> None:
        self.evidence = path
        self.file_label.setText(path.name if path else "（不附文件）")
        self.file_label.setToolTip(str(path) if path else "")
        self.clear_button.setEnabled(path is not None)

    def submit(self) -> int:
        return rectify.add_progress(self.store, self.problem_id, note=self.note.toPlainText(), evidence=self.evidence,
                                    on=to_date(self.on), operator=self.operator)


class CloseDialog(ServiceDialog):
    """销号: evidence files (one at least), the approver and the date."""

    def __init__(self, store: Store, problem: dict[str, Any], parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(store, f"销号 — 问题 #{problem['id']}", parent, operator)
        self.setObjectName("closeDialog")
        self.problem_id = int(problem["id"])
        self.has_measure = bool(problem.get("measure"))  # without one the service refuses: no question first
        about = QLabel(f"{problem.get('category', '')}：{problem.get('manifestation', '')}\n"
                       f"整治措施：{problem.get('measure') or '（尚未制定）'}")
        about.setWordWrap(True)
        about.setStyleSheet("color:#424242;")
        self.files = QListWidget()
        self.files.setObjectName("files")
        self.files.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        self.add_button = QPushButton("添加文件…")
        self.add_button.setObjectName("addFiles")
        self.remove_button = QPushButton("移除")
        self.remove_button.setObjectName("removeFile")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        files_row.addLayout(buttons)
        self.approver = QLineEdit()
        self.approver.setObjectName("approver")
        self.approver.setPlaceholderText("审批销号的负责人")
        actor = logged_in(store)
        if actor is not None:  # under login the approver is the account, never a typed name
            self.approver.setText(actor.name)
            self.approver.setReadOnly(True)
        self.on = date_edit(None, "on")
        self.form.addRow("问题", about)
        self.form.addRow("佐证材料 *", files_row)
        self.form.addRow("审批人 *", self.approver)
        self.form.addRow("销号日期", self.on)
        hint = QLabel("不解决不销号：须附整改佐证材料；文件将复制保存并记录 SHA-256，销号后不能再修改。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#616161;")
        self.layout_.insertWidget(1, hint)
        self.ok_button.setText("销号")

    def choose_files(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(self, "选择整改佐证材料", "", EVIDENCE_FILTER)
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        present = set(self.paths())
        for path in paths:
            if path in present:
                continue
            size = path.stat().st_size if path.is_file() else 0
            item = QListWidgetItem(f"{path.name}（{human_size(size)}）")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.files.addItem(item)
            present.add(path)

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.files.count())]

    def accept(self) -> None:
        """The refusals first (shown in red), then one question: 销号 is final."""
        missing = NO_EVIDENCE if not self.paths() else NO_APPROVER if not self.approver.text().strip() else ""
        if missing:
            self.show_error(missing)
            return
        question = (f"销号问题 #{self.problem_id}？\n\n销号后该问题不能再修改：整改措施、进展和处置都不能再补记，"
                    f"佐证材料（{len(self.paths())} 个文件）随销号存档。")
        if self.has_measure and not confirm(self, question, "销号"):
            return
        super().accept()

    def submit(self) -> int:
        if not self.paths():
            raise UserError(NO_EVIDENCE)
        if not self.approver.text().strip():
            raise UserError(NO_APPROVER)
        rectify.close_problem(self.store, self.problem_id, evidence=self.paths(), approver=self.approver.text(),
                              on=to_date(self.on), operator=self.operator)
        return self.problem_id
