"""问题整改 batch work and its safe steps (issue 14 points 3, 5): a department and person or a
deadline for several problems at once (a past deadline refused in red), and 整改措施 with a
deadline already past asks before saving."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt

from app.rectify import service as rectify
from tests.ui.rectify_helpers import audited_store
from tests.ui.ui_helpers import answer_confirmations, type_text
from ui.rectify import problem_dialogs


def _page(qtbot, store):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    ids = audited_store(store)
    w = MainWindow(store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w.show_page("problems"), ids


def _select(page, rows: list[int]) -> list[int]:  # type: ignore[no-untyped-def]
    selection = QItemSelection()
    for r in rows:
        selection.select(page.model.index(r, 0), page.model.index(r, page.model.columnCount() - 1))
    page.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    return [int(page.model.problem(r)["id"]) for r in rows]


def test_several_problems_get_one_department_and_person(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page, _ids = _page(qtbot, gui_store)
    chosen = _select(page, [0, 1, 2])
    assert page.assign_button.text() == "指定责任人（3）…"
    dialog = page.assign_selected()
    type_text(qtbot, dialog.dept, "法制科")
    type_text(qtbot, dialog.owner, "王五")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert {(rectify.get_problem(gui_store, i)["dept"], rectify.get_problem(gui_store, i)["owner"])
            for i in chosen} == {("法制科", "王五")}


def test_a_past_deadline_for_several_is_refused_in_red(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page, _ids = _page(qtbot, gui_store)
    chosen = _select(page, [0, 1])
    dialog = page.deadline_selected()
    yesterday = date.today() - timedelta(days=1)
    dialog.deadline.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "早于今天" in dialog.error.text()
    assert all(rectify.get_problem(gui_store, i)["deadline"] is None for i in chosen)
    due = date.today() + timedelta(days=20)
    dialog.deadline.setDate(QDate(due.year, due.month, due.day))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert all(rectify.get_problem(gui_store, i)["deadline"] == due for i in chosen)


def test_a_measure_with_a_past_deadline_asks_first(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, ids = _page(qtbot, gui_store)
    page.select_problem(ids[0])
    asked = answer_confirmations(monkeypatch, problem_dialogs, answer=False)
    dialog = page.set_measure()
    type_text(qtbot, dialog.measure, "补正案卷")
    type_text(qtbot, dialog.owner, "张三")
    past = date.today() - timedelta(days=3)
    dialog.deadline.setDate(QDate(past.year, past.month, past.day))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "早于今天" in asked[0] and dialog.isVisible()
    assert rectify.get_problem(gui_store, ids[0])["measure"] == ""
    answer_confirmations(monkeypatch, problem_dialogs, answer=True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rectify.get_problem(gui_store, ids[0])["deadline"] == past


def test_esc_on_an_edited_step_dialog_asks_first(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.common import discard

    page, ids = _page(qtbot, gui_store)
    page.select_problem(ids[0])
    asked = answer_confirmations(monkeypatch, discard, answer=False)
    dialog = page.set_measure()
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.measure, "补正案卷")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1
    answer_confirmations(monkeypatch, discard, answer=True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rectify.get_problem(gui_store, ids[0])["measure"] == ""
