"""The window's way to ask for a PostgreSQL store's password (app/store_password.py asks only
when neither the keyring nor PGPASSFILE had one): a dialog whose field shows dots, nothing kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def password_asker(parent: QWidget | None) -> Callable[[str], str | None]:
    """A callable for open_store_for_gui(ask_password=…): the question in a dialog, the typed
    password back, or None when the user cancels."""

    def ask(question: str) -> str | None:
        text, ok = QInputDialog.getText(parent, "数据库服务器密码", question, QLineEdit.EchoMode.Password)
        return text if ok and text else None

    return ask
