"""The window's file, edit and help actions that are not pages (issue 14 points 4, 8, 9):

    文件  新建数据库… · 打开数据库… · 连接数据库服务器… · 最近打开 ▸ · 打开数据文件夹 · 导入记录… · 最近生成的文件…
    编辑  撤销上一次修改 (Ctrl+Z)
    帮助  使用手册 (F1) · 操作记录… · 关于

and the jump from a finding to the record behind it and back (`connect_page`): a page that has
`recordRequested(kind, id)` gets the record's form opened on its register page, and when the form
closes the window returns to the page that asked (which re-reads what was corrected); a page with
`helpRequested(code)` opens that code's entry of the 使用手册.

Installed by MainWindow in one call, so the window module stays a table of pages and menus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.errors import UserError
from app.history_undo import last_record_change, undo_last_change
from app.recent import MAX_STORES, recent_stores, remember_store
from app.store import data_dir
from ui.common.messages import confirm, show_info, show_user_error
from ui.system.store_label import is_server_store
from ui.system.store_switch import ask_store_path, connect_server, open_data_folder, switch_store

REGISTER_KINDS = ("cases", "ledger", "receipts", "officers", "units")


def _action(window: Any, text: str, name: str, slot: Any, shortcut: str | None = None) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def install_window_actions(window: Any) -> None:
    """Add the actions to `window.file_menu` and `window.help_menu` and an 编辑 menu."""
    if not is_server_store(window.store):  # a server store's path is a side folder's entry, not a file
        remember_store(window.store.path)
    file_menu: QMenu = window.file_menu
    quit_action = file_menu.actions()[-1]
    # where the file dialogs start: beside the file in use; from a server store, the data folder
    folder = data_dir() if is_server_store(window.store) else Path(window.store.path).parent
    new_db = _action(window, "新建数据库…", "newStore", lambda: _ask_and_switch(window, True, folder))
    open_db = _action(window, "打开数据库…", "openStore", lambda: _ask_and_switch(window, False, folder), "Ctrl+O")
    server_db = _action(window, "连接数据库服务器…", "connectServer", lambda: connect_server(window))
    recent = QMenu("最近打开", window)
    recent.setObjectName("recentStores")
    recent.aboutToShow.connect(lambda: fill_recent(window, recent))
    data_folder = _action(window, "打开数据文件夹", "openDataFolder", lambda: open_data_folder(window))
    batches = _action(window, "导入记录…", "importBatches", lambda: open_batches(window))
    outputs = _action(window, "最近生成的文件…", "recentOutputs", lambda: open_outputs(window))
    for item in (new_db, open_db, server_db):
        file_menu.insertAction(quit_action, item)
    file_menu.insertMenu(quit_action, recent)
    file_menu.insertAction(quit_action, data_folder)
    file_menu.insertSeparator(quit_action)
    file_menu.insertAction(quit_action, batches)
    file_menu.insertAction(quit_action, outputs)
    file_menu.insertSeparator(quit_action)
    window.recent_menu = recent

    edit = QMenu("编辑(&E)", window)
    edit.addAction(_action(window, "撤销上一次修改", "undoLastChange", lambda: undo_last(window), "Ctrl+Z"))
    window.menuBar().insertMenu(window.help_menu.menuAction(), edit)

    help_menu: QMenu = window.help_menu
    about = help_menu.actions()[0]  # 关于, the one action the window put there
    manual = _action(window, "使用手册", "helpManual", lambda: open_help(window), "F1")
    manual.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # F1 in any dialog too
    history = _action(window, "操作记录…", "historyAction", lambda: open_history(window))
    help_menu.insertAction(about, manual)
    help_menu.insertAction(about, history)
    help_menu.insertSeparator(about)


def fill_recent(window: Any, menu: QMenu) -> None:
    menu.clear()
    here = Path(window.store.path).resolve()
    stores = [p for p in recent_stores(limit=MAX_STORES + 1) if p.resolve() != here][:MAX_STORES]
    if not stores:
        menu.addAction("（无）").setEnabled(False)
    for path in stores:
        action = menu.addAction(f"{path.name}　{path.parent}")
        action.triggered.connect(lambda _c=False, p=path: switch_store(window, p))


def _ask_and_switch(window: Any, create: bool, folder: Path) -> None:
    path = ask_store_path(window, create=create, folder=folder)
    if path is not None:
        switch_store(window, path, create=create)


def open_help(window: Any, code: str | None = None) -> QWidget:
    from ui.system.help_window import help_window_for

    help_window = help_window_for(window)
    if code:
        help_window.show_code(code)
    return help_window


def open_history(window: Any) -> QWidget:
    from ui.system.history_dialog import HistoryDialog

    dialog = HistoryDialog(window.store, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.history_dialog = dialog
    return dialog


def open_batches(window: Any) -> QWidget:
    from ui.system.batches_dialog import BatchesDialog

    dialog = BatchesDialog(window.store, window, operator=window.operator)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.undone.connect(lambda kind: window.events.announce(kind, "findings"))
    dialog.show()
    window.batches_dialog = dialog
    return dialog


def open_outputs(window: Any) -> QWidget:
    from ui.system.recent_outputs import RecentOutputsDialog

    dialog = RecentOutputsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.outputs_dialog = dialog
    return dialog


def undo_last(window: Any) -> bool:
    """撤销上一次修改, after saying what it undoes."""
    change = last_record_change(window.store)
    if change is None:
        show_info(window, "没有可以撤销的修改（上一次修改已经撤销，或还没有修改过记录）。", "撤销")
        return False
    question = (f"撤销：{change['summary']}\n（{change['at']}，操作人 {change['operator'] or '—'}）？\n\n"
                "只能撤销最近一次对记录的修改；撤销会记入操作记录。")
    if not confirm(window, question, "撤销上一次修改"):
        return False
    try:
        undone = undo_last_change(window.store, operator=window.operator)
    except UserError as exc:
        show_user_error(window, exc)
        return False
    window.events.announce(undone["kind"])
    window.statusBar().showMessage(f"已撤销：{undone['summary']}", 8000)
    return True


def connect_page(window: Any, page: QWidget) -> None:
    """A page's requests to the window: a record to correct, a help entry to read."""
    if hasattr(page, "recordRequested"):
        page.recordRequested.connect(lambda kind, rid, p=page: open_record(window, kind, rid, p))
    if hasattr(page, "helpRequested"):
        page.helpRequested.connect(lambda code: open_help(window, code))


def open_record(window: Any, kind: str, record_id: int, back_to: QWidget | None = None) -> QWidget | None:
    """The record's form on its register page; when it closes, back to `back_to` (which is told
    through its `came_back()` so it can re-read the corrected record)."""
    if kind not in REGISTER_KINDS:
        return None
    register = window.show_kind(kind)
    form = register.open_form(int(record_id))

    def back(_result: int = 0) -> None:
        if back_to is None:
            return
        window.stack.setCurrentWidget(back_to)
        keys = [k for k, p in window.pages.items() if p is back_to]
        if keys:
            window.show_page(keys[0])
        if hasattr(back_to, "came_back"):
            back_to.came_back()

    form.finished.connect(back)
    return form
