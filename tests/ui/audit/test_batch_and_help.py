"""The findings page for batch work and its ways out (issue 14 points 3, 5, 8): several findings
confirmed or dismissed at once after one question, the 帮助 of a finding, and a record of its
chain opened for correction on its register page — and back to the chain."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from app.audit import service as audit
from app.rectify.problems import list_problems
from tests.ui.audit_helpers import demo_window, run_from_page
from tests.ui.ui_helpers import answer_confirmations, type_text
from ui.audit import finding_actions
from ui.registers.register_page import RegisterPage
from ui.system.help_window import HelpWindow


def _audited(qtbot, store):  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, store)
    page = w.show_page("audit")
    run_from_page(qtbot, page)
    page.status_combo.setCurrentIndex(page.status_combo.findData("open"))
    return w, page


def _select_rows(page, rows: list[int]) -> None:  # type: ignore[no-untyped-def]
    selection = QItemSelection()
    for r in rows:
        selection.select(page.model.index(r, 0), page.model.index(r, page.model.columnCount() - 1))
    page.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.table.selectionModel().setCurrentIndex(page.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)


def test_three_findings_confirmed_after_one_question(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = answer_confirmations(monkeypatch, finding_actions)
    _w, page = _audited(qtbot, gui_store)
    _select_rows(page, [0, 1, 2])
    ids = page.selected_open_ids()
    assert len(ids) == 3 and page.confirm_button.text() == "确认为问题（3）"
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "选中的 3 条问题线索" in asked[0] and "不能再排除" in asked[0]
    assert sorted(p["finding_id"] for p in list_problems(gui_store)) == sorted(ids)
    assert {audit.get_finding(gui_store, i)["status"] for i in ids} == {"confirmed"}


def test_answering_no_confirms_nothing(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = answer_confirmations(monkeypatch, finding_actions, answer=False)
    _w, page = _audited(qtbot, gui_store)
    _select_rows(page, [0, 1])
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert asked and list_problems(gui_store) == []


def test_two_findings_dismissed_with_one_reason(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _w, page = _audited(qtbot, gui_store)
    _select_rows(page, [0, 3])
    ids = page.selected_open_ids()
    dialog = page.dismiss_current()
    assert dialog is not None and "2 条" in dialog.windowTitle()
    type_text(qtbot, dialog.reason, "经核对属同一笔分期缴款")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    for fid in ids:
        f = audit.get_finding(gui_store, fid)
        assert (f["status"], f["dismiss_reason"]) == ("dismissed", "经核对属同一笔分期缴款")


def test_help_opens_the_entry_of_the_findings_code(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w, page = _audited(qtbot, gui_store)
    page.tree.select_code("TOO_FEW_OFFICERS")
    page.select_row(0)
    qtbot.mouseClick(page.help_button, Qt.MouseButton.LeftButton)
    help_window = w.findChild(HelpWindow, "helpWindow")
    assert help_window is not None and help_window.isVisible()
    text = help_window.current_text()
    assert "执法人员少于两人" in text and "如何整改" in text and "第四十二条" in text
    view = page.open_chain(page.table.currentIndex())
    view.findChild(type(page.help_button), "chainHelp").click()  # the chain view's 帮助: the same entry
    assert "执法人员少于两人" in help_window.current_text()


def test_a_record_of_the_chain_opens_for_correction_and_comes_back(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w, page = _audited(qtbot, gui_store)
    page.tree.select_code("TOO_FEW_OFFICERS")
    page.select_row(0)
    view = page.open_chain(page.table.currentIndex())
    case = view.chain["case"]
    assert view.open_buttons["case"].isEnabled()
    qtbot.mouseClick(view.open_buttons["case"], Qt.MouseButton.LeftButton)
    register = w.stack.currentWidget()
    assert isinstance(register, RegisterPage) and register.kind == "cases"
    form = register.form
    assert form is not None and form.isVisible() and form.record_id == case["id"]
    form.set_text("party", "改正后的当事人")
    assert form.try_save()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is page)
    assert view.chain["case"]["party"] == "改正后的当事人"  # the chain re-read
