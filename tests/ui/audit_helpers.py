"""Shared set-up for the audit, review and campaign page tests: demo data and a window."""

from __future__ import annotations

from app.demo import load_demo
from ui.main_window import MainWindow


def demo_window(qtbot, store):  # type: ignore[no-untyped-def]
    load_demo(store)
    w = MainWindow(store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def run_from_page(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Click 运行倒查 and wait for the worker to deliver the result."""
    from PySide6.QtCore import Qt

    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is not None and page.task.done, timeout=30_000)
    assert page.task.error is None, page.task.error
