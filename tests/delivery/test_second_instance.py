"""One process per store: while another program holds the store, starting the window on it shows
a clear message and exits with status 2 (and the other program's store is not touched). A
damaged store at start-up is refused the same way, its message offering the newest backup."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.errors import StoreLockedError
from app.store import open_store, open_store_for_gui

ROOT = Path(__file__).resolve().parents[2]


def _answer_box(seen: dict[str, str], button: str | None = None, title: str | None = None) -> None:
    """Read the modal message box (titled `title`) when it appears and press its first (or the
    named) button."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox) or (title is not None and box.windowTitle() != title):
        QTimer.singleShot(50, lambda: _answer_box(seen, button, title))
        return
    seen["title"], seen["text"] = box.windowTitle(), box.text()
    chosen = next((b for b in box.buttons() if b.text() == button), None) if button else None
    (chosen or box.buttons()[0]).click()


def test_a_second_window_on_the_same_store_is_refused(qtbot: QtBot, tmp_path: Path,
                                                      capfd: pytest.CaptureFixture[str]) -> None:
    from ui import app as ui_app

    path = tmp_path / "caseaudit.sqlite"
    open_store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from app.store import open_store_for_gui
        s = open_store_for_gui({str(path)!r}); print("held", flush=True); time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        seen: dict[str, str] = {}
        QTimer.singleShot(0, lambda: _answer_box(seen))
        assert ui_app.main(["--db", str(path)]) == 2
        assert seen["title"] == "无法打开数据库"
        assert "正由另一个程序" in seen["text"] and "同一时间只能有一个程序" in seen["text"]
        assert "正由另一个程序" in capfd.readouterr().err
        assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == "mainWindow"]
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_the_lock_is_held_by_the_window_within_one_process_too(tmp_path: Path) -> None:
    first = open_store_for_gui(tmp_path / "s.sqlite")
    try:
        with pytest.raises(StoreLockedError):
            open_store_for_gui(tmp_path / "s.sqlite")
    finally:
        first.close()
    open_store_for_gui(tmp_path / "s.sqlite").close()  # free again once the first closed


def test_a_damaged_store_at_start_up_is_refused_and_left_alone(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.delivery.helpers import damage, write_ledger
    from ui import app as ui_app

    path = tmp_path / "caseaudit.sqlite"
    store = open_store(path)
    try:
        from app.imports.service import import_file

        import_file(store, "ledger", write_ledger(tmp_path / "l.xlsx", 2000), operator="测试")
    finally:
        store.close()
    damage(path)
    before = path.read_bytes()
    seen: dict[str, str] = {}
    QTimer.singleShot(0, lambda: _answer_box(seen, "退出"))
    assert ui_app.main(["--db", str(path)]) == 2
    assert seen["title"] == "数据库已损坏" and "最新的完好备份" in seen["text"]
    assert path.read_bytes() == before


def test_the_offered_backup_is_restored_only_when_chosen(qtbot: QtBot, tmp_path: Path) -> None:
    from app.backups import list_backups
    from app.imports.service import import_file
    from tests.delivery.helpers import counts, damage, write_ledger
    from ui import app as ui_app

    path = tmp_path / "caseaudit.sqlite"
    store = open_store(path)
    try:
        import_file(store, "ledger", write_ledger(tmp_path / "l.xlsx", 2000), operator="测试")
        import_file(store, "ledger", write_ledger(tmp_path / "m.xlsx", 10, first=5000, seed=9), operator="测试")
    finally:
        store.close()
    damage(path)
    damaged = path.read_bytes()
    seen: dict[str, str] = {}
    notices: dict[str, str] = {}

    def close_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        if not windows:
            QTimer.singleShot(50, close_window)
            return
        windows[0].close()

    QTimer.singleShot(0, lambda: _answer_box(seen, "用最新备份恢复"))
    QTimer.singleShot(0, lambda: _answer_box(notices, title="已恢复"))
    QTimer.singleShot(600, close_window)
    assert ui_app.main(["--db", str(path)]) == 0
    assert seen["title"] == "数据库已损坏" and notices["title"] == "已恢复"
    assert counts(path)["ledger_entries"] == 2000  # the backup made before the second import
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("caseaudit.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged and str(kept[0]) in notices["text"]
    assert list_backups(path)
