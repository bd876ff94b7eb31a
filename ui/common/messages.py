"""Non-blocking message boxes for expected errors (UserError) and notices.

`open()` instead of `exec()`: the box is window-modal but does not spin a nested event loop,
so long work, timers and tests keep running while it is up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import UserError

_open_boxes: set[QMessageBox] = set()  # a parentless box must outlive the function that opened it


def _parent(parent: QWidget | None) -> QWidget | None:
    return parent if parent is not None else QApplication.activeWindow()


def _keep(box: QMessageBox) -> QMessageBox:
    _open_boxes.add(box)
    box.finished.connect(lambda *_: _open_boxes.discard(box))
    box.open()
    return box


def show_warning(parent: QWidget | None, message: str, title: str = "提示") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, _parent(parent))
    box.setObjectName("userErrorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return _keep(box)


def show_info(parent: QWidget | None, message: str, title: str = "完成") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok,
                      _parent(parent))
    box.setObjectName("infoBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return _keep(box)


def show_user_error(parent: QWidget | None, error: UserError) -> QMessageBox:
    """An expected failure: its Chinese message, nothing more (no traceback — it is not a bug)."""
    return show_warning(parent, error.message, "无法完成操作")


def confirm(parent: QWidget | None, question: str, title: str = "请确认") -> bool:
    """A yes/no question (blocking, as a confirmation must be)."""
    answer = QMessageBox.question(_parent(parent), title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
