"""The campaign's two small registers in the window (app.rectify.registers):

    TypicalCasesDialog   典型案例: the register listed, a case entered (from the chosen problem,
                         whose unit and case number are taken over) — it feeds 通报 and the report
    AssessmentDialog     单位考核: 一票否优 / 一票否决 of a unit, with its reason and who decided,
                         the assessments made so far listed under the form

Refusals come from the services and are shown in red; the dialog stays open with what was typed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rectify.registers import VERDICTS, add_typical_case, assess_unit, assessments, list_typical_cases
from app.store import Store
from ui.common.service_dialog import ERROR_COLOR, ServiceDialog, date_edit, to_date
from ui.common.table_view import make_sheet

CASE_HEADERS = ("编号", "标题", "单位", "案号", "基本案情", "处理情况", "日期")
ASSESSMENT_HEADERS = ("单位", "考核结论", "理由", "决定人", "日期")


def sheet(headers: tuple[str, ...], title: str, key: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(key)
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    make_sheet(t, title=title, key=key, frozen=False)
    return t


def fill(table: QTableWidget, rows: list[tuple[Any, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setToolTip(item.text())
            table.setItem(r, c, item)


class TypicalCasesDialog(QDialog):
    """Emits `added(case)` after a typical case is entered."""

    added = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 problem: dict[str, Any] | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("typicalCasesDialog")
        self.setWindowTitle("典型案例登记")
        self.store, self.operator, self.problem = store, operator, problem
        self.table = sheet(CASE_HEADERS, "典型案例", "typicalCases")
        for col, width in ((0, 44), (1, 180), (2, 110), (3, 150), (4, 240), (5, 140)):
            self.table.setColumnWidth(col, width)
        self.title = QLineEdit()
        self.title.setObjectName("caseTitle")
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("caseSummary")
        self.summary.setFixedHeight(72)
        self.handling = QLineEdit()
        self.handling.setObjectName("caseHandling")
        self.unit = QLineEdit(str((problem or {}).get("unit") or ""))
        self.unit.setObjectName("caseUnit")
        self.case_no = QLineEdit(str((problem or {}).get("case_no") or ""))
        self.case_no.setObjectName("caseNo")
        self.on = date_edit(today, "caseDate")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color:{ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.add_button = QPushButton("登记")
        self.add_button.setObjectName("addCase")
        self.add_button.clicked.connect(lambda: self.add())
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        form = QFormLayout()
        if problem is not None:
            form.addRow("对应问题", QLabel(f"#{problem['id']} {problem['category']}：{problem['manifestation']}"))
        form.addRow("标题", self.title)
        form.addRow("基本案情", self.summary)
        form.addRow("处理情况", self.handling)
        form.addRow("单位", self.unit)
        form.addRow("案号", self.case_no)
        form.addRow("日期", self.on)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("本专项活动的典型案例（通报和整改报告从这里取）"))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(900, 620)
        self.refresh()

    def refresh(self) -> None:
        fill(self.table, [(c["id"], c["title"], c["unit"], c["case_no"], c["summary"], c["handling"], c["on"])
                          for c in list_typical_cases(self.store)])

    def add(self) -> dict[str, Any] | None:
        try:
            case = add_typical_case(self.store, title=self.title.text(), summary=self.summary.toPlainText(),
                                    handling=self.handling.text(), unit=self.unit.text(), case_no=self.case_no.text(),
                                    problem_id=int(self.problem["id"]) if self.problem else None,
                                    on=to_date(self.on), operator=self.operator)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return None
        self.error.hide()
        self.title.clear()
        self.summary.clear()
        self.handling.clear()
        self.refresh()
        self.added.emit(case)
        return case


class AssessmentDialog(ServiceDialog):
    """单位考核 (一票否优 / 一票否决): printed in the unit's summary (its 统计表's 备注)."""

    def __init__(self, store: Store, units: list[str], parent: QWidget | None = None, operator: str = "",
                 unit: str = "", today: date | None = None) -> None:
        super().__init__(store, "单位考核：一票否优、一票否决", parent, operator)
        self.unit = QComboBox()
        self.unit.setObjectName("assessUnit")
        self.unit.setEditable(True)
        self.unit.addItems(units)
        self.unit.setCurrentText(unit)
        self.verdict = QComboBox()
        self.verdict.setObjectName("assessVerdict")
        self.verdict.addItems(list(VERDICTS))
        self.reason = QLineEdit()
        self.reason.setObjectName("assessReason")
        self.reason.setPlaceholderText("如：自查问题零报告，抽查发现问题 5 个（弄虚作假）")
        self.decided_by = QLineEdit()
        self.decided_by.setObjectName("assessDecidedBy")
        self.decided_by.setPlaceholderText("如：领导小组")
        self.on = date_edit(today, "assessDate")
        self.form.addRow("执法单位", self.unit)
        self.form.addRow("考核结论", self.verdict)
        self.form.addRow("理由", self.reason)
        self.form.addRow("决定人", self.decided_by)
        self.form.addRow("决定日期", self.on)
        self.table = sheet(ASSESSMENT_HEADERS, "单位考核", "unitAssessments")
        self.layout_.insertWidget(0, self.table, 1)
        self.layout_.insertWidget(0, QLabel("本专项活动已作的考核结论"))
        self.resize(760, 520)
        fill(self.table, [(a["unit"], a["verdict"], a["reason"], a["decided_by"], a["on"]) for a in assessments(store)])

    def submit(self) -> dict[str, Any]:
        return assess_unit(self.store, self.unit.currentText(), verdict=self.verdict.currentText(),
                           reason=self.reason.text(), decided_by=self.decided_by.text(), on=to_date(self.on),
                           operator=self.operator)
