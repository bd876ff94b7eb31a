"""The left navigation's work pages: 专项活动 · 倒查 · 评查 (ui/work_pages.py), then 问题整改 · 报告 · 上级汇总.

The window asks this module for the list and the builder, so adding pages does not touch the
existing ones; like them, these are built on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ui import work_pages
from ui.work_pages import install_tools_menu

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = ["WORK_PAGES", "build_page", "install_tools_menu"]

RECTIFY_PAGES = (("problems", "问题整改"), ("reports", "报告"), ("bureau", "上级汇总"))
WORK_PAGES = (*work_pages.WORK_PAGES, *RECTIFY_PAGES)


def build_page(key: str, window: MainWindow) -> QWidget:
    if key == "problems":
        from ui.problems_page import ProblemsPage

        page: Any = ProblemsPage(window.store, window, operator=window.operator)
    elif key == "reports":
        from ui.reports_page import ReportsPage

        page = ReportsPage(window.store, window, operator=window.operator)
    elif key == "bureau":
        from ui.bureau_page import BureauPage

        page = BureauPage(window.store, window, operator=window.operator)
    else:
        return work_pages.build_page(key, window)
    page.changed.connect(window.update_counts)
    return page
