"""问题整改 page, 专项工作 ▾: issue 监督函 and 移送函 from the dispositions not yet sent (numbered
from the office's sequence, listed, opened; a changed file named), a 通报 from the typical-case
register entered from the chosen problem, a unit's 一票否决, and a unit's Excel 问题清单 imported
with the self-reported vs found comparison. Refusals are shown in the dialogs, which stay open."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from app.campaigns import create_campaign
from app.office import set_office_info
from app.rectify import service as rectify
from app.rectify.registers import assessments, list_typical_cases
from app.reports.docnumbers import list_documents
from tests.reports.helpers import pdftext, squeeze
from tests.ui.rectify_helpers import audited_store
from tests.ui.ui_helpers import type_text
from ui.common.events import Events
from ui.common.fonts import install_fonts
from ui.rectify.documents_dialog import DocumentsDialog
from ui.rectify.problems_page import ProblemsPage
from ui.rectify.registers_dialogs import AssessmentDialog, TypicalCasesDialog
from ui.rectify.unit_report_dialog import UnitReportDialog
from ui.reports.preview_dialog import PreviewDialog

SHOTS = os.environ.get("CASEAUDIT_SCREENSHOTS")
DAY = date(2024, 7, 10)


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _page(qtbot, store) -> tuple[ProblemsPage, list[str]]:  # type: ignore[no-untyped-def]
    if SHOTS:
        install_fonts(QApplication.instance())  # type: ignore[arg-type]
    events = Events()
    heard: list[str] = []
    events.changed.connect(heard.append)
    page = ProblemsPage(store, events=events, operator="测试员")
    qtbot.addWidget(page)
    page.tools.today = DAY
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page, heard


@pytest.fixture
def disposed(gui_store):  # type: ignore[no-untyped-def]
    """Two problems of one unit to receive a 监督函, one referred to 纪检监察机关."""
    ids = audited_store(gui_store)
    set_office_info(gui_store, office_name="沈阳市水务局", principal_leader="李局长", doc_prefix="沈水依法办发")
    problems = rectify.list_problems(gui_store)
    unit = next(p["unit"] for p in problems if p["unit"])
    mine = [p["id"] for p in problems if p["unit"] == unit][:2]
    for pid in mine:
        rectify.add_disposition(gui_store, pid, kind="行政执法监督函", on=DAY)
    other = next(pid for pid in ids if pid not in mine)
    rectify.add_disposition(gui_store, other, kind="约谈", referral="纪检监察机关", on=DAY)
    return unit, mine, other


def test_issue_letters_list_and_open_them(qtbot, gui_store, disposed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unit, mine, other = disposed
    page, heard = _page(qtbot, gui_store)
    assert page.select_problem(mine[0])
    d = page.tools.documents()
    assert isinstance(d, DocumentsDialog) and d.isVisible()
    assert d.unit.currentText() == unit  # the chosen problem's unit
    d.folder_edit.setText(str(tmp_path))
    d.kind.setCurrentIndex(d.kind.findData("监督函"))
    assert f"将列入 2 个尚未发文的问题：#{mine[0]}" in d.pending.text() and f"#{mine[1]}" in d.pending.text()
    _shot(d, "documents_dialog")
    qtbot.mouseClick(d.issue_button, Qt.MouseButton.LeftButton)
    assert d.error.isHidden(), d.error.text()
    docs = list_documents(gui_store)
    assert [(x["kind"], x["doc_no"], x["problem_ids"]) for x in docs] == [
        ("行政执法监督函", "沈水依法办发〔2024〕1号", sorted(mine))]
    assert d.table.rowCount() == 1 and d.table.item(0, 0).text() == "沈水依法办发〔2024〕1号"
    out = tmp_path / d.table.item(0, 5).text()
    text = squeeze(pdftext(out))
    assert "沈水依法办发〔2024〕1号" in text and "整改不到位问题的监督函" in text
    assert isinstance(d.preview, PreviewDialog) and d.preview.preview.page_count >= 1
    assert heard == ["reports", "problems"]
    # sent already: nothing pending, refused in the dialog, no number spent
    assert "暂不能发文：没有处置为「行政执法监督函」且尚未发文的问题" in d.pending.text()
    qtbot.mouseClick(d.issue_button, Qt.MouseButton.LeftButton)
    assert d.isVisible() and "没有处置为「行政执法监督函」且尚未发文的问题" in d.error.text()
    assert "先在问题整改页用「分类处置…」记录处置" in d.error.text() and "--problem" not in d.error.text()
    assert len(list_documents(gui_store)) == 1
    # 移送函 to the body the problem was referred to
    d.kind.setCurrentIndex(d.kind.findData("移送函"))
    d.unit.setCurrentText("")
    d.to.setCurrentText("纪检监察机关")
    assert f"将列入 1 个尚未发文的问题：#{other}" in d.pending.text()
    qtbot.mouseClick(d.issue_button, Qt.MouseButton.LeftButton)
    assert [x["doc_no"] for x in list_documents(gui_store)] == ["沈水依法办发〔2024〕1号", "沈水依法办发〔2024〕2号"]
    # a 通报 needs the typical-case register
    d.kind.setCurrentIndex(d.kind.findData("通报"))
    qtbot.mouseClick(d.issue_button, Qt.MouseButton.LeftButton)
    assert "典型案例登记中没有案例" in d.error.text() and len(list_documents(gui_store)) == 2
    assert "专项工作 ▸ 典型案例登记…" in d.error.text()
    # open the first again; then a changed file is named
    d.table.selectRow(0)
    assert d.open_selected() == out and d.error.isHidden()
    out.write_bytes(out.read_bytes() + b"\n% changed")
    d.open_selected()
    assert "与 沈水依法办发〔2024〕1号 发文时登记的文件不一致" in d.error.text()
    preview = d.preview.preview  # one preview window, showing the file last opened
    assert preview.path == out
    qtbot.waitUntil(lambda: 0 in preview.rendered_pages(), timeout=10_000)


def test_typical_case_from_the_problem_feeds_a_notice(qtbot, gui_store, disposed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unit, mine, _other = disposed
    page, heard = _page(qtbot, gui_store)
    page.select_problem(mine[0])
    problem = rectify.get_problem(gui_store, mine[0])
    d = page.tools.typical_cases()
    assert isinstance(d, TypicalCasesDialog)
    assert d.unit.text() == unit and d.case_no.text() == (problem["case_no"] or "")
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    assert d.isVisible() and "典型案例须写明标题" in d.error.text() and not list_typical_cases(gui_store)
    type_text(qtbot, d.title, "罚款未入账案")
    d.summary.setPlainText("罚没款收据未入账，票据缺号两份。")
    type_text(qtbot, d.handling, "责令补缴并约谈负责人")
    _shot(d, "typical_cases_dialog")
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    cases = list_typical_cases(gui_store)
    assert [(c["title"], c["unit"], c["problem_id"]) for c in cases] == [("罚款未入账案", unit, mine[0])]
    assert d.table.rowCount() == 1 and d.table.item(0, 1).text() == "罚款未入账案"
    assert heard == ["problems"]
    d.close()
    docs = page.tools.documents()
    docs.folder_edit.setText(str(tmp_path))
    docs.kind.setCurrentIndex(docs.kind.findData("通报"))
    assert docs.pending.text() == "将通报典型案例 1 起：罚款未入账案"
    record = docs.issue()
    assert record is not None and record["kind"] == "通报"
    assert "罚款未入账案" in squeeze(pdftext(tmp_path / record["file_name"]))
    qtbot.waitUntil(lambda: 0 in docs.preview.preview.rendered_pages(), timeout=10_000)


def test_unit_assessment_refused_then_recorded(qtbot, gui_store, disposed) -> None:  # type: ignore[no-untyped-def]
    unit, mine, _other = disposed
    page, heard = _page(qtbot, gui_store)
    page.select_problem(mine[0])
    d = page.tools.assessment()
    assert isinstance(d, AssessmentDialog) and d.unit.currentText() == unit
    d.verdict.setCurrentText("一票否决")
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert d.isVisible() and "一票否决须写明单位、理由" in d.error.text() and not assessments(gui_store)
    type_text(qtbot, d.reason, "自查问题零报告，倒查发现问题")
    type_text(qtbot, d.decided_by, "领导小组")
    d.on.setDate(QDate(2024, 7, 9))
    _shot(d, "assessment_dialog")
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible()
    assert [(a["unit"], a["verdict"], a["decided_by"], a["on"]) for a in assessments(gui_store)] == [
        (unit, "一票否决", "领导小组", date(2024, 7, 9))]
    assert heard == ["problems"]
    again = page.tools.assessment()
    assert again.table.rowCount() == 1 and again.table.item(0, 1).text() == "一票否决"


def _unit_list(path: Path, category: str = "选择性执法问题") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["行政执法乱象专项整治问题清单"])
    ws.append(["填报单位：县林业局（盖章）"])
    ws.append(["序号", "问题类别", "具体表现", "整治措施", "责任部门"])
    ws.append([1, category, "林地案件同案异罚", "统一裁量基准", "法制股"])
    ws.append([2, None, "有案不立两起", "补立案件", "执法大队"])
    ws.append(["备注", "要求每一个具体问题分栏填写，表述简洁明了。"])
    wb.save(path)
    return path


def test_import_a_units_excel_list_and_compare(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_campaign(gui_store, name="行政执法乱象专项整治", doc_no="攸纪发〔2021〕3号", taxonomy="B")
    rectify.add_problem(gui_store, category="随意性执法问题", manifestation="督查发现：程序倒置", unit="县林业局")
    page, heard = _page(qtbot, gui_store)
    d = page.tools.unit_reports()
    assert isinstance(d, UnitReportDialog)
    d.unit.setCurrentText("县林业局")
    d.file.setText(str(_unit_list(tmp_path / "坏.xlsx", category="乱收费问题")))
    qtbot.mouseClick(d.import_button, Qt.MouseButton.LeftButton)
    assert d.isVisible() and "第 4 行「问题类别」列" in d.error.text()
    assert len(rectify.list_problems(gui_store)) == 1 and heard == []
    d.file.setText(str(_unit_list(tmp_path / "林业局.xlsx")))
    qtbot.mouseClick(d.import_button, Qt.MouseButton.LeftButton)
    assert d.error.isHidden(), d.error.text()
    assert "已导入 县林业局 的问题清单（林业局.xlsx）：2 个问题" in d.outcome.text()
    assert len(rectify.list_problems(gui_store, unit="县林业局")) == 3 and heard == ["problems"]
    row = [d.table.item(0, c).text() for c in range(d.table.columnCount())]
    assert row[:6] == ["县林业局", "问题清单", "2", "1", "-1", ""]
    _shot(d, "unit_report_dialog")
    qtbot.mouseClick(d.import_button, Qt.MouseButton.LeftButton)  # the same file again
    assert "已导入过，未重复导入" in d.outcome.text() and heard == ["problems"]
    assert page.model.rowCount() == 3  # the page refreshed from the announcement


def test_the_menu_opens_each_dialog(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page, _heard = _page(qtbot, gui_store)
    menu = page.tools_button.menu()
    texts = [a.text() for a in menu.actions()]
    assert texts == ["发文（监督函、建议书、移送函、通报）…", "典型案例登记…", "单位考核（一票否优、一票否决）…",
                     "导入单位报送的问题清单、统计表…"]
    for action, cls in zip(menu.actions(), (DocumentsDialog, TypicalCasesDialog, AssessmentDialog, UnitReportDialog),
                           strict=True):
        action.trigger()
        assert isinstance(page.tools.dialog, cls) and page.tools.dialog.isVisible()
        page.tools.dialog.close()
