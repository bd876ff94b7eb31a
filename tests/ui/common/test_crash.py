"""Bugs: logged, shown with the full report and a 复制报告 button. Expected errors: a message."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.errors import StoreLockedError
from tests.ui.ui_helpers import message_boxes
from ui.common.crash import CrashHandler


def _raise_bug() -> None:
    raise KeyError("案卷字段不存在")


def test_a_bug_is_logged_and_shown_with_a_copyable_report(qtbot, _isolated_logs) -> None:  # type: ignore[no-untyped-def]
    handler = CrashHandler()
    try:
        _raise_bug()
    except KeyError as exc:
        handler.handle(exc)
    dialog = handler.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "程序出错"
    report = dialog.text.toPlainText()
    assert "KeyError" in report and "_raise_bug" in report and "Traceback" in report
    assert dialog.text.isReadOnly()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report
    assert dialog.copy_button.text() == "已复制"
    log = (_isolated_logs / "crash.log").read_text(encoding="utf-8")
    assert "_raise_bug" in log
    dialog.close()


def test_an_expected_error_shows_its_message_not_a_crash_report(qtbot, _isolated_logs) -> None:  # type: ignore[no-untyped-def]
    handler = CrashHandler()
    handler.excepthook(StoreLockedError, StoreLockedError("数据库正由另一个程序使用。"), None)
    assert handler.last_dialog is None
    assert [b.text() for b in message_boxes()] == ["数据库正由另一个程序使用。"]
    assert not (_isolated_logs / "crash.log").exists()


def test_a_bug_on_another_thread_reaches_the_dialog(qtbot, _isolated_logs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    handler = CrashHandler()
    monkeypatch.setattr(threading, "excepthook", handler.thread_excepthook)
    t = threading.Thread(target=_raise_bug)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: handler.last_dialog is not None, timeout=3000)
    assert "案卷字段不存在" in handler.last_dialog.report
