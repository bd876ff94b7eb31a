"""The one place bugs go: log the traceback, show it with a 「复制报告」 button.

Expected errors (`UserError`) are not bugs: they get their Chinese message in a warning box.
Exceptions raised on other threads are handed to the GUI thread through a queued signal.
"""

from __future__ import annotations

import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui.common.messages import show_user_error

APP_NAME = "CaseAudit"


def log_dir() -> Path:
    """Where crash reports are written (tests redirect this)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def format_report(exc: BaseException) -> str:
    """The full report: time, versions, traceback."""
    lines = [
        f"时间: {datetime.now().isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} · PySide6 {pyside_version} · {platform.platform()}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def write_log(report: str) -> Path | None:
    """Append the report to crash.log; returns the path (None if the log cannot be written)."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(report + "\n" + "=" * 72 + "\n")
        return path
    except OSError as exc:  # the dialog still shows the report; say where it could not go
        print(f"无法写入错误日志：{exc}", file=sys.stderr)
        return None


class CrashDialog(QDialog):
    """程序出错: what happened, the full report read-only, and a copy button."""

    def __init__(self, report: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("程序出错")
        self.report = report
        where = f"报告已保存到：{log_path}" if log_path else "报告未能保存到日志文件。"
        intro = QLabel("程序遇到了一个意外错误。这是程序的缺陷，不是您的操作问题。\n"
                       f"{where}\n请点「复制报告」，把报告发给维护人员。已保存的数据不受影响。")
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.copy_button = QPushButton("复制报告")
        self.copy_button.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox()
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText("已复制")


class _Bridge(QObject):
    """Carries exceptions from any thread to the GUI thread."""

    raised = Signal(object)


class CrashHandler:
    """Installed once as sys.excepthook and threading.excepthook."""

    def __init__(self) -> None:
        self._bridge = _Bridge()
        self._bridge.raised.connect(self.handle, Qt.ConnectionType.QueuedConnection)
        self._showing = False
        self.last_dialog: CrashDialog | None = None

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if threading.current_thread() is threading.main_thread():
            self.handle(exc)
        else:
            self._bridge.raised.emit(exc)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._bridge.raised.emit(args.exc_value)

    def handle(self, exc: BaseException) -> None:
        """Show an expected error's message, or log and show a bug."""
        if isinstance(exc, UserError):
            show_user_error(None, exc)
            return
        report = format_report(exc)
        path = write_log(report)
        print(report, file=sys.stderr)
        if self._showing:  # a bug while showing a bug: logged, not stacked
            return
        self._showing = True
        dialog = CrashDialog(report, path, QApplication.activeWindow())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        self.last_dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        self._showing = False
        self.last_dialog = None


_handler: CrashHandler | None = None


def handler() -> CrashHandler:
    """The one handler (created on first use, not necessarily installed as the hook)."""
    global _handler
    if _handler is None:
        _handler = CrashHandler()
    return _handler


def install() -> CrashHandler:
    """Install the hook (idempotent) and return it."""
    h = handler()
    h.install()
    return h


def report(exc: BaseException) -> None:
    """Hand an exception caught elsewhere (e.g. from a worker) to the crash handler."""
    handler().handle(exc)
