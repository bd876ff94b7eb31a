"""An empty store greets the clerk; the demo button fills it on the worker."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.records import service
from ui.main_window import MainWindow


def test_welcome_panel_loads_the_demo_data(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(gui_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.stack.currentWidget() is w.welcome
    assert w.windowTitle().endswith("案卷库.sqlite")
    qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert not w.welcome.demo_button.isEnabled()
    qtbot.waitUntil(lambda: w.demo_task is not None and w.demo_task.done, timeout=20_000)
    counts = service.summary(gui_store)
    assert counts["cases"] >= 300 and counts["receipts"] > 0
    page = w.current_page()
    assert page is not None and page.kind == "cases"
    assert page.model.rowCount() == counts["cases"]
    assert f"案卷 {counts['cases']}" in w.counts_label.text()


def test_a_filled_store_opens_on_the_dashboard(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    """The 首页 (issue 13: the dashboard is the window's first page); the cases are one click away."""
    from ui.campaigns.dashboard_page import DashboardPage

    service.save(gui_store, "cases", {"case_no": "沈浑罚字〔2019〕第1号"})
    w = MainWindow(gui_store)
    qtbot.addWidget(w)
    assert isinstance(w.stack.currentWidget(), DashboardPage) and w.nav.currentRow() == 0
    page = w.show_kind("cases")
    assert page.kind == "cases" and page.model.rowCount() == 1
