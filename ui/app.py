"""Start the window: arguments, QApplication, fonts, the crash hook, the store, the event loop.

Opening the store can be refused — another window or program holds it, it is on a network
share, it comes from a newer program, it is damaged — and each refusal is one clear message and
exit status 2. A damaged store is left as it is; the message offers the newest good backup, and
only the user's explicit choice restores it (the damaged file is kept aside first). A first start
asks for the office's details and the data folder (ui/system/first_run.py).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.errors import StoreError, UserError
from app.logs import setup_logging
from app.reports.font_setting import apply_report_font
from app.store import (
    Store,
    StoreDamagedError,
    config_path,
    data_dir,
    default_store,
    default_store_path,
    is_server_address,
    open_store_for_gui,
    set_data_dir,
    set_default_server,
)
from ui.common import crash, screen_fit
from ui.common.fonts import install_fonts
from ui.common.messages import show_warning
from ui.main_window import APP_TITLE, MainWindow
from ui.system import first_run
from ui.system.login_dialog import account_text, ask_login


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="caseaudit", description=APP_TITLE)
    parser.add_argument("--db", default=None, help="数据库文件，或 postgresql://用户@主机:端口/数据库名（默认在用户数据目录）")
    parser.add_argument("--operator", default=None, help="操作人（记入变更日志）")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def install_translations(app: QApplication) -> bool:
    """Qt's own texts — 确定/取消, 是/否, the date picker's months and days, the file dialog — in
    Chinese whatever the system's language: the zh_CN locale by default and qtbase_zh_CN.qm from
    PySide6's translations folder (shipped with PySide6-Essentials). True when it was loaded."""
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(chinese)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(chinese, "qtbase", "_", folder):
        app.installTranslator(translator)
        return True
    return False


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "caseaudit", *argv])
    app.setApplicationName("CaseAudit")
    app.setApplicationDisplayName(APP_TITLE)
    install_translations(app)
    install_fonts(app)
    screen_fit.install(app)  # dialogs fit the screen; Tab leaves a multi-line text box
    crash.install()
    return app


def refuse(title: str, message: str) -> int:
    """A start-up refusal: the message on stderr and in a box; exit status 2."""
    sys.stderr.write(message + "\n")
    QMessageBox.critical(None, title, message)
    return 2


def offer_backup(error: StoreDamagedError) -> bool:
    """Ask whether to restore the newest good backup over the damaged store; True when restored."""
    if error.newest_backup is None:
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, "数据库已损坏", error.message)
    box.setObjectName("damagedBox")
    restore = box.addButton("用最新备份恢复", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    from app.backups import restore_backup

    result = restore_backup(error.newest_backup.path, error.path, allow_newer=True)
    QMessageBox.information(None, "已恢复", f"已用备份 {result.restored_from.name} 恢复数据库。\n"
                            f"损坏的文件已另存为 {result.saved_current}，未作改动。")
    return True


def open_for_window(path: Path | str) -> Store | None:
    """The store held for the window, or None after telling the user why not. A PostgreSQL
    server's password, when needed, is asked in a dialog (ui/system/pg_password.py)."""
    from ui.system.pg_password import password_asker

    for _attempt in range(2):
        try:
            return open_store_for_gui(path, ask_password=password_asker(None))
        except StoreDamagedError as exc:
            sys.stderr.write(exc.message + "\n")
            try:
                if offer_backup(exc):
                    continue
            except UserError as restore_error:
                refuse("无法恢复备份", restore_error.message)
                return None
            if exc.newest_backup is None:
                QMessageBox.critical(None, "数据库已损坏", exc.message)
            return None
        except StoreError as exc:
            refuse("无法打开数据库", exc.message)
            return None
    return None


def choose_store(args: argparse.Namespace) -> tuple[Path | str, first_run.FirstRunAnswers | None, bool]:
    """The store's path (or a postgresql:// URL from --db); on a first installation (no --db, no
    config, no store yet) the first-run dialog is asked here, because its data folder decides
    where the store is created."""
    if args.db is not None:
        return (args.db if is_server_address(args.db) else Path(args.db)), None, False
    if config_path().exists() or default_store_path().exists():
        return default_store(), None, False
    answers = first_run.ask(data_dir(), folder_editable=True)
    if answers is not None and answers.server:  # 连接数据库服务器…: the office's store, its details its own
        set_default_server(answers.server)  # opened again at the next start (its address, no password)
        return answers.server, None, False
    if answers is not None and answers.folder.resolve() != data_dir().resolve():
        set_data_dir(answers.folder)
    return default_store_path(), answers, True


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    setup_logging()
    app = create_application(argv)
    operator = args.operator or _user()
    try:
        path, answers, asked = choose_store(args)
    except StoreError as exc:
        return refuse("无法设置数据文件夹", exc.message)
    store = open_for_window(path)
    if store is None:
        return 2
    try:
        from app.accounts.actor import may
        from app.accounts.enabled import has_accounts

        login_on = has_accounts(store)
        actor = ask_login(store) if login_on else None
        if login_on:
            if actor is None:
                return 0  # the user cancelled the login: nothing opened, nothing written
            operator = actor.name  # the change log's operator is the account logged in
        warnings = [w for w in (store.extra.get("backup_warning"), apply_report_font(store)) if w]
        # under login the first-run questions (settings) are a 管理员's to answer; others skip them
        if asked or (first_run.needs_first_run(store) and may(store, "settings.write")):
            if not asked:
                answers = first_run.ask(store.path.parent, folder_editable=False)
            first_run.apply_answers(store, answers, operator=operator)
        window = MainWindow(store, operator=operator)
        if actor is not None:
            account = QLabel(account_text(actor))
            account.setObjectName("accountLabel")
            window.statusBar().addPermanentWidget(account)
        window.show()
        if answers is not None and answers.load_demo:
            window.load_demo()
        for message in warnings:
            show_warning(window, str(message), "备份与设置")
        return int(app.exec())
    finally:
        store.close()


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some service accounts)
        return ""
