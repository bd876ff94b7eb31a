"""节假日数据: add a year's holidays and adjusted working weekends by hand, when the State
Council's notice for a year the program does not ship comes out (DOMAIN.md §3.2).

Dates are typed or pasted one per line (or separated by commas, 、 or spaces) in any form the
clerk uses (2027-01-01, 2027/1/1, 2027年1月1日); a bad date is named in red and nothing is saved.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.audit import calendar_service
from app.errors import UserError
from app.store import Store

ERROR_COLOR = "#c62828"
ORIGINS = {"bundled": "程序自带数据", "store": "本单位手工录入", "fallback": "无数据（按仅周末计算）"}


def parse_text(text: str, what: str) -> list[date]:
    """One date per line or separated by , ， 、 ; or spaces → sorted dates; UserError naming a bad one."""
    return calendar_service.parse_dates(re.sub(r"[\s;；]+", ",", text), what)



def _lines(dates: object) -> str:
    """One date a line (show_year gives a list of dates, or nothing for a year without data)."""
    return "\n".join(str(d) for d in dates) if isinstance(dates, list | tuple) else ""

class CalendarDialog(QDialog):
    """Emits `saved(year)` after the year was recorded."""

    saved = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("calendarDialog")
        self.setWindowTitle("节假日数据")
        self.store = store
        self.operator = operator
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, 2200)
        self.year.setValue(date.today().year + 1)
        self.year.setSuffix(" 年")
        self.state = QLabel()
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        self.holidays = QPlainTextEdit()
        self.holidays.setObjectName("holidays")
        self.holidays.setPlaceholderText("法定节假日，每行一个日期，如\n2027-01-01\n2027-02-06\n…")
        self.workdays = QPlainTextEdit()
        self.workdays.setObjectName("workdays")
        self.workdays.setPlaceholderText("调休上班的周六、周日，每行一个日期，如\n2027-02-14")
        self.source = QLineEdit()
        self.source.setObjectName("source")
        self.source.setPlaceholderText("如 国办发明电〔2026〕7号（可不填）")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        year_row = QHBoxLayout()
        year_row.addWidget(self.year)
        year_row.addWidget(self.state, 1)
        form.addRow("年份", year_row)
        form.addRow("依据文件", self.source)
        areas = QHBoxLayout()
        for label, edit in (("法定节假日（放假日期）", self.holidays), ("调休上班日（周末上班）", self.workdays)):
            column = QVBoxLayout()
            column.addWidget(QLabel(label))
            column.addWidget(edit, 1)
            areas.addLayout(column)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel("按国务院办公厅当年的节假日安排通知录入；保存后重新运行倒查即按新数据计算工作日。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#616161;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(areas, 1)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.year.valueChanged.connect(self.show_year)
        self.show_year(self.year.value())
        self.resize(640, 520)

    def show_year(self, year: int) -> None:
        """Say what the program knows of `year`, and fill the areas with the stored dates."""
        data = calendar_service.show_year(self.store, year)
        origin = str(data.get("origin", ""))
        self.state.setText(f"当前：{ORIGINS.get(origin, origin)}" + (f"（{data['source']}）" if data.get("source")
                                                                      and origin != "fallback" else ""))
        self.state.setStyleSheet("color:#b71c1c;" if origin == "fallback" else "color:#2e7d32;")
        self.holidays.setPlainText(_lines(data.get("holidays")))
        self.workdays.setPlainText(_lines(data.get("workdays")))
        self.error.hide()

    def accept(self) -> None:
        year = self.year.value()
        try:
            holidays = parse_text(self.holidays.toPlainText(), "法定节假日")
            workdays = parse_text(self.workdays.toPlainText(), "调休上班日")
            calendar_service.add_year(self.store, year, holidays, workdays, source=self.source.text().strip(),
                                      operator=self.operator)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.saved.emit(year)
        super().accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a text area adds a line; it must not save the dialog
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.save_button.hasFocus():
            return
        super().keyPressEvent(event)
