"""The checklist of one case review: each item answered 无问题 / 有问题 / 不适用, with points
deducted (有问题 only) and a note. Every answer is saved at once as the draft (`mark_item`);
the score and grade follow live (`score_review`: a veto item marked 有问题 → 不合格, 0 分)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.errors import UserError
from app.review import mark_item, score_review
from app.review.scoring import STATUS_LABELS, Answer, Score
from app.store import Store
from ui.common.formatting import cell_text, cell_widget
from ui.common.messages import show_user_error

HEADERS = ("项", "类别", "评查项", "结论", "扣分", "说明")
COL_NO, COL_SECTION, COL_TEXT, COL_STATUS, COL_DEDUCT, COL_NOTE = range(6)
CHOICES = ("", "ok", "problem", "na")
VETO_FG = QBrush(QColor("#b71c1c"))


class ChecklistTable(QTableWidget):
    """Emits `scoreChanged(Score)` whenever an answer changes."""

    scoreChanged = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("checklist")
        self.store = store
        self.operator = operator
        self.review: dict[str, Any] | None = None
        self.bands: list[list[Any]] = []
        self.checklist_items: list[dict[str, Any]] = []
        self.editable = False
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.horizontalHeader()
        for col, width in ((COL_NO, 36), (COL_SECTION, 110), (COL_STATUS, 92), (COL_DEDUCT, 64), (COL_NOTE, 220)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)

    def load(self, review: dict[str, Any] | None, bands: list[list[Any]]) -> None:
        """Show `review` (its own items only); editable while it is the reviewer's draft."""
        self.review, self.bands = review, bands
        self.checklist_items = [dict(i) for i in (review or {}).get("items") or []]
        self.editable = review is not None and review["status"] == "draft"
        for row in range(self.rowCount()):  # the old row widgets go at once, not at the next deferred delete
            for col in (COL_STATUS, COL_DEDUCT, COL_NOTE):
                widget = self.cellWidget(row, col)
                if widget is not None:
                    widget.hide()
        self.setRowCount(0)
        self.setRowCount(len(self.checklist_items))
        for row, item in enumerate(self.checklist_items):
            self._fill_row(row, item)
        self.scoreChanged.emit(self.score())

    def _fill_row(self, row: int, item: dict[str, Any]) -> None:
        no = QTableWidgetItem(str(item["item_no"]))
        no.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        section = QTableWidgetItem(item["section"])
        text = QTableWidgetItem(("【否决】" if item["veto"] else "") + item["text"])
        text.setToolTip(item["text"])
        section.setToolTip(item["section"])
        if item["veto"]:
            text.setForeground(VETO_FG)
        for col, cell in ((COL_NO, no), (COL_SECTION, section), (COL_TEXT, text)):
            self.setItem(row, col, cell)
        combo = QComboBox()
        combo.setObjectName(f"status_{item['item_no']}")
        for status in CHOICES:
            combo.addItem(STATUS_LABELS[status], status)
        combo.setCurrentIndex(max(combo.findData(item["status"] or ""), 0))
        spin = QSpinBox()
        spin.setObjectName(f"deduct_{item['item_no']}")
        spin.setRange(0, 100)
        spin.setValue(int(item["deduct"] or 0))
        spin.setEnabled(self.editable and item["status"] == "problem")
        note = QLineEdit(item["note"] or "")
        note.setObjectName(f"note_{item['item_no']}")
        note.setEnabled(self.editable and bool(item["status"]))
        combo.setEnabled(self.editable)
        combo.currentIndexChanged.connect(lambda _i, r=row: self._status_changed(r))
        spin.editingFinished.connect(lambda r=row: self._save(r))
        spin.valueChanged.connect(lambda _v, r=row: self._local(r))
        note.editingFinished.connect(lambda r=row: self._save(r))
        self.setCellWidget(row, COL_STATUS, combo)
        self.setCellWidget(row, COL_DEDUCT, spin)
        self.setCellWidget(row, COL_NOTE, note)

    # --- widgets of a row ---------------------------------------------------------------------
    def row_of(self, item_no: int) -> int:
        return next(r for r, i in enumerate(self.checklist_items) if i["item_no"] == item_no)

    def status_box(self, row: int) -> QComboBox:
        return cell_widget(self, row, COL_STATUS, QComboBox)

    def deduct_box(self, row: int) -> QSpinBox:
        return cell_widget(self, row, COL_DEDUCT, QSpinBox)

    def note_box(self, row: int) -> QLineEdit:
        return cell_widget(self, row, COL_NOTE, QLineEdit)

    def veto_rows(self) -> list[int]:
        return [r for r, i in enumerate(self.checklist_items) if i["veto"]]

    def all_text(self) -> str:
        """Everything the reviewer can read in the checklist (for the blind-review test)."""
        parts = []
        for r in range(self.rowCount()):
            parts += [cell_text(self, r, c) for c in (COL_SECTION, COL_TEXT)]
            parts += [self.status_box(r).currentText(), str(self.deduct_box(r).value()), self.note_box(r).text()]
        return "\n".join(parts)

    # --- answering ----------------------------------------------------------------------------
    def _status_changed(self, row: int) -> None:
        combo, item = self.status_box(row), self.checklist_items[row]
        status = combo.currentData()
        if not status:  # an answer cannot be taken back to 未评; keep the last one
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(item["status"] or ""), 0))
            combo.blockSignals(False)
            return
        self.deduct_box(row).setEnabled(self.editable and status == "problem")
        self.note_box(row).setEnabled(self.editable)
        if status != "problem":
            self.deduct_box(row).blockSignals(True)
            self.deduct_box(row).setValue(0)
            self.deduct_box(row).blockSignals(False)
        self._save(row)

    def _local(self, _row: int) -> None:  # the score follows the spin box before it is saved
        self.scoreChanged.emit(self.score())

    def _save(self, row: int) -> None:
        if not self.editable or self.review is None:
            return
        item = self.checklist_items[row]
        status = self.status_box(row).currentData()
        if not status:
            return
        deduct = self.deduct_box(row).value() if status == "problem" else 0
        note = self.note_box(row).text()
        if (status, deduct, note) == (item["status"], item["deduct"], item["note"]):
            self.scoreChanged.emit(self.score())
            return
        try:
            saved = mark_item(self.store, self.review["id"], item["item_no"], status, note=note, deduct=deduct,
                              operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        item.update(status=saved["status"], deduct=saved["deduct"], note=saved["note"])
        self.scoreChanged.emit(self.score())

    def score(self) -> Score:
        answers = []
        for row, item in enumerate(self.checklist_items):
            combo = self.status_box(row)
            status = combo.currentData() if combo is not None else item["status"]
            spin = self.deduct_box(row)
            deduct = spin.value() if spin is not None and status == "problem" else 0
            answers.append(Answer(status or "", deduct, bool(item["veto"])))
        return score_review(answers, self.bands)

    def unanswered(self) -> int:
        return sum(1 for r in range(self.rowCount()) if not self.status_box(r).currentData())
