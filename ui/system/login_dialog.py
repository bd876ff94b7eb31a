"""The login dialog, asked before the main window when the store has accounts (issue 16).

A wrong name or password says only that one of them is wrong, and clears the password; the
dialog stays open for another try. Cancelling quits the program without opening the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.accounts.actor import log_in
from app.accounts.roles import Actor
from app.accounts.service import authenticate
from app.errors import UserError
from app.store import Store
from ui.system.store_label import store_name


class LoginDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle("登录 — 执法案卷倒查工作台")
        self.store = store
        self.actor: Actor | None = None
        self.name = QLineEdit()
        self.name.setObjectName("loginName")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color:#b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("账户名", self.name)
        form.addRow("密码", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.login_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.login_button.setText("登录")
        self.login_button.setObjectName("loginButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(f"数据库 {store_name(store)} 已启用账户登录，请登录。"))
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)

    def accept(self) -> None:
        try:
            actor = authenticate(self.store, self.name.text(), self.password.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        log_in(self.store, actor)
        self.actor = actor
        super().accept()


def ask_login(store: Store, parent: QWidget | None = None) -> Actor | None:
    """The account logged in, or None when the user cancelled."""
    dialog = LoginDialog(store, parent)
    dialog.exec()
    return dialog.actor


def account_text(actor: Actor) -> str:
    """What the status bar says: 账户：赵局长（负责人）."""
    return f"账户：{actor.name}（{actor.role}）"
