"""首页 (dashboard) with pytest-qt: the first page of the window, its figures as the service gives
them, refreshed when a problem changes; a screenshot at 1366×768 for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.audit.service import run_audit
from app.campaigns.dashboard import dashboard
from app.rectify.service import add_problem
from tests.campaigns.builders import AS_OF, DASHBOARD_DAY, campaign_with_work, fill
from ui.campaigns.dashboard_page import DashboardPage
from ui.common.events import Events
from ui.common.fonts import install_fonts
from ui.main_window import MainWindow

SHOTS = Path(os.environ.get("CASEAUDIT_SCREENSHOTS", "")) if os.environ.get("CASEAUDIT_SCREENSHOTS") else None


def _filled(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(store)
    run_audit(store, as_of=AS_OF)
    campaign_with_work(store, tmp_path)


def test_the_dashboard_is_the_first_page(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(gui_store, operator="测试员")
    qtbot.addWidget(w)
    assert w.nav.item(0).text() == "首页"
    w.nav.setCurrentRow(0)
    assert isinstance(w.stack.currentWidget(), DashboardPage)


def test_the_dashboard_shows_the_services_figures(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _filled(gui_store, tmp_path)
    if SHOTS is not None:  # a picture for a person: with the CJK font the window itself installs
        install_fonts(QApplication.instance())  # type: ignore[arg-type]
    events = Events()
    page = DashboardPage(gui_store, events=events, as_of=DASHBOARD_DAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    d = dashboard(gui_store, as_of=DASHBOARD_DAY)
    assert "行政执法突出问题集中整治" in page.heading.text() and "提升整改" in page.phase.text()
    assert page.tiles["found"].number.text() == str(d.status.found)
    assert page.tiles["rectified"].number.text() == "2" and page.tiles["supervised"].number.text() == "2"
    assert page.tiles["overdue"].number.text() == str(d.status.overdue)
    assert [v for _, v in page.by_category.rows] == [c.value for c in d.by_category]
    assert sum(s.value for s in page.progress.segments) == d.status.found
    assert "销号率" in page.progress.headline
    items = [page.deadlines.item(i).text() for i in range(page.deadlines.count())]
    assert any(t.startswith("★") and "第二次督导" in t for t in items)
    assert "逾期单位" in page.units.text() and "问题零报告" in page.units.text()

    image = page.grab()
    assert (image.width(), image.height()) == (1366, 768)
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SHOTS / "dashboard_1366x768.png"))

    before = int(page.tiles["found"].number.text())
    add_problem(gui_store, category="执法不规范", manifestation="现场检查未出示执法证件", unit="县水利局")
    events.announce("problems")
    QApplication.processEvents()
    assert page.tiles["found"].number.text() == str(before + 1)
