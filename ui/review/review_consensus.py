"""背靠背评查 after both reviewers submitted: the items on which they differ, and the form that
records the agreed answer for each (`record_consensus`). Nothing shows before both submitted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.review import disagreements, record_consensus
from app.review.scoring import STATUS_LABELS
from app.store import Store
from ui.common.formatting import cell_widget
from ui.common.messages import show_user_error

DECISIONS = ("ok", "problem", "na")


def answer_text(a: dict[str, Any]) -> str:
    text = STATUS_LABELS.get(a.get("status", ""), "")
    if a.get("status") == "problem" and a.get("deduct"):
        text += f" 扣{a['deduct']}分"
    if a.get("note"):
        text += f"（{a['note']}）"
    return text


class ConsensusPanel(QWidget):
    """Emits `recorded(review)` after the consensus was stored."""

    recorded = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("consensusPanel")
        self.store = store
        self.operator = operator
        self.case_no = ""
        self.rows: list[dict[str, Any]] = []
        self.title = QLabel()
        self.title.setObjectName("consensusTitle")
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("disagreements")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.record_button = QPushButton("记录合议结果")
        self.record_button.setObjectName("recordConsensus")
        self.record_button.clicked.connect(self.record)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * 6 + 30)
        self.set_note("")

    def load(self, case_no: str, reviewers: list[str]) -> None:
        """The disagreements of the case's two submitted blind reviews, with a form for each."""
        self.case_no = case_no
        try:
            self.rows = disagreements(self.store, case_no)
        except UserError as exc:
            self.rows = []
            self.title.setText(exc.message)
            self.table.setRowCount(0)
            self.record_button.setEnabled(False)
            return
        self.table.show()
        self.record_button.show()
        headers = ["项", "评查项", *[f"{r} 的意见" for r in reviewers[:2]], "合议结论", "扣分"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 36), (2, 170), (3, 170), (4, 96), (5, 64)):
            header.resizeSection(col, width)
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            self.table.setItem(r, 0, QTableWidgetItem(str(d["item_no"])))
            text = QTableWidgetItem(("【否决】" if d["veto"] else "") + d["text"])
            text.setToolTip(f"{d['section']}：{d['text']}")
            self.table.setItem(r, 1, text)
            for c, reviewer in enumerate(reviewers[:2]):
                cell = QTableWidgetItem(answer_text(d["answers"].get(reviewer, {})))
                cell.setToolTip(cell.text())
                self.table.setItem(r, 2 + c, cell)
            combo = QComboBox()
            combo.setObjectName(f"decide_{d['item_no']}")
            combo.addItem("请选择", "")
            for status in DECISIONS:
                combo.addItem(STATUS_LABELS[status], status)
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setObjectName(f"decideDeduct_{d['item_no']}")
            combo.currentIndexChanged.connect(lambda _i, c=combo, s=spin: s.setEnabled(c.currentData() == "problem"))
            spin.setEnabled(False)
            self.table.setCellWidget(r, 4, combo)
            self.table.setCellWidget(r, 5, spin)
        self.title.setText(f"两名评查人均已提交：{len(self.rows)} 项意见不一致，请逐项合议后记录。"
                           if self.rows else "两名评查人意见完全一致，可直接记录合议结果。")
        self.record_button.setEnabled(True)

    def decisions(self) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for r, d in enumerate(self.rows):
            combo = cell_widget(self.table, r, 4, QComboBox)
            spin = cell_widget(self.table, r, 5, QSpinBox)
            if combo.currentData():
                out[d["item_no"]] = {"status": combo.currentData(), "deduct": spin.value()}
        return out

    def record(self) -> None:
        try:
            review = record_consensus(self.store, self.case_no, decisions=self.decisions(), operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.record_button.setEnabled(False)
        self.title.setText(f"合议结果已记录：{review['score']} 分，{review['grade']}。")
        self.recorded.emit(review)

    def set_note(self, text: str) -> None:
        """No form to show: just a line (or nothing at all)."""
        self.rows = []
        self.table.setRowCount(0)
        self.title.setText(text)
        self.record_button.setEnabled(False)
        self.table.hide()
        self.record_button.hide()

