"""Long work off the GUI thread: the one helper every import, demo load and report uses.

`run_task(parent, label, fn)` runs `fn(progress, cancel)` on a worker thread. A progress dialog
appears only if the work takes longer than ~0.5 s; its 取消 button sets the cancel flag the
work polls. The result — or the exception — comes back on the GUI thread through queued
signals: a `UserError` (including `Cancelled`) becomes a warning box with its Chinese message,
anything else goes to the crash handler, unless the caller's `on_failure` handles it.

The progress window is a small QDialog rather than QProgressDialog: a modal QProgressDialog
calls processEvents() inside setValue(), which would re-enter our queued progress slots.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.errors import UserError
from ui.common import crash
from ui.common.messages import show_user_error

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]
WorkFn = Callable[[ProgressFn, CancelFn], Any]

SHOW_AFTER_MS = 500
PROGRESS_INTERVAL_S = 0.05

_pool: QThreadPool | None = None
_running: set[Task] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


class ProgressWindow(QDialog):
    """Label, bar and 取消 — shown by a Task once it has run for SHOW_AFTER_MS."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("progressWindow")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMinimumWidth(360)
        self.cancel_button = QPushButton("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

    def set_progress(self, done: int, total: int, label: str) -> None:
        if label:
            self.label.setText(label)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def reject(self) -> None:  # Esc or the window's close button mean 取消
        self.cancel_button.click()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task

    def run(self) -> None:
        task = self._task
        try:
            result = task.fn(task._report_progress, task.is_cancelled)
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            task._finished_signal.emit(False, exc)
        else:
            task._finished_signal.emit(True, result)


class Task(QObject):
    """One run of a callable on the worker pool. Signals are emitted on the GUI thread."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    _progress_signal = Signal(int, int, str)
    _finished_signal = Signal(bool, object)

    def __init__(self, fn: WorkFn, *, parent: QWidget | None = None, label: str = "正在处理…",
                 on_success: Callable[[Any], None] | None = None,
                 on_failure: Callable[[BaseException], bool] | None = None,
                 show_progress: bool = True) -> None:
        super().__init__()
        self.fn = fn
        self.label = label
        self.parent_widget = parent
        self.on_success = on_success
        self.on_failure = on_failure
        self.show_progress = show_progress
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.window: ProgressWindow | None = None
        self._cancel = threading.Event()
        self._last_emit = 0.0
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_window)
        self._last_progress: tuple[int, int, str] = (0, 0, label)
        self._progress_signal.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._finished_signal.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    # --- called from any thread -------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop; it raises Cancelled at its next check and writes nothing."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report_progress(self, done: int, total: int, label: str = "") -> None:
        now = time.monotonic()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_emit = now
            self._progress_signal.emit(int(done), int(total), label or "")

    # --- GUI thread ---------------------------------------------------------------------------
    def start(self) -> Task:
        _running.add(self)
        if self.show_progress:
            self._show_timer.start(SHOW_AFTER_MS)
        pool().start(_Runnable(self))
        return self

    def _show_window(self) -> None:
        if self.done:
            return
        self.window = ProgressWindow(self.label, self.parent_widget)
        self.window.cancel_button.clicked.connect(self._cancel_clicked)
        self.window.set_progress(*self._last_progress)
        self.window.open()

    def _cancel_clicked(self) -> None:
        self.cancel()
        if self.window is not None:
            self.window.label.setText("正在取消…")
            self.window.cancel_button.setEnabled(False)

    def _on_progress(self, done: int, total: int, label: str) -> None:
        self._last_progress = (done, total, label or self.label)
        if self.window is not None and not self.is_cancelled():
            self.window.set_progress(done, total, label)
        self.progressed.emit(done, total, label)

    def _on_finished(self, ok: bool, payload: object) -> None:
        self.done = True
        self._show_timer.stop()
        if self.window is not None:
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        _running.discard(self)
        try:
            if ok:
                self.result = payload
                if self.on_success is not None:
                    self.on_success(payload)
                self.succeeded.emit(payload)
            else:
                assert isinstance(payload, BaseException)
                self.error = payload
                handled = self.on_failure(payload) if self.on_failure is not None else False
                if not handled:
                    deliver_error(self.parent_widget, payload)
                self.failed.emit(payload)
        finally:
            self.finished.emit()


def deliver_error(parent: QWidget | None, exc: BaseException) -> None:
    """UserError → its message in a warning box; anything else is a bug → crash handler."""
    if isinstance(exc, UserError):
        show_user_error(parent, exc)
    else:
        crash.report(exc)


def run_task(parent: QWidget | None, label: str, fn: WorkFn, *,
             on_success: Callable[[Any], None] | None = None,
             on_failure: Callable[[BaseException], bool] | None = None,
             start: bool = True) -> Task:
    """Run `fn(progress, cancel)` on the worker pool; see the module docstring."""
    task = Task(fn, parent=parent, label=label, on_success=on_success, on_failure=on_failure)
    return task.start() if start else task


def cancel_all() -> None:
    """Ask every running task to stop (the window is closing)."""
    for task in list(_running):
        task.cancel()
