"""The process pages driven as a user would: the 音像记录事项清单 saved from its field, a record
added and its case turning from red to recorded; the task table imported, a task marked done;
the annual report shown and exported with the published lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.process.helpers import add_case
from tests.process.test_tasks import plan_sheet
from ui.process.annual_page import AnnualPage
from ui.process.records_page import RecordsPage
from ui.process.tasks_page import TasksPage


def _cell(table, r: int, c: int) -> str:
    item = table.item(r, c)
    return item.text() if item is not None else ""


def test_records_page_shows_missing_recording_and_adds_a_record(qtbot, store, tmp_path: Path) -> None:
    add_case(store, "长水罚〔2023〕第7号", penalty="责令停产停业")
    page = RecordsPage(store)
    qtbot.addWidget(page)
    assert page.cases.rowCount() == 1 and _cell(page.cases, 0, 4) == "缺少全程音像记录"
    page.case_no.setText("长水罚〔2023〕第7号")
    page.kind.setCurrentText("音像")
    page.stage.setCurrentText("执行")
    clip = tmp_path / "a.mp4"
    clip.write_bytes(b"x")
    page.add_one(clip)
    assert _cell(page.cases, 0, 3) == "执行" and _cell(page.cases, 0, 4) == "有音像记录"
    assert page.records.rowCount() == 1
    page.list_edit.setText("强制拆除")
    qtbot.mouseClick(page.findChild(QPushButton, "saveRecordingList"), Qt.MouseButton.LeftButton)
    assert page.cases.rowCount() == 0


def test_tasks_page_imports_and_marks_done(qtbot, store, tmp_path: Path) -> None:
    page = TasksPage(store)
    qtbot.addWidget(page)
    assert "尚未导入" in page.summary.text()
    page.import_sheet(plan_sheet(tmp_path / "附件2.xlsx"))
    assert page.table.rowCount() == 7 and "共 7 项任务" in page.summary.text()
    page.table.selectRow(0)
    page.mark_done()
    assert _cell(page.table, 0, 5) == "已完成"
    page.export_sheet(tmp_path / "出.xlsx")
    assert load_workbook(tmp_path / "出.xlsx").active["H4"].value.startswith("已完成 ")


def test_annual_page_shows_and_exports(qtbot, store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("ui.process.annual_page.show_info", lambda *a, **k: None)
    add_case(store, "甲罚〔2023〕1号", unit="甲大队", penalty="罚款", fine_fen=10000, decided_on=date(2023, 2, 1))
    page = AnnualPage(store)
    qtbot.addWidget(page)
    page.year.setValue(2023)
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers[:3] == ["执法单位", "处罚决定", "罚款"]
    assert _cell(page.table, page.table.rowCount() - 1, 0) == "合计" and _cell(page.table, 0, 1) == "1"
    page.export_xlsx(tmp_path / "年报.xlsx")
    page.export_pdf(tmp_path / "年报.pdf")
    page.publish_units(tmp_path / "主体.xlsx")
    assert (tmp_path / "年报.pdf").stat().st_size > 1000 and (tmp_path / "主体.xlsx").exists()
