"""问题整改 page: filters against the service, overdue rows in red, 挂牌督办, the step dialogs
(整改措施, 销号 refused without evidence, 记录进展, 分类处置), the detail with SHA-256 prefixes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QColor

from app.rectify import service as rectify
from tests.ui.rectify_helpers import audited_store
from tests.ui.ui_helpers import click_check, type_text
from ui.rectify.evidence_dialogs import NO_APPROVER, NO_EVIDENCE
from ui.rectify.problems_model import COLUMNS, OVERDUE_COLOUR, YELLOW_COLOUR, ProblemsModel

STATUS_COL = [name for name, _l in COLUMNS].index("status")


@pytest.fixture
def problems(gui_store):  # type: ignore[no-untyped-def]
    ids = audited_store(gui_store)
    past = date.today() - timedelta(days=5)
    for pid in ids[:3]:
        rectify.set_measure(gui_store, pid, measure="补正案卷", dept="法制科", owner="张三", deadline=past)
    rectify.set_measure(gui_store, ids[3], measure="补录台账", dept="财务科", owner="李四",
                        deadline=date.today() + timedelta(days=30))
    return ids


@pytest.fixture
def page(qtbot, gui_store, problems):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(gui_store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w.show_page("problems")


def rows(page) -> int:  # type: ignore[no-untyped-def]
    return page.model.rowCount()


def test_navigation_lists_problems_and_reports_after_review(page) -> None:  # type: ignore[no-untyped-def]
    window = page.window()
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    review = labels.index("评查")
    assert labels[review + 1] == "问题整改" and labels.index("报告") > review + 1
    assert window.stack.currentWidget() is page


def test_filters_match_the_service(qtbot, page, gui_store, problems) -> None:  # type: ignore[no-untyped-def]
    assert rows(page) == len(rectify.list_problems(gui_store)) == len(problems)
    page.status_combo.setCurrentIndex(page.status_combo.findData("整改中"))
    assert rows(page) == len(rectify.list_problems(gui_store, status="整改中")) == 4
    page.status_combo.setCurrentIndex(page.status_combo.findData("待整改"))
    assert rows(page) == len(rectify.list_problems(gui_store, status="待整改")) == len(problems) - 4
    page.status_combo.setCurrentIndex(0)
    click_check(qtbot, page.overdue_check)
    assert page.overdue_check.isChecked()
    assert rows(page) == len(rectify.list_problems(gui_store, overdue=True)) == 3
    assert "逾期 3 条" in page.count_label.text()
    page.overdue_check.setChecked(False)
    unit = page.unit_combo.itemData(1)
    page.unit_combo.setCurrentIndex(1)
    assert rows(page) == len(rectify.list_problems(gui_store, unit=unit)) > 0
    page.unit_combo.setCurrentIndex(0)
    category = "执法不规范"
    page.category_combo.setCurrentIndex(page.category_combo.findData(category))
    assert rows(page) == len(rectify.list_problems(gui_store, category=category)) > 0


def test_overdue_rows_are_yellow_supervised_past_its_deadline_red(qtbot, page, gui_store, problems) -> None:  # type: ignore[no-untyped-def]
    first = page.model.index(0, STATUS_COL)
    assert "逾期" in first.data()  # five days late: a yellow warning
    assert first.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(YELLOW_COLOUR)
    later = page.model.index(3, STATUS_COL)
    assert "逾期" not in later.data()
    qtbot.mouseClick(page.supervised_button, Qt.MouseButton.LeftButton)
    assert rows(page) == 0  # overdue is not 挂牌督办: nobody has decided yet
    today = date.today()
    rectify.add_disposition(gui_store, problems[3], kind="挂牌督办", decided_by="领导小组", on=today - timedelta(days=9),
                            deadline=today - timedelta(days=2))
    rectify.add_disposition(gui_store, problems[4], kind="挂牌督办", decided_by="领导小组", on=today,
                            deadline=today + timedelta(days=20))
    page.apply_filters()
    expected = [p["id"] for p in rectify.supervised(gui_store)]
    assert [page.model.problem_id(r) for r in range(rows(page))] == expected == [problems[3], problems[4]]
    red, waiting = page.model.index(0, STATUS_COL), page.model.index(1, STATUS_COL)
    assert red.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(OVERDUE_COLOUR)  # past its own deadline
    assert "挂牌督办" in red.data() and "督办时限" in red.data(Qt.ItemDataRole.ToolTipRole)
    assert QColor(waiting.data(Qt.ItemDataRole.ForegroundRole).color()) not in (QColor(OVERDUE_COLOUR),
                                                                             QColor(YELLOW_COLOUR))
    assert not page.overdue_check.isEnabled()


def test_set_measure_through_the_dialog(qtbot, page, gui_store, problems) -> None:  # type: ignore[no-untyped-def]
    pid = problems[10]
    assert page.select_problem(pid)
    dialog = page.set_measure()
    type_text(qtbot, dialog.measure, "组织全员学习处罚程序，补正送达回证")
    dialog.dept.clear()
    type_text(qtbot, dialog.dept, "法制科")
    type_text(qtbot, dialog.owner, "王五")
    dialog.deadline.setDate(QDate(2026, 12, 31))
    type_text(qtbot, dialog.timetable, "12月底前整改到位")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    p = rectify.get_problem(gui_store, pid)
    assert (p["measure"], p["dept"], p["owner"], p["deadline"], p["status"], p["timetable"]) == (
        "组织全员学习处罚程序，补正送达回证", "法制科", "王五", date(2026, 12, 31), "整改中", "12月底前整改到位")
    assert page.current_id() == pid  # still selected after the refresh


def test_measure_refusal_is_shown_in_the_dialog(qtbot, page, gui_store, problems) -> None:  # type: ignore[no-untyped-def]
    page.select_problem(problems[12])
    dialog = page.set_measure()
    dialog.dept.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "整治措施" in dialog.error.text() and "不能为空" in dialog.error.text()
    assert rectify.get_problem(gui_store, problems[12])["status"] == "待整改"


def test_close_refused_without_evidence_then_closed_with_a_file(qtbot, page, gui_store, problems,
                                                                 tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.ui_helpers import answer_confirmations
    from ui.rectify import evidence_dialogs

    asked = answer_confirmations(monkeypatch, evidence_dialogs)  # 销号 asks once, after the refusals
    pid = problems[3]
    before = rectify.get_problem(gui_store, pid)
    page.select_problem(pid)
    dialog = page.close_problem()
    type_text(qtbot, dialog.approver, "赵局长")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == NO_EVIDENCE
    assert rectify.get_problem(gui_store, pid) == before

    evidence = tmp_path / "整改佐证材料.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% evidence of rectification\n")
    dialog.add_files([evidence])
    dialog.approver.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == NO_APPROVER
    assert rectify.get_problem(gui_store, pid) == before

    type_text(qtbot, dialog.approver, "赵局长")
    assert asked == []  # not asked while it would be refused anyway
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(asked) == 1 and f"#{pid}" in asked[0] and "不能再修改" in asked[0]
    after = rectify.get_problem(gui_store, pid)
    assert (after["status"], after["approver"]) == ("已销号", "赵局长")
    sha = after["close_evidence"][0]["sha256"]
    assert not page.close_button.isEnabled() and not page.measure_button.isEnabled()

    detail = page.open_detail(page.table.currentIndex())
    assert detail.close_table.rowCount() == 1
    assert detail.close_table.item(0, 0).text() == "整改佐证材料.pdf"
    assert detail.close_table.item(0, 1).text() == sha[:12] + "…"
    assert "赵局长" in detail.close_label.text()


def test_service_refusal_shown_by_the_close_dialog(qtbot, page, gui_store, problems, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pid = problems[20]  # no measure yet: 不解决不销号
    page.select_problem(pid)
    dialog = page.close_problem()
    evidence = tmp_path / "材料.jpg"
    evidence.write_bytes(b"jpeg")
    dialog.add_files([evidence])
    type_text(qtbot, dialog.approver, "赵局长")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "尚未制定整改措施" in dialog.error.text()
    assert rectify.get_problem(gui_store, pid)["status"] == "待整改"


def test_progress_with_evidence_and_opening_it(qtbot, page, gui_store, problems, tmp_path,
                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = problems[0]
    page.select_problem(pid)
    dialog = page.add_progress()
    type_text(qtbot, dialog.note, "已完成案卷补正")
    evidence = tmp_path / "补正记录.docx"
    evidence.write_bytes(b"progress evidence")
    dialog.set_file(evidence)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    entry = rectify.get_problem(gui_store, pid)["progress"][0]
    assert entry["note"] == "已完成案卷补正" and entry["operator"] == "测试员"

    opened: list[str] = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    detail = page.open_detail(page.table.currentIndex())
    assert detail.progress_table.item(0, 1).text() == "已完成案卷补正"
    assert entry["evidence"][0]["sha256"][:12] in detail.progress_table.item(0, 3).text()
    qtbot.mouseClick(detail.open_buttons[0], Qt.MouseButton.LeftButton)
    assert opened == [entry["evidence"][0]["path"]]
    assert Path(opened[0]).read_bytes() == b"progress evidence"


def test_disposition_and_manual_problem(qtbot, page, gui_store, problems) -> None:  # type: ignore[no-untyped-def]
    pid = problems[1]
    page.select_problem(pid)
    dialog = page.add_disposition()
    dialog.kind.setCurrentText("诫勉谈话")
    dialog.referral.setCurrentIndex(dialog.referral.findData("纪检监察机关"))
    dialog.people.setValue(2)
    dialog.sanctions.setValue(1)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    d = rectify.get_problem(gui_store, pid)["dispositions"][0]
    assert (d["kind"], d["referral"], d["people_handled"], d["sanctions"]) == ("诫勉谈话", "纪检监察机关", 2, 1)

    count = rows(page)
    dialog = page.add_problem()
    dialog.category.setCurrentText("执法不文明")
    type_text(qtbot, dialog.manifestation, "执法人员态度粗暴（群众投诉）")
    dialog.source.setCurrentIndex(dialog.source.findData("complaint"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rows(page) == count + 1
    new = rectify.list_problems(gui_store)[-1]
    assert (new["category"], new["manifestation"], new["source"]) == ("执法不文明", "执法人员态度粗暴（群众投诉）",
                                                                      "complaint")


def test_model_passes_the_model_tester(qtmodeltester, gui_store, problems) -> None:  # type: ignore[no-untyped-def]
    model = ProblemsModel(gui_store, page_size=10)
    assert model.rowCount() == 10 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == len(problems)
    model.set_filter(status="整改中")
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 4


def test_supervision_is_decided_in_the_disposition_dialog(qtbot, page, gui_store, problems) -> None:  # type: ignore[no-untyped-def]
    pid = problems[2]
    page.select_problem(pid)
    dialog = page.add_disposition()
    assert not dialog.deadline.isEnabled() and not dialog.officer.isEnabled()
    dialog.kind.setCurrentText("挂牌督办")
    assert dialog.deadline.isEnabled() and dialog.decided_by.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "决定人" in dialog.error.text()  # refused, nothing written
    type_text(qtbot, dialog.decided_by, "领导小组")
    dialog.deadline.setDate(QDate.currentDate().addDays(15))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    sup = rectify.supervised(gui_store)
    assert [(p["id"], p["decided_by"], p["supervision_deadline"]) for p in sup] == [
        (pid, "领导小组", date.today() + timedelta(days=15))]
