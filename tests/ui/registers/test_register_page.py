"""A register page as the clerk uses it: type to filter, click a header to sort, keys, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.records import service
from tests.ui.ui_helpers import type_text
from ui.main_window import MainWindow
from ui.registers import register_page


def _cases(store, n: int = 25) -> None:  # type: ignore[no-untyped-def]
    for i in range(1, n + 1):
        service.save(store, "cases", {"case_no": f"沈水罚字〔2019〕第{i}号",
                                      "party": "王五" if i % 5 == 0 else f"当事人{i}",
                                      "fine_fen": str(i * 100), "unit": "沈阳市浑河管理处"})


def _window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_typing_in_the_search_box_filters_the_table(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store)
    page = _window(qtbot, gui_store).show_page("cases")  # the page on screen
    assert page.model.rowCount() == 25 and page.count_label.text() == "共 25 条"
    type_text(qtbot, page.search, "王五")
    assert page.model.rowCount() == 25  # debounced: nothing yet
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=2000)
    assert page.count_label.text() == "找到 5 条"
    party = page.model.column_of("party")
    assert {page.model.index(r, party).data() for r in range(5)} == {"王五"}
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 25, timeout=2000)
    type_text(qtbot, page.search, "[2019]第007号")  # another bracket style, zero padded
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)


def test_clicking_a_header_sorts_in_sql(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 12)
    page = _window(qtbot, gui_store).show_page("cases")  # the page on screen
    header = page.table.horizontalHeader()
    fine = page.model.column_of("fine_fen")
    page.table.scrollTo(page.model.index(0, fine))
    x = header.sectionViewportPosition(fine) + header.sectionSize(fine) // 2
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    first = page.model.index(0, fine).data()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    second = page.model.index(0, fine).data()
    assert {first, second} == {"100.00", "1,200.00"}
    assert page.model.sort_field == "fine_fen"


def test_keyboard_ctrl_f_focuses_search_and_ctrl_n_opens_a_new_form(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 3)
    w = _window(qtbot, gui_store)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    page = w.page("cases")
    page.table.setFocus()
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.form is not None and page.form.isVisible() and page.form.record_id is None
    page.form.reject()


def test_enter_on_a_row_opens_the_record(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 3)
    page = _window(qtbot, gui_store).show_page("cases")  # the page on screen
    page.select_row(1)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.form is not None and page.form.record_id == page.model.record_id(1)
    assert page.form.text("case_no") == "沈水罚字〔2019〕第2号"


def test_delete_asks_first_and_removes_the_record(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 3)
    w = _window(qtbot, gui_store)
    page = w.page("cases")
    answers = iter([False, True])
    monkeypatch.setattr(register_page, "confirm", lambda *_a: next(answers))
    page.select_row(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert service.count(gui_store, "cases") == 3  # said no
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert service.count(gui_store, "cases") == 2
    assert page.model.rowCount() == 2 and "案卷 2" in w.counts_label.text()
