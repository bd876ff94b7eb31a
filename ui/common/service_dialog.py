"""ServiceDialog: a form, a red error line and 确定/取消 around one service call.

The subclass's `submit()` calls its service on 确定; a refusal (UserError) is shown in red
inside the dialog, which stays open with what was typed — nothing is written. On success it
emits `saved(result)` and closes. Also the two date-edit helpers the dialogs share.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import UserError
from app.store import Store
from ui.common.discard import DiscardGuard

ERROR_COLOR = "#c62828"


def to_date(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def wrapped(text: str) -> QLabel:
    """A label that wraps: a long 事项 or 当事人 widens no dialog past a 1366×768 screen at 150 %."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def date_edit(value: date | None = None, name: str = "") -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day) if value else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setObjectName(name)
    return edit


class ServiceDialog(DiscardGuard):
    """A form, an error line and 确定/取消; subclasses implement `submit()`. Esc with edits made
    since the dialog appeared asks before discarding them (ui/common/discard.py)."""

    saved = Signal(object)

    def __init__(self, store: Store, title: str, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.store = store
        self.operator = operator
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color:{ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def submit(self) -> Any:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        try:
            self.result_value = self.submit()
        except UserError as exc:
            self.show_error(exc.message)
            return
        self.saved.emit(self.result_value)
        super().accept()
