"""Esc (or 取消, or the window's close button) on a form with unsaved edits asks once before the
edits are thrown away — as a clerk expects of any desktop form.

    class MyForm(DiscardGuard, QDialog):
        ... build the editors ...
        self.remember_state()          # after loading: what "unchanged" means
        def form_state(self) -> object: return self.texts()

`reject()` is where QDialog sends Esc, 取消 and the close button, so guarding it guards all three.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ui.common.messages import confirm

DISCARD_QUESTION = "表单中有尚未保存的修改。放弃这些修改并关闭吗？"


class DiscardGuard(QDialog):
    """A dialog whose reject() asks before discarding edits made since remember_state()."""

    _remembered: object = None
    _guarding = False

    def form_state(self) -> object:
        """What the form holds now (compared with the remembered state); override."""
        raise NotImplementedError

    def remember_state(self) -> None:
        self._remembered = self.form_state()
        self._guarding = True

    def forget_edits(self) -> None:
        """Close without asking from now on (the program is shutting the form itself)."""
        self._guarding = False

    def is_edited(self) -> bool:
        return self._guarding and self.form_state() != self._remembered

    def reject(self) -> None:
        if self.is_edited() and not confirm(self, DISCARD_QUESTION, "放弃修改"):
            return
        super().reject()
