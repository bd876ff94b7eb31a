"""单位报送导入: a unit that does not run the program sends its 问题清单 (附件2) or 统计表 (附件3) as
Excel; the office imports it under that unit (app.rectify.unit_reports.import_unit_report — the
file recognised by its header, a row that cannot be read refusing the whole file) and sees, per
unit, what it reported itself beside what the office found there (自查数据是否真实)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rectify.unit_reports import compare_units, import_unit_report
from app.store import Store
from ui.common.service_dialog import ERROR_COLOR
from ui.rectify.registers_dialogs import fill, sheet

COMPARE_HEADERS = ("单位", "报送", "自查报告问题数", "督查发现问题数", "差额", "问题零报告", "考核")
WARN = QBrush(QColor("#c0392b"))


class UnitReportDialog(QDialog):
    """Emits `imported(result)` after a file was imported (not when it was already)."""

    imported = Signal(object)

    def __init__(self, store: Store, units: list[str], parent: QWidget | None = None, operator: str = "",
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitReportDialog")
        self.setWindowTitle("导入单位报送的问题清单、统计表")
        self.store, self.operator = store, operator
        self.folder = folder or Path.home()
        self.rows: list[dict[str, Any]] = []
        self.unit = QComboBox()
        self.unit.setObjectName("reportUnit")
        self.unit.setEditable(True)
        self.unit.addItems(units)
        self.unit.setCurrentText("")
        self.file = QLineEdit()
        self.file.setObjectName("reportFile")
        self.file.setPlaceholderText("单位报送的 Excel（附件2 问题清单或附件3 统计表的格式）")
        browse = QPushButton("选择…")
        browse.clicked.connect(self.choose_file)
        self.import_button = QPushButton("导入")
        self.import_button.setObjectName("importReport")
        self.import_button.clicked.connect(lambda: self.import_file())
        self.outcome = QLabel()
        self.outcome.setObjectName("outcomeText")
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("color:#2e7d32;")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color:{ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.table = sheet(COMPARE_HEADERS, "自查与督查对照", "unitCompare")
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow("报送单位", self.unit)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        file_row.addWidget(self.import_button)
        form.addRow("文件", file_row)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.outcome)
        layout.addWidget(QLabel("自查数据是否真实：各单位自查报告的问题数与督查（倒查、评查、实地督查、投诉）发现的问题数"))
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(880, 560)
        self.refresh()

    def choose_file(self) -> None:
        chosen, _f = QFileDialog.getOpenFileName(self, "选择单位报送的 Excel", str(self.folder),
                                                 "Excel 文件 (*.xlsx *.xls *.ods)")
        if chosen:
            self.file.setText(chosen)
            self.folder = Path(chosen).parent

    def import_file(self) -> dict[str, Any] | None:
        path = self.file.text().strip()
        if not path:
            self._error("请选择要导入的 Excel 文件。")
            return None
        try:
            result = import_unit_report(self.store, self.unit.currentText(), Path(path), operator=self.operator)
        except UserError as exc:
            self._error(exc.message)
            return None
        self._error("")
        what = "个问题" if result["kind"] == "问题清单" else "个类别的数字"
        self.outcome.setText(f"{result['file']} 在 {result['unit']} 名下已导入过，未重复导入。"
                            if result["already_imported"] else
                            f"已导入 {result['unit']} 的{result['kind']}（{result['file']}）：{result['rows']} {what}。")
        self.refresh()
        if not result["already_imported"]:
            self.imported.emit(result)
        return result

    def _error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def refresh(self) -> None:
        self.rows = compare_units(self.store)
        fill(self.table, [(r["unit"], r["reported"] or "未报送", r["self_reported"], r["office_found"], r["gap"],
                           "是" if r["zero_report"] else "", "；".join(r["assessments"])) for r in self.rows])
        for n, r in enumerate(self.rows):
            if r["gap"] > 0:  # the office found more than the unit admitted
                for col in (3, 4):
                    item = self.table.item(n, col)
                    if item is not None:
                        item.setForeground(WARN)
