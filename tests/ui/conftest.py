"""GUI tests: offscreen Qt, crash logs in tmp, a fresh store per test, no leftover work."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash reports go to the test's tmp folder, never the user's log directory."""
    from ui.common import crash

    logs = tmp_path / "logs"
    monkeypatch.setattr(crash, "log_dir", lambda: logs)
    return logs


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The window's QSettings (geometry, column widths) live in a fresh folder of their own per
    test (not inside tmp_path, whose files some tests compare before and after)."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def gui_store(tmp_path: Path) -> Iterator[object]:
    """A fresh store opened the way the window opens it (writer lock held)."""
    from app.store import open_store_for_gui

    store = open_store_for_gui(tmp_path / "案卷库.sqlite")
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _no_leftovers(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Work still running is cancelled and waited for; windows left open are closed."""
    yield
    from ui.common import worker

    worker.cancel_all()
    worker.pool().waitForDone(10_000)
    qtbot.wait(20)  # let the queued "finished" signals of cancelled work arrive
    from ui.common.discard import DiscardGuard

    for w in QApplication.topLevelWidgets():
        if isinstance(w, DiscardGuard):
            w.forget_edits()  # a form a test left edited: closed here without its question
        if w.isVisible():
            w.close()


@pytest.fixture(autouse=True)
def _unanswered_questions_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A yes/no question no test answered fails the test at once instead of blocking it forever
    (QMessageBox.question runs a modal loop); tests answer with ui_helpers.answer_confirmations."""
    from PySide6.QtWidgets import QMessageBox

    def unanswered(_parent: object, title: str, text: str, *_a: object, **_k: object) -> object:
        raise AssertionError(f"an unanswered confirmation: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "question", staticmethod(unanswered))
