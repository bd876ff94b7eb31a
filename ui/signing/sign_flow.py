"""签名 and 验证PDF for the reports page.

Signing a PDF: with no office certificate yet, offer to create one; when the passphrase is
neither in the keyring nor in CASEAUDIT_SIGNER_PASSPHRASE (or there is no keyring at all), ask
for it — with the plain reason — and keep it in memory only. The signing itself runs on the
worker and is followed by verify_pdf, whose verdict is shown. A wrong passphrase is shown in
the passphrase dialog, which stays open for another try.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from app import secrets
from app.errors import UserError
from app.office import office_info
from app.signing import active_signer, passphrase_needed, sign_pdf, verify_pdf
from app.store import Store
from ui.common import worker
from ui.common.messages import show_info, show_warning
from ui.signing.signing_dialogs import CreateSignerDialog, PassphraseDialog, verdict_text

NOT_IN_KEYRING = "系统密钥环中没有保存该签名证书的口令，请输入口令（仅用于本次签名，不会保存到文件）。"


def passphrase_reason() -> str:
    """Why the passphrase is asked for: no keyring at all, or nothing stored in it."""
    if not secrets.keyring_available():
        return secrets.UNAVAILABLE_MESSAGE
    return NOT_IN_KEYRING


class SignFlow(QObject):
    """Emits `signed(info, verdict)` after a signature, `verified(verdict)` after a check."""

    signed = Signal(object, object)
    verified = Signal(object)

    def __init__(self, store: Store, parent: QWidget, operator: str = "") -> None:
        super().__init__(parent)
        self.store = store
        self.parent_widget = parent
        self.operator = operator
        self.dialog: PassphraseDialog | CreateSignerDialog | None = None
        self.task: worker.Task | None = None

    def sign(self, path: Path, kind: str = "report") -> None:
        """Sign `path` in place (the signed file replaces the unsigned one)."""
        signer = active_signer(self.store)
        if signer is None:
            name = office_info(self.store).get("office_name") or ""
            dialog = CreateSignerDialog(self.store, name, self.parent_widget, operator=self.operator)
            dialog.created.connect(lambda info, secret: self._created(info, secret, path, kind))
            self._open(dialog)
        elif passphrase_needed(self.store):
            pdialog = PassphraseDialog(passphrase_reason(), signer["name"], self.parent_widget)
            pdialog.entered.connect(lambda secret: self._run(path, kind, secret, pdialog))
            self._open(pdialog)
        else:
            self._run(path, kind, None, None)

    def _open(self, dialog: Any) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _created(self, info: dict[str, Any], secret: str, path: Path, kind: str) -> None:
        if not info.get("passphrase_saved"):
            show_info(self.parent_widget, f"签名证书「{info.get('name', '')}」已创建。\n{info.get('notice', '')}",
                      "签名证书")
        self._run(path, kind, secret, None)

    def _run(self, path: Path, kind: str, secret: str | None, dialog: PassphraseDialog | None) -> worker.Task:
        store, operator = self.store, self.operator

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> tuple[dict[str, Any], dict[str, Any]]:
            info = sign_pdf(store, path, path, passphrase=secret, operator=operator, kind=kind)
            return info, verify_pdf(store, path)

        def done(result: tuple[dict[str, Any], dict[str, Any]]) -> None:
            if dialog is not None:
                dialog.done_ok()
            info, verdict = result
            self.signed.emit(info, verdict)

        def failed(exc: BaseException) -> bool:
            if dialog is not None and isinstance(exc, UserError):
                dialog.show_error(exc.message)  # a wrong passphrase: try again
                return True
            return False

        self.task = worker.run_task(self.parent_widget, f"正在签名 {path.name}…", work, on_success=done,
                                    on_failure=failed)
        return self.task

    def verify(self, path: Path) -> worker.Task:
        store = self.store

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> dict[str, Any]:
            return verify_pdf(store, path)

        def done(verdict: dict[str, Any]) -> None:
            self.verified.emit(verdict)
            text = f"{path.name}\n\n{verdict_text(verdict)}"
            if verdict.get("intact") and verdict.get("trusted"):
                show_info(self.parent_widget, text, "验证PDF")
            else:
                show_warning(self.parent_widget, text, "验证PDF")

        self.task = worker.run_task(self.parent_widget, f"正在验证 {path.name}…", work, on_success=done)
        return self.task
