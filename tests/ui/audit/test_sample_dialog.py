"""抽查 dialog: the same seed draws the same list, another seed another; TSV for Excel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.sampling import population
from tests.ui.audit_helpers import demo_window
from tests.ui.ui_helpers import message_boxes
from ui.audit.sample_dialog import SampleDialog, default_seed


def _draw(qtbot, dialog: SampleDialog) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.done, timeout=20_000)
    assert dialog.task.error is None, dialog.task.error
    return dialog.sample_case_nos()


def test_same_seed_same_list_other_seed_other_list(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, gui_store)
    page = w.show_page("audit")
    qtbot.mouseClick(page.sample_button, Qt.MouseButton.LeftButton)
    dialog = page.sample_dialog
    assert isinstance(dialog, SampleDialog) and dialog.isVisible()
    assert dialog.seed.text() == str(default_seed())
    dialog.n.setValue(20)
    dialog.seed.setText("2019")
    first = _draw(qtbot, dialog)
    assert len(first) == 20 and len(set(first)) == 20
    pop = population(gui_store)
    assert str(len(pop.rows)) in dialog.info.text().replace(",", "")
    assert pop.sha256 in dialog.info.text()
    assert _draw(qtbot, dialog) == first
    dialog.seed.setText("2020")
    assert _draw(qtbot, dialog) != first
    qtbot.mouseClick(dialog.random_button, Qt.MouseButton.LeftButton)
    assert dialog.seed.text().isdigit()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    lines = text.split("\r\n")
    assert lines[0].startswith("抽样方法\t") and "序号\t案号\t当事人\t执法单位\t罚款金额（元）" in lines
    assert len([ln for ln in lines if ln.count("\t") == 4]) == 21


def test_other_methods_and_bad_input(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, gui_store)
    dialog = w.show_page("audit").open_sample()
    dialog.method.setCurrentIndex(dialog.method.findData("fraction"))
    assert dialog.fraction.isVisible() and not dialog.n.isVisible()
    dialog.fraction.setText("10%")
    n = len(_draw(qtbot, dialog))
    assert n == round(len(population(gui_store).rows) * 0.1)
    dialog.method.setCurrentIndex(dialog.method.findData("by_unit"))
    dialog.n.setValue(9)
    assert len(_draw(qtbot, dialog)) == 9 and "按执法单位分层" in dialog.info.text()
    dialog.method.setCurrentIndex(dialog.method.findData("mus"))
    assert 0 < len(_draw(qtbot, dialog)) <= 9 and "金额单位抽样" in dialog.info.text()
    dialog.seed.clear()
    assert dialog.draw() is None
    assert any("随机种子" in b.text() for b in message_boxes())


def test_menu_item_opens_the_sample_dialog(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, gui_store)
    action = next(a for a in w.tools_menu.actions() if a.text() == "抽查…")
    action.trigger()
    page = w.page("audit")
    assert page.sample_dialog is not None and page.sample_dialog.isVisible()
