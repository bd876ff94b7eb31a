"""打开数据库… / 新建数据库… / 连接数据库服务器… / 最近打开: switching the window to another store cleanly.

The other store is opened first (its lock taken, its checks and day's backup done); only when
that succeeds is a new main window built on it and the old window closed, which cancels its
running work and releases its store. A refusal (locked by another window, damaged, too new, on
a network share) is one message and leaves the current window as it was. The new window owns
its store: it is closed when that window goes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from app.errors import UserError
from app.recent import remember_store
from app.store import is_server_address, open_store_for_gui
from ui.common.messages import show_info, show_user_error
from ui.system.pg_password import password_asker
from ui.system.server_dialog import ServerFields, ask_server

STORE_FILTER = "数据库文件 (*.sqlite *.db);;所有文件 (*)"


def ask_store_path(parent: QWidget, *, create: bool, folder: Path) -> Path | None:
    if create:
        chosen, _f = QFileDialog.getSaveFileName(parent, "新建数据库", str(folder / "新数据库.sqlite"), STORE_FILTER)
    else:
        chosen, _f = QFileDialog.getOpenFileName(parent, "打开数据库", str(folder), STORE_FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    return path if not create or path.suffix else path.with_suffix(".sqlite")


def switch_store(window: Any, path: Path | str, *, create: bool = False,
                 remember_password: bool = False) -> QMainWindow | None:
    """The new main window on `path` — a file, or a postgresql:// URL (app.store
    is_server_address) — the old one closed, or None after saying why not. For a server,
    `remember_password` keeps a password typed while connecting in the OS keyring."""
    if is_server_address(path):
        return _switch_to_server(window, str(path), remember_password=remember_password)
    path = Path(path).expanduser()
    if path.resolve() == Path(window.store.path).resolve():
        show_info(window, f"数据库 {path.name} 已在本窗口中打开。", "打开数据库")
        return None
    if create and path.exists():
        show_user_error(window, UserError(f"文件 {path} 已存在。要使用它，请用「打开数据库…」。"))
        return None
    if not create and not path.exists():
        show_user_error(window, UserError(f"找不到数据库文件 {path}（被移动或删除？）。"))
        return None
    try:
        store = open_store_for_gui(path)
    except UserError as exc:
        show_user_error(window, exc)
        return None
    return _replace_window(window, store)


def connect_server(window: Any) -> QMainWindow | None:
    """连接数据库服务器…: the server's fields in a dialog (those of the server in use filled in),
    then the switch to it; None when cancelled or refused."""
    fields = ask_server(window, server_fields_of(window.store))
    if fields is None:
        return None
    return switch_store(window, fields.url, remember_password=fields.remember_password)


def server_fields_of(store: Any) -> ServerFields | None:
    """The dialog's starting fields: the server store in use, or None (empty fields) for a file."""
    where = getattr(store, "location", None)
    if getattr(store, "kind", "sqlite") != "postgresql" or where is None:
        return None
    return ServerFields(where.host, where.port, where.database, where.user)


def _switch_to_server(window: Any, url: str, *, remember_password: bool = False) -> QMainWindow | None:
    """The same for a PostgreSQL store: no file to check; the password asked in a dialog when the
    keyring and PGPASSFILE have none; not put in the recent files (it is not a file)."""
    try:
        store = open_store_for_gui(url, ask_password=password_asker(window))
    except UserError as exc:
        show_user_error(window, exc)
        return None
    if store.display == getattr(window.store, "display", None):
        store.close()
        show_info(window, f"数据库 {store.display} 已在本窗口中打开。", "打开数据库")
        return None
    if remember_password and store.secret:
        _keep_password(window, store)
    return _replace_window(window, store, remember=False)


def _keep_password(window: Any, store: Any) -> None:
    """The password just typed, into the OS keyring (never anywhere else); without a keyring the
    user is told it will be asked again."""
    from app.store_password import remember_password

    if not remember_password(store.location, store.secret):
        show_info(window, "本机没有可用的系统钥匙串，密码未保存；下次连接时会再次询问。", "连接数据库服务器")


def _replace_window(window: Any, store: Any, *, remember: bool = True) -> QMainWindow | None:
    try:
        fresh = type(window)(store, operator=window.operator)
    except BaseException:
        store.close()
        raise
    fresh.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fresh.destroyed.connect(lambda *_: store.close())
    if remember:
        remember_store(store.path)
    fresh.restoreGeometry(window.saveGeometry())
    fresh.show()  # first: closing the old window while no other is shown would quit the program
    window.close()
    if window.isVisible():  # the old window refused to close: keep it, give the new store back
        fresh.close()
        return None
    window.store.close()
    return fresh


def open_data_folder(window: Any, opener: Any = None) -> bool:
    """打开数据文件夹: the folder of the store in use, in the system's file manager."""
    from PySide6.QtCore import QUrl

    url = QUrl.fromLocalFile(str(Path(window.store.path).parent))
    return bool((opener or QDesktopServices.openUrl)(url))
