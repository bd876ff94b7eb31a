"""专项活动 page, 进度与报送 entered in the window: a phase, a milestone, a submission expected and
one received with its file (kept by SHA-256) — each refusal shown in the dialog, which stays open
and writes nothing; each write announced so the 首页 refreshes. Screenshots at 1366×768 when
CASEAUDIT_SCREENSHOTS names a folder."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.audit.service import run_audit
from app.campaigns.phases import list_milestones, list_phases
from app.campaigns.submissions import list_submissions
from tests.campaigns.builders import AS_OF, DASHBOARD_DAY, FOREST, WATER, campaign_with_work, fill
from tests.ui.ui_helpers import click_check, type_text
from ui.campaigns.campaign_page import CampaignPage
from ui.common.events import Events
from ui.common.fonts import install_fonts

SHOTS = os.environ.get("CASEAUDIT_SCREENSHOTS")


def shot(widget: QWidget, name: str) -> None:
    """The dialog as the clerk sees it, for a person to look at."""
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _page(qtbot, store, tmp_path: Path) -> tuple[CampaignPage, list[str], int]:  # type: ignore[no-untyped-def]
    fill(store)
    run_audit(store, as_of=AS_OF)
    cid, _zero, _late = campaign_with_work(store, tmp_path)
    if SHOTS:
        install_fonts(QApplication.instance())  # type: ignore[arg-type]
    events = Events()
    heard: list[str] = []
    events.changed.connect(heard.append)
    page = CampaignPage(store, events=events)
    qtbot.addWidget(page)
    page.as_of = DASHBOARD_DAY
    page.schedule_actions.today = date(2022, 9, 10)
    page.refresh()
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page, heard, cid


def _date(edit, d: date) -> None:  # type: ignore[no-untyped-def]
    edit.setDate(QDate(d.year, d.month, d.day))


def _ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_add_a_phase_refused_then_added(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, heard, cid = _page(qtbot, gui_store, tmp_path)
    qtbot.mouseClick(page.schedule_actions.phase_button, Qt.MouseButton.LeftButton)
    dialog = page.schedule_actions.dialog
    assert dialog is not None and dialog.isVisible()
    # the plans' names not yet used are offered; 自评自改 … are taken
    offered = [dialog.name.itemText(i) for i in range(dialog.name.count())]
    assert "总评考核" in offered and "自评自改" not in offered
    dialog.name.setCurrentText("总评考核")
    _date(dialog.date_from, date(2022, 10, 31))
    _date(dialog.date_to, date(2022, 10, 1))
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "结束日期 2022-10-01 早于开始日期 2022-10-31" in dialog.error.text()
    assert len(list_phases(gui_store, campaign_id=cid)) == 3 and heard == []
    _date(dialog.date_to, date(2022, 11, 30))
    click_check(qtbot, dialog.has_deadline)
    _date(dialog.deadline, date(2022, 11, 25))
    shot(dialog, "campaign_add_phase")
    _ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error.text()
    phases = list_phases(gui_store, campaign_id=cid)
    assert phases[-1]["name"] == "总评考核" and phases[-1]["report_deadline"] == date(2022, 11, 25)
    table = page.schedule.phases
    assert table.item(table.rowCount() - 1, 0).text() == "总评考核"
    assert table.item(table.rowCount() - 1, 2).text() == "2022-11-25"
    assert heard == ["campaign"]


def test_add_a_milestone_within_a_phase(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, heard, cid = _page(qtbot, gui_store, tmp_path)
    dialog = page.schedule_actions.add_milestone()
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == "节点事项不能为空。"
    type_text(qtbot, dialog.title, "完成工作专班的设立")
    _date(dialog.due, date(2022, 9, 16))
    dialog.phase.setCurrentText("提升整改")
    shot(dialog, "campaign_add_milestone")
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    added = [m for m in list_milestones(gui_store, campaign_id=cid) if m["title"] == "完成工作专班的设立"]
    assert added and added[0]["phase"] == "提升整改" and added[0]["due_on"] == date(2022, 9, 16)
    assert "09月16日 完成工作专班的设立" in page.schedule.summary.text()  # due this week
    assert heard == ["campaign"]


def test_expect_a_submission_from_the_ticked_units(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, heard, cid = _page(qtbot, gui_store, tmp_path)
    dialog = page.schedule_actions.expect()
    units = [dialog.units.item(i).text() for i in range(dialog.units.count())]
    assert sorted(units) == sorted([WATER, FOREST])  # the campaign's units, all ticked
    assert all(dialog.units.item(i).checkState() == Qt.CheckState.Checked for i in range(len(units)))
    dialog.kind.setCurrentText("统计表")
    _date(dialog.due, date(2022, 12, 10))
    dialog.units.item(units.index(FOREST)).setCheckState(Qt.CheckState.Unchecked)
    shot(dialog, "campaign_expect_submission")
    _ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error.text()
    rows = list_submissions(gui_store, campaign_id=cid, kind="统计表")
    assert [(r["unit"], r["due_on"]) for r in rows] == [(WATER, date(2022, 12, 10))]
    # the same again is refused in the dialog, naming the unit; nothing is added
    again = page.schedule_actions.expect()
    again.kind.setCurrentText("统计表")
    _date(again.due, date(2022, 12, 10))
    _ok(qtbot, again)
    assert again.isVisible() and f"{WATER} 的「统计表」（2022-12-10 前报送）已经登记" in again.error.text()
    assert len(list_submissions(gui_store, campaign_id=cid, kind="统计表")) == 1
    for i in range(again.units.count()):
        again.units.item(i).setCheckState(Qt.CheckState.Unchecked)
    _ok(qtbot, again)
    assert again.isVisible() and again.error.text() == "请至少勾选一个报送单位。"
    assert heard == ["campaign"]


def test_receive_a_submission_with_its_file(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, heard, cid = _page(qtbot, gui_store, tmp_path)
    view, actions = page.schedule, page.schedule_actions
    assert not actions.receive_button.isEnabled()  # nothing chosen yet
    row = next(r for r in range(view.submissions.rowCount())
               if view.submissions.item(r, 1).text() == "问题清单" and view.submissions.item(r, 3).text().startswith("逾期未报"))
    late = view.submissions.item(row, 0).text()
    view.submissions.selectRow(row)
    assert actions.receive_button.isEnabled()
    qtbot.mouseClick(actions.receive_button, Qt.MouseButton.LeftButton)
    dialog = actions.dialog
    assert dialog is not None and dialog.has_count.isChecked()  # a 问题清单 reports a count
    dialog.by.clear()
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "须写明接收人" in dialog.error.text()
    report = tmp_path / "单位问题清单.xlsx"
    report.write_bytes(b"PK\x03\x04 a unit's list" * 40)
    type_text(qtbot, dialog.by, "王维维")
    dialog.file.setText(str(report))
    dialog.count.setValue(3)
    _date(dialog.on, date(2022, 9, 10))
    shot(dialog, "campaign_receive_submission")
    _ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error.text()
    got = next(r for r in list_submissions(gui_store, campaign_id=cid, unit=late) if r["kind"] == "问题清单")
    assert got["received_by"] == "王维维" and got["problem_count"] == 3 and got["status"] == "逾期报送"
    assert got["sha256"] == hashlib.sha256(report.read_bytes()).hexdigest()
    shown = {(view.submissions.item(r, 0).text(), view.submissions.item(r, 1).text()): r
             for r in range(view.submissions.rowCount())}[(late, "问题清单")]
    assert view.submissions.item(shown, 5).text() == "王维维"
    assert view.submissions.item(shown, 7).text() == f"单位问题清单.xlsx · {got['sha256'][:12]}…"
    assert heard == ["campaign"]
    # received already: the button is off for that row
    view.submissions.selectRow(shown)
    assert not actions.receive_button.isEnabled()
    assert f"逾期单位：{late}" in view.summary.text()  # received after the due date: still late
