"""The detail form: typing into real widgets, 保存, and what reaches the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.records import service
from tests.ui.ui_helpers import type_text
from ui.main_window import MainWindow


def _window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _type(qtbot, form, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, form.editor(name), text)


def test_add_a_case_through_the_form(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert form is not None and form.isVisible()
    _type(qtbot, form, "case_no", "沈浑罚字[2019]第007号")
    _type(qtbot, form, "party", "沈阳某砂石有限公司")
    _type(qtbot, form, "cause", "未经许可在河道管理范围内采砂")
    _type(qtbot, form, "fine_fen", "5000")
    _type(qtbot, form, "decided_on", "2019年3月5日")
    _type(qtbot, form, "officers", "张三(21010012345)、李四")
    _type(qtbot, form, "unit", "沈阳市浑河管理处")
    form.editor("major").setCurrentText("是")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not form.isVisible())
    assert page.model.rowCount() == 1
    fine_col = page.model.column_of("fine_fen")
    assert page.model.index(0, fine_col).data() == "5,000.00"
    assert page.model.index(0, page.model.column_of("officers")).data() == "张三(21010012345)、李四"
    assert page.current_id() is not None  # the new record is selected
    rec = service.get(gui_store, "cases", page.model.record_id(0))
    assert rec["fine_fen"] == 500_000
    assert rec["decided_on"].isoformat() == "2019-03-05"
    assert rec["major"] is True
    assert rec["officers"] == [{"name": "张三", "cert_no": "21010012345"}, {"name": "李四", "cert_no": ""}]
    assert "案卷 1" in w.counts_label.text()


def test_an_impossible_date_is_shown_beside_its_field_and_nothing_is_saved(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    form = page.new_record()
    _type(qtbot, form, "case_no", "沈浑罚字〔2019〕第8号")
    _type(qtbot, form, "decided_on", "2019-02-30")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert form.isVisible()
    message = form.messages["decided_on"]
    assert message.isVisible() and "不存在" in message.text()
    assert "c62828" in message.styleSheet()  # red
    assert "未保存" in form.status.text()
    assert service.count(gui_store, "cases") == 0
    assert page.model.rowCount() == 0

    form.editor("decided_on").clear()
    _type(qtbot, form, "decided_on", "2019-02-28")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert service.count(gui_store, "cases") == 1


def test_a_wrong_id_check_digit_warns_in_orange_but_may_be_saved(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    form = w.show_kind("cases").new_record()
    _type(qtbot, form, "case_no", "沈浑罚字〔2019〕第9号")
    _type(qtbot, form, "party_id", "110105194912310021")  # check digit should be X
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    message = form.messages["party_id"]
    assert message.isVisible() and "e65100" in message.styleSheet()  # orange
    assert form.isVisible() and form.save_button.text() == "仍然保存"
    assert service.count(gui_store, "cases") == 0

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    (rec,) = service.page(gui_store, "cases")
    assert rec["party_id"] == "110105194912310021"


def test_a_duplicate_case_number_is_refused_beside_the_field(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    service.save(gui_store, "cases", {"case_no": "沈浑罚字〔2019〕第10号"})
    w = _window(qtbot, gui_store)
    form = w.show_kind("cases").new_record()
    _type(qtbot, form, "case_no", "沈浑罚字[2019]第010号")  # the same number in another spelling
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "已存在" in form.messages["case_no"].text()
    assert service.count(gui_store, "cases") == 1


def test_double_click_opens_a_record_and_an_edit_is_saved(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    rid = service.save(gui_store, "officers", {"name": "王五", "cert_no": "21010019001", "unit": "浑河管理处",
                                                "valid_to": "2026-05-31"})
    w = _window(qtbot, gui_store)
    page = w.show_kind("officers")
    table = page.table
    rect = table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = page.form
    assert form is not None and form.record_id == rid
    assert form.text("valid_to") == "2026-05-31"
    assert form.text("status") == "有效"
    form.editor("status").setCurrentText("暂扣")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert service.get(gui_store, "officers", rid)["status"] == "暂扣"
    assert page.model.index(0, page.model.column_of("status")).data() == "暂扣"
