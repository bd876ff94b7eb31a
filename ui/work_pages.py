"""The work pages after the registers in the left navigation — 专项活动 · 倒查 · 评查 — and the
工具 menu (抽查…, 节假日数据…). Built on first use, so the window starts as fast as before."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

WORK_PAGES = (("campaigns", "专项活动"), ("audit", "倒查"), ("review", "评查"))


def build_page(key: str, window: MainWindow) -> QWidget:
    if key == "campaigns":
        from ui.campaign_page import CampaignPage

        page: Any = CampaignPage(window.store, window, operator=window.operator)
    elif key == "audit":
        from ui.audit_page import AuditPage

        page = AuditPage(window.store, window, operator=window.operator)
    elif key == "review":
        from ui.review_page import ReviewPage

        page = ReviewPage(window.store, window, operator=window.operator)
    else:
        raise KeyError(key)
    if hasattr(page, "changed"):
        page.changed.connect(window.update_counts)
    return page


def install_tools_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("工具(&T)")
    sample = QAction("抽查…", window)
    sample.setObjectName("sampleAction")
    sample.triggered.connect(lambda: window.work_page("audit").open_sample())
    menu.addAction(sample)
    calendar = QAction("节假日数据…", window)
    calendar.setObjectName("calendarAction")
    calendar.triggered.connect(lambda: open_calendar(window))
    menu.addAction(calendar)
    window.tools_menu = menu


def open_calendar(window: MainWindow) -> QWidget:
    from PySide6.QtCore import Qt

    from ui.calendar_dialog import CalendarDialog

    dialog = CalendarDialog(window.store, window, operator=window.operator)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.calendar_dialog = dialog
    dialog.open()
    return dialog
