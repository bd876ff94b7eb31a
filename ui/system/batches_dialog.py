"""导入记录: every import batch (file, sheet, when, who, rows) with 撤销导入 — the batch undone
as a whole after one confirmation, or refused with every reason when later work rests on it
(app/imports/undo.py). Emits `undone(kind)` so the window refreshes that register."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from app.errors import UserError
from app.imports.undo import BatchSummary, UndoRefusedError, list_batches, undo_blockers, undo_import
from app.records.fields import KIND_LABELS
from app.store import Store
from ui.common import worker
from ui.common.messages import confirm, show_info, show_user_error, show_warning

COLUMNS = ("批次", "导入时间", "类型", "文件", "工作表", "行数", "操作人")


class BatchesDialog(QDialog):
    undone = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("batchesDialog")
        self.setWindowTitle("导入记录")
        self.store = store
        self.operator = operator
        self.batches: list[BatchSummary] = []
        self.task: worker.Task | None = None
        self.refusal: QWidget | None = None  # the open "cannot undo" box (tests reach it here)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("batchesTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 56), (1, 130), (2, 70), (4, 110), (5, 90)):
            self.table.setColumnWidth(col, width)
        self.table.itemSelectionChanged.connect(self._update)
        self.note = QLabel("撤销导入：删除这一批导入的全部记录（撤销前自动备份；之后可以重新导入同一文件）。")
        self.note.setObjectName("batchesNote")
        self.note.setWordWrap(True)
        self.undo_button = QPushButton("撤销导入…")
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(self.undo_current)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        self.batches = list_batches(self.store)
        self.table.setRowCount(len(self.batches))
        for row, b in enumerate(self.batches):
            rows = f"{b.imported:,}" + ("" if b.present == b.imported else f"（现存 {b.present:,}）")
            for col, text in enumerate((f"#{b.id}", f"{b.imported_at:%Y-%m-%d %H:%M}", KIND_LABELS[b.kind], b.file_name,
                                        b.sheet, rows, b.operator)):
                item = QTableWidgetItem(text)
                if col in (0, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if self.batches:
            self.table.selectRow(0)
        self._update()

    def current(self) -> BatchSummary | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection()
        return self.batches[row] if selected and 0 <= row < len(self.batches) else None

    def _update(self) -> None:
        self.undo_button.setEnabled(self.current() is not None and not (self.task and not self.task.done))

    def undo_current(self) -> worker.Task | None:
        b = self.current()
        if b is None:
            return None
        try:
            reasons = undo_blockers(self.store, b.id)
        except UserError as exc:
            show_user_error(self, exc)
            return None
        if reasons:
            self.refusal = show_warning(self, f"不能撤销导入批次 #{b.id}（{b.file_name}），之后的工作用到了这批记录：\n\n"
                                        + "\n".join(f"{i}. {r}" for i, r in enumerate(reasons, 1)), "不能撤销导入")
            return None
        question = (f"撤销导入批次 #{b.id}？\n\n{KIND_LABELS[b.kind]} {b.present:,} 行（文件 {b.file_name}）将从数据库中删除，"
                    "删除后不能在程序中恢复，只能重新导入该文件或从撤销前的备份恢复。撤销会记入操作记录。")
        if not confirm(self, question, "撤销导入"):
            return None
        store, operator, batch_id = self.store, self.operator, b.id

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> object:
            return undo_import(store, batch_id, operator=operator)

        def failed(exc: BaseException) -> bool:
            self._update()
            if isinstance(exc, UndoRefusedError):
                show_warning(self, exc.message, "不能撤销导入")
                return True
            return False

        def done(result: object) -> None:
            self.refresh()
            self.undone.emit(b.kind)
            show_info(self, result.message(), "撤销导入")  # type: ignore[attr-defined]

        self.task = worker.run_task(self, "正在撤销导入…", work, on_success=done, on_failure=failed)
        self._update()
        return self.task
