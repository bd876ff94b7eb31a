"""Esc on an edited record form asks before discarding (issue 14 point 5); a delete asks saying
how it can be undone, and 编辑 → 撤销上一次修改 brings the record back (point 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.records import service
from tests.ui.ui_helpers import answer_confirmations
from ui.common import discard
from ui.main_window import MainWindow
from ui.registers import register_page
from ui.system import window_actions


def _window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    for i in (1, 2):
        service.save(store, "cases", {"case_no": f"沈水罚字〔2019〕第{i}号", "party": f"当事人{i}", "fine_fen": "100"})
    w = MainWindow(store, operator="甲")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_esc_on_an_edited_form_asks_and_no_keeps_it_open(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _window(qtbot, gui_store).show_kind("cases")
    page.select_row(0)
    form = page.edit_current()
    asked = answer_confirmations(monkeypatch, discard, answer=False)
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # unchanged: closes without a question
    assert not form.isVisible() and asked == []
    form = page.edit_current()
    form.set_text("party", "改过的当事人")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and len(asked) == 1 and "尚未保存的修改" in asked[0]
    answer_confirmations(monkeypatch, discard, answer=True)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert service.get(gui_store, "cases", page.model.record_id(0))["party"] == "当事人1"


def test_a_delete_is_asked_about_and_undone_from_the_edit_menu(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    asked = answer_confirmations(monkeypatch, register_page, window_actions)
    page.select_row(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert service.count(gui_store, "cases") == 1 and "撤销上一次修改" in asked[0]
    undo = w.findChild(type(w.import_action), "undoLastChange")
    assert undo.shortcut().toString() == "Ctrl+Z"
    undo.trigger()
    assert "删除案卷" in asked[1]
    assert service.count(gui_store, "cases") == 2 and page.model.rowCount() == 2  # the page followed
    undo.trigger()  # nothing more to undo: said, nothing asked
    assert len(asked) == 2
