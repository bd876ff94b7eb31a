"""The sample beside the checklist (issue 14 point 10): each case's state per reviewer (未开始 /
进行中 / 已提交 / 合议完成, app/review/progress.py), chosen with a click; and the case's own data
and findings, so a reviewer reads the file's facts next to the questions about them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QTextBrowser, QWidget

from app.audit.codes import CODES
from app.domain.amounts import format_fen
from app.records.fields import REGISTER_FIELDS
from app.review.progress import AGREED, IN_PROGRESS, NOT_STARTED, SUBMITTED, CaseProgress, reviewers_of
from ui.audit.audit_text import status_label

STATE_COLOURS = {NOT_STARTED: "#757575", IN_PROGRESS: "#e65100", SUBMITTED: "#1565c0", AGREED: "#2e7d32"}


class ProgressTable(QTableWidget):
    """案号 · 当事人 · one column per reviewer · 状态; `caseChosen(case_no)` on a click."""

    caseChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("reviewProgress")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.progress: list[CaseProgress] = []
        self.reviewers: list[str] = []
        self.cellClicked.connect(lambda row, _col: self._chosen(row))

    def load(self, progress: list[CaseProgress]) -> None:
        self.progress = progress
        self.reviewers = reviewers_of(progress)
        headers = ["案号", "当事人", *self.reviewers, "状态"]
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setRowCount(len(progress))
        for row, p in enumerate(progress):
            cells = [p.case_no, p.party, *(p.by_reviewer.get(r, NOT_STARTED) for r in self.reviewers), p.state]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setForeground(QBrush(QColor(STATE_COLOURS.get(text, "#000000"))))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, col, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # states are short words
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)  # a party's name may be long
        self.setColumnWidth(1, 80)

    def state_of(self, case_no: str, reviewer: str | None = None) -> str:
        p = next(p for p in self.progress if p.case_no == case_no)
        return p.state if reviewer is None else p.by_reviewer.get(reviewer, NOT_STARTED)

    def select_case(self, case_no: str) -> None:
        for row, p in enumerate(self.progress):
            if p.case_no == case_no:
                self.selectRow(row)
                return
        self.clearSelection()

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.progress):
            self.caseChosen.emit(self.progress[row].case_no)


def _esc(value: Any) -> str:
    return ("" if value is None else str(value)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def overview_html(overview: dict[str, Any] | None, case_no: str) -> str:
    """The case's register fields that are filled in, then its findings."""
    if overview is None:
        return f"数据库中没有案卷 {_esc(case_no)}。"
    case = overview["case"]
    rows = []
    for f in REGISTER_FIELDS["cases"]:
        value = case.get(f.name)
        if value in (None, "", []):
            continue
        if f.name == "officers":
            value = "、".join(o["name"] + (f"（{o['cert_no']}）" if o.get("cert_no") else "") for o in value)
        elif f.name.endswith("_fen"):
            value = format_fen(int(value)) + " 元"
        elif isinstance(value, bool):
            value = "是" if value else "否"
        rows.append(f"<tr><td style='color:#616161'>{_esc(f.label)}</td><td>{_esc(value)}</td></tr>")
    found = overview["findings"]
    items = "".join(f"<li><b>{_esc(CODES[x['code']][1] if x['code'] in CODES else x['code'])}</b>"
                    f"（{_esc(status_label(x['status']))}）{_esc(x['message'])}</li>" for x in found)
    findings = f"<ul>{items}</ul>" if found else "<p>倒查未发现这件案卷的问题。</p>"
    return (f"<h3>{_esc(case.get('case_no'))}</h3><table cellpadding='2'>{''.join(rows)}</table>"
            f"<h4>倒查发现（{len(found)} 条）</h4>{findings}")


class CasePanel(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casePanel")
        self.setHtml("选择案卷后，这里显示案卷本身的记录和倒查发现的问题。")

    def show_case(self, overview: dict[str, Any] | None, case_no: str) -> None:
        self.setHtml(overview_html(overview, case_no))
