"""The window's register and process pages under login: the 录入员's buttons are greyed out for
every other role, with a tooltip naming the 录入员, and stay so when the page turns them on by
selection; for the 录入员 they work as before, and so they do on a store without accounts.
Printing and exporting stay open to all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from app.store import Store, open_store
from tests.accounts.conftest import log_in_as


def _pages(store: Store) -> list[QWidget]:
    from ui.process.records_page import RecordsPage
    from ui.process.tasks_page import TasksPage
    from ui.registers.complaints_page import ComplaintsPage
    from ui.registers.register_page import RegisterPage
    from ui.registers.surveys_page import SurveysPage
    from ui.registers.visits_page import VisitsPage

    return [ComplaintsPage(store), VisitsPage(store), SurveysPage(store), RegisterPage(store, "cases"),
            RecordsPage(store), TasksPage(store)]


def _button(pages: list[QWidget], name: str) -> QPushButton:
    found = [b for page in pages for b in page.findChildren(QPushButton) if b.objectName() == name or b.text() == name]
    assert len(found) == 1, name
    return found[0]


CLERKS = ("addComplaint", "drawButton", "createSurvey", "新增", "addRecord", "attachFolder", "importTasks",
          "addTaskProgress")
OPEN = ("ledgerXlsx", "summaryButton", "exportTasks")


def test_a_leader_sees_the_clerks_buttons_disabled_naming_the_role(qtbot, office: Store) -> None:  # type: ignore[no-untyped-def]
    log_in_as(office, "赵局长")
    pages = _pages(office)
    for page in pages:
        qtbot.addWidget(page)
    for name in CLERKS:
        button = _button(pages, name)
        assert not button.isEnabled(), name
        assert "录入员" in button.toolTip(), name
        button.setEnabled(True)  # as a page does on a selection: the gate turns it off again
        assert not button.isEnabled(), name
    assert all(_button(pages, name).isEnabled() for name in OPEN)
    assert not _button(pages, "saveRecordingList").isEnabled()  # an office setting: the 管理员's


def test_the_clerk_has_them(qtbot, office: Store) -> None:  # type: ignore[no-untyped-def]
    log_in_as(office, "李录入")
    pages = _pages(office)
    for page in pages:
        qtbot.addWidget(page)
    assert all(_button(pages, name).isEnabled() for name in CLERKS)
    assert _button(pages, "导入…").isEnabled()  # records.import is the 录入员's too


def test_without_accounts_every_button_is_as_before(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "one-desk.sqlite")
    try:
        pages = _pages(store)
        for page in pages:
            qtbot.addWidget(page)
        assert all(_button(pages, name).isEnabled() for name in (*CLERKS, "saveRecordingList"))
        assert not any("录入员" in _button(pages, name).toolTip() for name in CLERKS)
    finally:
        for page in pages:
            page.close()
        store.close()
