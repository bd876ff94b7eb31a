"""The refusal of an official document while the office's details lack its name or principal
leader (app/office.py `OfficeDetailsMissingError`): the reason, and a button that opens the
office details dialog to fix it there and then."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.office import OfficeDetailsMissingError

FIX_TEXT = "填写单位信息…"


def show_office_refusal(parent: QWidget, error: OfficeDetailsMissingError,
                        fix: Callable[[], object]) -> QMessageBox:
    """A window-modal box with the reason; 填写单位信息… calls `fix` (opens the dialog)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "不能生成公文", error.message, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("officeRefusal")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    fix_button = box.addButton(FIX_TEXT, QMessageBox.ButtonRole.AcceptRole)
    fix_button.setObjectName("fixOffice")
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(fix_button)

    def clicked(button: object) -> None:
        if button is fix_button:
            fix()

    box.buttonClicked.connect(clicked)
    box.open()
    return box
