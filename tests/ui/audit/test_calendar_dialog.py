"""节假日数据 dialog: an impossible date is refused and nothing saved; a good year is saved and
the audit stops falling back to weekends for it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.audit import calendar_service
from app.records import service as records
from tests.ui.audit_helpers import demo_window
from tests.ui.ui_helpers import type_text
from ui.audit.calendar_dialog import CalendarDialog


def _dialog(qtbot, store) -> CalendarDialog:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, store)
    action = next(a for a in w.tools_menu.actions() if a.text() == "节假日数据…")
    action.trigger()
    dialog = w.calendar_dialog
    assert isinstance(dialog, CalendarDialog) and dialog.isVisible()
    return dialog


def test_impossible_date_is_refused(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, gui_store)
    dialog.year.setValue(2027)
    assert "无数据" in dialog.state.text()
    type_text(qtbot, dialog.holidays, "2027-01-01")
    dialog.holidays.appendPlainText("2027-02-30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "2027-02-30" in dialog.error.text() and "日期不存在" in dialog.error.text()
    assert calendar_service.show_year(gui_store, 2027)["origin"] == "fallback"
    dialog.holidays.setPlainText("2027-01-01")
    dialog.workdays.setPlainText("2027-01-04")  # a Monday: not an adjusted weekend
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "本来就是工作日" in dialog.error.text()


def test_a_year_added_by_hand_ends_the_fallback_notice(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.audit_helpers import run_from_page

    w = demo_window(qtbot, gui_store)
    records.save(gui_store, "cases", {"case_no": "沈水罚字〔2027〕第1号", "party": "张三", "fine_fen": "500",
                                      "filed_on": "2027-02-01", "decided_on": "2027-03-01",
                                      "published_on": "2027-03-20", "unit": "沈阳市浑河管理处"})
    page = w.show_page("audit")
    from PySide6.QtCore import QDate

    page.as_of.setDate(QDate(2027, 12, 31))
    run_from_page(qtbot, page)
    assert page.notice.isVisible() and "2027 年无节假日数据，按仅周末计算" in page.notice.text()
    action = next(a for a in w.tools_menu.actions() if a.text() == "节假日数据…")
    action.trigger()
    dialog = w.calendar_dialog
    dialog.year.setValue(2027)
    dialog.holidays.setPlainText("2027年1月1日、2027/2/6 2027-02-07\n2027-02-08")
    dialog.workdays.setPlainText("2027-02-14")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    data = calendar_service.show_year(gui_store, 2027)
    assert data["origin"] == "store" and "2027-02-07" in data["holidays"] and data["workdays"] == ["2027-02-14"]
    run_from_page(qtbot, page)
    assert not page.notice.isVisible()
