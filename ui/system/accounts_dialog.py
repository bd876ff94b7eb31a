"""账户管理 (under 设置): the accounts with their roles, and adding, disabling and resetting.

Opened by a 管理员 — or by anyone on a store without accounts, to add the first 管理员, which
turns login on from the next start. The services decide (app/accounts/service.py); a refusal is
shown as it is, and nothing here holds a password longer than the call that hashes it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.accounts.roles import ADMIN, ROLES
from app.accounts.service import AccountInfo, add_account, change_password, disable_account, list_accounts
from app.errors import UserError
from app.store import Store
from ui.common.messages import show_user_error

HEADERS = ("账户名", "角色", "状态", "创建时间")


class PasswordPair(QWidget):
    """A new password typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first, self.second = QLineEdit(), QLineEdit()
        for edit, name in ((self.first, "newPassword"), (self.second, "newPasswordAgain")):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("密码", self.first)
        form.addRow("再次输入", self.second)

    def value(self) -> str:
        if self.first.text() != self.second.text():
            raise UserError("两次输入的密码不一致，未作任何改动。")
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()


class OwnPasswordDialog(QDialog):
    """修改我的密码: the logged-in account sets a new password of its own."""

    def __init__(self, store: Store, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownPasswordDialog")
        self.setWindowTitle(f"修改密码 — {name}")
        self.store, self.name = store, name
        self.passwords = PasswordPair()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.passwords)
        column.addWidget(buttons)

    def accept(self) -> None:
        try:
            change_password(self.store, self.name, password=self.passwords.value(), operator=self.name)
        except UserError as exc:
            show_user_error(self, exc)
            return
        super().accept()


class AccountsDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle("账户管理")
        self.store, self.operator = store, operator
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.role = QComboBox()
        self.role.setObjectName("accountRole")
        self.role.addItems(ROLES)
        self.passwords = PasswordPair()
        add = QPushButton("添加账户")
        add.setObjectName("addAccount")
        add.clicked.connect(self.add)
        self.disable_button = QPushButton("停用所选账户")
        self.disable_button.setObjectName("disableAccount")
        self.disable_button.clicked.connect(self.disable_selected)
        self.reset_button = QPushButton("为所选账户设置新密码")
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_selected)
        self.note = QLabel()
        self.note.setObjectName("accountsNote")
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("账户名", self.name)
        form.addRow("角色", self.role)
        form.addRow(self.passwords)
        row = QHBoxLayout()
        for b in (add, self.disable_button, self.reset_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.note)
        column.addWidget(self.table)
        column.addLayout(form)
        column.addLayout(row)
        column.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        accounts = list_accounts(self.store)
        self.note.setText("尚无账户：添加的第一个账户须为管理员，添加后下次启动起须登录。" if not accounts else
                          "管理员在此添加、停用账户和重置密码；每人可在「设置」中修改自己的密码。")
        if not accounts:
            self.role.setCurrentText(ADMIN)
        self.table.setRowCount(len(accounts))
        for r, a in enumerate(accounts):
            for c, text in enumerate(self._cells(a)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    @staticmethod
    def _cells(a: AccountInfo) -> tuple[str, ...]:
        return a.name, a.role, "已停用" if a.disabled else "在用", f"{a.created_at:%Y-%m-%d %H:%M}"

    def selected_name(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def add(self) -> None:
        try:
            add_account(self.store, self.name.text(), role=self.role.currentText(), password=self.passwords.value(),
                        operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.name.clear()
        self.passwords.clear()
        self.refresh()

    def disable_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        try:
            disable_account(self.store, name, operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
        self.refresh()

    def reset_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        try:
            change_password(self.store, name, password=self.passwords.value(), operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.passwords.clear()
        self.note.setText(f"账户「{name}」的密码已修改。")
