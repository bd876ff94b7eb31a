"""连接数据库服务器…: the office's PostgreSQL store named field by field instead of typed as a URL.

    ServerDialog(initial=None)   服务器 · 端口 · 数据库 · 用户, a 预览 of the address, 记住密码
    server_url(host, port, database, user) -> str   the postgresql:// address (no password, ever)
    check_server_fields(...) -> Problem | None      what is wrong (field, Chinese message), or None

The address is what `--db` takes (db/location.py parses it back); the password is never typed
here: the switch asks for it only when the keyring and PGPASSFILE have none
(ui/system/pg_password.py), and 记住密码 keeps the one typed in the OS keyring afterwards.
The UI may not import the db layer, so the address is put together here with the same rules
libpq reads it by: user and database name percent-encoded, an IPv6 host in brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

DEFAULT_PORT = 5432
# a host name or an IPv4 address; an IPv6 address (with ":") is checked on its own
_HOST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
_IPV6 = re.compile(r"^[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?$")


@dataclass(frozen=True)
class ServerFields:
    """What the dialog holds; `url` is the address to open."""

    host: str
    port: int
    database: str
    user: str
    remember_password: bool = False

    @property
    def url(self) -> str:
        return server_url(self.host, self.port, self.database, self.user)


def server_url(host: str, port: int, database: str, user: str = "") -> str:
    """postgresql://user@host:port/database — the user may be left out (libpq then uses the
    login name); special characters in the user and database name are percent-encoded."""
    host = host.strip()
    shown_host = f"[{host}]" if ":" in host else host
    who = f"{quote(user.strip(), safe='')}@" if user.strip() else ""
    return f"postgresql://{who}{shown_host}:{port}/{quote(database.strip(), safe='')}"


@dataclass(frozen=True)
class Problem:
    field: str  # "host", "port" or "database": where the cursor goes
    message: str


def check_server_fields(host: str, port: int, database: str) -> Problem | None:
    """The first thing wrong with the fields, said for the user, or None when they make an address."""
    host = host.strip()
    if not host:
        return Problem("host", "请填写服务器（主机名或 IP 地址，例如 10.0.0.5）。")
    if ":" in host:
        if not _IPV6.match(host):
            return Problem("host", f"服务器地址 {host} 无法识别：请填写主机名或 IP 地址。")
    elif not _HOST_NAME.match(host):
        return Problem("host", f"服务器地址 {host} 无法识别：只能包含字母、数字、点和连字符，"
                               "不要写 postgresql:// 或端口。")
    if not 1 <= port <= 65535:
        return Problem("port", "端口应在 1 到 65535 之间（PostgreSQL 默认为 5432）。")
    if not database.strip():
        return Problem("database", "请填写数据库名（由服务器管理员建好，例如 caseaudit）。")
    return None


class ServerDialog(QDialog):
    def __init__(self, initial: ServerFields | None = None, parent: QWidget | None = None, *,
                 offer_remember: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.setWindowTitle("连接数据库服务器")
        intro = QLabel("多人共用的数据库放在本单位的 PostgreSQL 服务器上。请填写服务器管理员提供的信息；"
                       "密码在连接时询问，不会明文保存。")
        intro.setWordWrap(True)
        self.host_edit = QLineEdit()
        self.host_edit.setObjectName("serverHost")
        self.host_edit.setPlaceholderText("例如：10.0.0.5 或 db-server")
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("serverPort")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.port_spin.setGroupSeparatorShown(False)
        # five digits wide, not the whole row: a port is short
        self.port_spin.setMaximumWidth(self.port_spin.fontMetrics().horizontalAdvance("655350") + 48)
        self.database_edit = QLineEdit()
        self.database_edit.setObjectName("serverDatabase")
        self.database_edit.setPlaceholderText("例如：caseaudit")
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("serverUser")
        self.user_edit.setPlaceholderText("留空则使用本机登录名")
        self.preview = QLabel()
        self.preview.setObjectName("serverPreview")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setWordWrap(True)
        self.remember_check = QCheckBox("在系统钥匙串中记住密码（下次不再询问）")
        self.remember_check.setObjectName("serverRemember")
        self.remember_check.setVisible(offer_remember)  # not where nobody would keep it (first start)
        self.error_label = QLabel()
        self.error_label.setObjectName("serverError")
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("服务器", self.host_edit)
        form.addRow("端口", self.port_spin)
        form.addRow("数据库", self.database_edit)
        form.addRow("用户", self.user_edit)
        form.addRow("预览", self.preview)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("连接", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("serverOk")
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("serverCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

        if initial is not None:
            self.host_edit.setText(initial.host)
            self.port_spin.setValue(initial.port)
            self.database_edit.setText(initial.database)
            self.user_edit.setText(initial.user)
            self.remember_check.setChecked(initial.remember_password)
        for edit in (self.host_edit, self.database_edit, self.user_edit):
            edit.textChanged.connect(self._update_preview)
        self.port_spin.valueChanged.connect(self._update_preview)
        self._update_preview()

    def fields(self) -> ServerFields:
        remember = self.remember_check.isChecked() and not self.remember_check.isHidden()
        return ServerFields(self.host_edit.text().strip(), self.port_spin.value(), self.database_edit.text().strip(),
                            self.user_edit.text().strip(), remember)

    def _update_preview(self) -> None:
        f = self.fields()
        self.preview.setText(f.url if f.host or f.database else "（填写服务器和数据库后显示）")
        self.error_label.clear()

    def accept(self) -> None:
        f = self.fields()
        problem = check_server_fields(f.host, f.port, f.database)
        if problem is not None:
            self.error_label.setText(problem.message)
            {"host": self.host_edit, "port": self.port_spin, "database": self.database_edit}[problem.field].setFocus()
            return
        super().accept()


def ask_server(parent: QWidget | None, initial: ServerFields | None = None, *,
               offer_remember: bool = True) -> ServerFields | None:
    """Show the dialog (modal); the fields after 连接, or None when cancelled."""
    dialog = ServerDialog(initial, parent, offer_remember=offer_remember)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    fields = dialog.fields() if accepted else None
    dialog.deleteLater()
    return fields
