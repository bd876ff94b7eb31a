"""Esc (or 取消, or the window's close button) on a form with unsaved edits asks once before the
edits are thrown away — as a clerk expects of any desktop form.

    class MyForm(DiscardGuard, QDialog):
        ... build the editors ...
        self.remember_state()          # after loading: what "unchanged" means (else: when first shown)
        def form_state(self) -> object: return self.texts()   # optional: the editors by default

`reject()` is where QDialog sends Esc, 取消 and the close button, so guarding it guards all three.
By default the state is what every editor child holds (line and text edits, combo boxes, spin
boxes, date edits, check boxes), remembered when the dialog is first shown.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
)

from ui.common.messages import confirm

DISCARD_QUESTION = "表单中有尚未保存的修改。放弃这些修改并关闭吗？"


class DiscardGuard(QDialog):
    """A dialog whose reject() asks before discarding edits made since remember_state()."""

    _remembered: object = None
    _guarding = False

    def form_state(self) -> object:
        """What the form holds now (compared with the remembered state): every editor's value."""
        values: list[object] = []
        for w in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit) + self.findChildren(QTextEdit):
            if not w.isReadOnly() and not isinstance(w.parent(), QAbstractSpinBox | QComboBox):
                values.append(w.toPlainText() if isinstance(w, QPlainTextEdit | QTextEdit) else w.text())
        values += [w.currentText() for w in self.findChildren(QComboBox)]
        values += [w.date().toString() if isinstance(w, QDateEdit) else w.text() for w in self.findChildren(QAbstractSpinBox)]
        values += [w.isChecked() for w in self.findChildren(QAbstractButton) if w.isCheckable()]
        values += [w.count() for w in self.findChildren(QListWidget)]  # files added to a list
        return values

    def remember_state(self) -> None:
        self._remembered = self.form_state()
        self._guarding = True

    def showEvent(self, event: QShowEvent) -> None:
        if not self._guarding:
            self.remember_state()
        super().showEvent(event)

    def forget_edits(self) -> None:
        """Close without asking from now on (the program is shutting the form itself)."""
        self._guarding = False

    def is_edited(self) -> bool:
        return self._guarding and self.form_state() != self._remembered

    def reject(self) -> None:
        if self.is_edited() and not confirm(self, DISCARD_QUESTION, "放弃修改"):
            return
        super().reject()
