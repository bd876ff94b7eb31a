"""The window's keys: Alt+number to each page (the hint drawn in the navigation), F5 refreshes,
Ctrl+E exports and Ctrl+P previews the page's table, Enter opens the selected record."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog
from python_calamine import CalamineWorkbook

from app.records import service
from ui.common.nav_delegate import SHORTCUT_ROLE, page_shortcut
from ui.main_window import MainWindow
from ui.pages import PAGES


def _window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    for i in range(1, 4):
        service.save(store, "cases", {"case_no": f"第{i}号", "party": f"当事人{i}"})
    w = MainWindow(store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def _trigger(w: MainWindow, keys: str) -> None:
    for action in w.actions():
        if action.shortcut() == QKeySequence(keys):
            action.trigger()
            return
    raise AssertionError(f"no action for {keys}")


def test_every_page_has_a_shortcut_shown_in_the_navigation(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    for i, spec in enumerate(PAGES):
        hint = page_shortcut(i)
        assert hint and w.nav.item(i).data(SHORTCUT_ROLE) == hint
        _trigger(w, hint)
        assert w.stack.currentWidget() is w.page(spec.key), spec.key
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # a real key press: the second page
    assert w.stack.currentWidget() is w.page(PAGES[1].key)


def test_f5_refreshes_the_page(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    service.save(gui_store, "cases", {"case_no": "第9号"})  # written elsewhere, not announced
    assert page.model.rowCount() == 3
    qtbot.keyClick(w, Qt.Key.Key_F5)
    assert page.model.rowCount() == 4


def test_ctrl_e_exports_and_ctrl_p_previews_the_table(qtbot, gui_store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    out = tmp_path / "案卷"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    task = w.export_table()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    rows = CalamineWorkbook.from_path(str(out) + ".xlsx").get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[3:]] == ["第1号", "第2号", "第3号"]
    task = w.print_table()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert page.sheet.preview is not None and page.sheet.preview.isVisible()


def test_enter_opens_the_selected_record(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    page.select_row(1)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.form is not None and page.form.isVisible()
    assert page.form.record_id == page.model.record_id(1)
