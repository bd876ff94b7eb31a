"""The two signing dialogs: 输入签名口令 (a password field with the reason it is asked for) and
新建签名证书 (name + passphrase twice → create_signer). A passphrase typed here lives only in
memory for this signing; it is never written to a file.

A new passphrase (a new certificate, or `PassphraseDialog(new=True)` for a new package key) is
typed twice, and a weak one (app/passphrase_strength.py) is warned about once in orange: 确定
again keeps it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.passphrase_strength import MIN_LENGTH, weakness
from app.signing import create_signer
from app.store import Store

ERROR_COLOR = "#c62828"
WARNING_COLOR = "#e65100"
MIN_PASSPHRASE = MIN_LENGTH


def _password(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def verdict_text(v: dict[str, Any]) -> str:
    """verify_pdf's answer in one line: 已签名 · 未被改动 · 证书可信, or what failed."""
    if not v.get("signed"):
        return "✗ " + ("；".join(v.get("problems") or []) or "未签名")
    parts = ["已签名", "未被改动" if v.get("intact") else "签名后文件被改动",
             "证书可信" if v.get("trusted") else "证书不受信任"]
    mark = "✓" if v.get("intact") and v.get("trusted") else "✗"
    extra = [p for p in v.get("problems") or [] if p not in parts]
    who = f"（签名人 {v.get('signer', '')}，{str(v.get('signed_at', '')).replace('T', ' ')[:19]}）"
    return f"{mark} {' · '.join(parts)}{who}" + (f"；{'；'.join(extra)}" if extra else "")


class _Base(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color:{ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.setMinimumWidth(520)

    def show_error(self, message: str, colour: str = ERROR_COLOR) -> None:
        self.error.setText(message)
        self.error.setStyleSheet(f"color:{colour};")
        self.error.show()
        self.ok_button.setEnabled(True)

    _warned_for: str | None = None

    def new_passphrase_refused(self, secret: str, repeat: str) -> bool:
        """Checks of a new passphrase: long enough, typed the same twice, and — once — not weak.
        True when the dialog must stay open (the reason is shown)."""
        if len(secret) < MIN_PASSPHRASE:
            self.show_error(f"口令至少 {MIN_PASSPHRASE} 个字符。")
            return True
        if secret != repeat:
            self.show_error("两次输入的口令不一致。")
            return True
        reason = weakness(secret)
        if reason and self._warned_for != secret:
            self._warned_for = secret
            self.show_error(f"口令较弱：{reason}。建议换一个更长、混用字母数字和符号的口令；"
                            "如仍要使用，请再点一次「确定」。", WARNING_COLOR)
            return True
        return False


class PassphraseDialog(_Base):
    """Asks for the signing passphrase. Emits `entered(passphrase)` and stays open: the caller
    closes it when signing succeeded, or shows the refusal in it (a wrong passphrase)."""

    entered = Signal(str)

    def __init__(self, explanation: str, signer_name: str, parent: QWidget | None = None, *,
                 new: bool = False) -> None:
        super().__init__("输入签名口令", parent)
        self.setObjectName("passphraseDialog")
        self.new = new  # a passphrase being chosen (a new key): typed twice, weak ones warned
        self.explanation = QLabel(explanation)
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        self.passphrase = _password("passphrase")
        self.repeat = _password("repeat")
        self.form.addRow("签名证书", QLabel(signer_name))
        self.form.addRow("口令", self.passphrase)
        if new:
            self.form.addRow("再次输入口令", self.repeat)
        self.ok_button.setText("签名")
        self.layout_.addWidget(self.explanation)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def accept(self) -> None:
        if not self.passphrase.text():
            self.show_error("请输入签名证书的口令。")
            return
        if self.new and self.new_passphrase_refused(self.passphrase.text(), self.repeat.text()):
            return
        self.error.hide()
        self.ok_button.setEnabled(False)  # until the signing answers
        self.entered.emit(self.passphrase.text())

    def done_ok(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()
        super().accept()


class CreateSignerDialog(_Base):
    """新建签名证书 (self-signed, for the office). Emits `created(info, passphrase)`."""

    created = Signal(object, str)

    def __init__(self, store: Store, default_name: str, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__("新建签名证书", parent)
        self.setObjectName("createSignerDialog")
        self.store = store
        self.operator = operator
        self.info: dict[str, Any] | None = None
        intro = QLabel("尚未设置本单位的签名证书。新建一张自签名证书用于对报告进行电子签名；"
                       "口令用于保护证书私钥，请牢记（有系统密钥环时会保存在其中，否则每次签名时输入）。")
        intro.setWordWrap(True)
        self.name = QLineEdit(default_name)
        self.name.setObjectName("signerName")
        self.name.setPlaceholderText("如 沈阳市水务局政策法规处")
        self.passphrase = _password("passphrase")
        self.repeat = _password("repeat")
        self.form.addRow("证书名称 *", self.name)
        self.form.addRow("口令 *", self.passphrase)
        self.form.addRow("再次输入口令 *", self.repeat)
        self.ok_button.setText("创建并签名")
        self.layout_.addWidget(intro)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def accept(self) -> None:
        secret = self.passphrase.text()
        if not self.name.text().strip():
            self.show_error("请填写证书名称（一般为单位名称）。")
            return
        if self.new_passphrase_refused(secret, self.repeat.text()):
            return
        try:
            self.info = create_signer(self.store, name=self.name.text(), passphrase=secret, operator=self.operator)
        except UserError as exc:
            self.show_error(exc.message)
            return
        self.passphrase.clear()
        self.repeat.clear()
        self.created.emit(self.info, secret)
        super().accept()
