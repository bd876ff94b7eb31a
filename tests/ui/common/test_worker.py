"""The worker helper: results on the GUI thread, progress after a delay, 取消, errors routed."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.errors import Cancelled, UserError
from tests.ui.ui_helpers import message_boxes
from ui.common import crash, worker


def test_result_arrives_on_the_gui_thread_without_a_progress_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[object, bool]] = []

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        progress(1, 2, "一半")
        return threading.current_thread() is threading.main_thread()

    task = worker.run_task(None, "测试", work, on_success=lambda r: seen.append(
        (r, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert seen == [(False, True)]  # ran off the GUI thread, delivered on it
    assert task.window is None  # quick work never shows a progress window


def test_slow_work_shows_progress_and_cancel_stops_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QLabel("窗口")
    qtbot.addWidget(parent)
    parent.show()

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        for i in range(10_000):
            if cancel():
                raise Cancelled()
            progress(i, 10_000, "处理中")
            time.sleep(0.005)
        return "done"

    task = worker.run_task(parent, "慢任务", work)
    qtbot.waitUntil(lambda: task.window is not None and task.window.isVisible(), timeout=3000)
    assert task.window is not None
    qtbot.waitUntil(lambda: task.window is not None and task.window.bar.value() > 0, timeout=3000)
    qtbot.mouseClick(task.window.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert isinstance(task.error, Cancelled)
    boxes = message_boxes()
    assert boxes and "已取消" in boxes[0].text()


def test_user_errors_become_a_warning_and_bugs_go_to_the_crash_handler(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(progress, cancel):  # type: ignore[no-untyped-def]
        raise UserError("文件不是表格。")

    task = worker.run_task(None, "测试", refuse)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert [b.text() for b in message_boxes()] == ["文件不是表格。"]
    for b in message_boxes():
        b.close()

    reported: list[BaseException] = []
    monkeypatch.setattr(crash, "report", reported.append)

    def bug(progress, cancel):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("bug")

    task = worker.run_task(None, "测试", bug)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert len(reported) == 1 and isinstance(reported[0], ZeroDivisionError)
    assert message_boxes() == []
