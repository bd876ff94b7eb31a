"""Start the window: arguments, QApplication, fonts, the crash hook, the store, the event loop."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import StoreError
from app.store import default_store_path, open_store_for_gui
from ui import crash
from ui.fonts import install_fonts
from ui.main_window import APP_TITLE, MainWindow


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="caseaudit", description=APP_TITLE)
    parser.add_argument("--db", type=Path, default=None, help="数据库文件（默认在用户数据目录）")
    parser.add_argument("--operator", default=None, help="操作人（记入变更日志）")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def install_translations(app: QApplication) -> None:
    """Qt's own buttons (确定/取消, 是/否) in Chinese."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "caseaudit", *argv])
    app.setApplicationName("CaseAudit")
    app.setApplicationDisplayName(APP_TITLE)
    install_translations(app)
    install_fonts(app)
    crash.install()
    return app


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    app = create_application(argv)
    path = args.db or default_store_path()
    try:
        store = open_store_for_gui(path)
    except StoreError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 2
    try:
        window = MainWindow(store, operator=args.operator or _user())
        window.show()
        return int(app.exec())
    finally:
        store.close()


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some service accounts)
        return ""
