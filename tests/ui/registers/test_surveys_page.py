"""问卷调查 page: a questionnaire designed in the dialog, its sheet exported, filled and imported
back shows the tallies; a sheet with other columns is refused in a message naming the column."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.ui.ui_helpers import message_boxes, type_text
from ui.common.events import Events
from ui.registers.surveys_page import SurveysPage


def test_design_export_import_and_tally(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = SurveysPage(gui_store, operator="测试员", events=Events())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    assert "还没有问卷" in page.tally_view.toPlainText() and not page.import_button.isEnabled()
    dialog = page.create_survey()
    type_text(qtbot, dialog.title_edit, "执法满意度问卷")
    dialog.audience.setCurrentText("社会公众")
    for line in ("单选｜执法人员态度如何｜好｜一般｜差", "多选|存在哪些问题|拖延|粗暴", "问答｜意见建议"):
        type_text(qtbot, dialog.questions, line)
        qtbot.keyClick(dialog.questions, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.model.rowCount() == 1 and page.import_button.isEnabled()
    sheet = tmp_path / "答卷.xlsx"
    page.write("sheet", out=sheet)
    qtbot.waitUntil(sheet.exists, timeout=10_000)
    wb = load_workbook(sheet)
    ws = wb["问卷"]
    for i, (unit, one, many, text) in enumerate((("甲局", "好", "A、B", "多公开"), ("乙局", "C", "粗暴", ""))):
        for col, value in enumerate((unit, "", one, many, text), start=2):
            ws.cell(4 + i, col, value)
    wb.save(tmp_path / "已填.xlsx")
    result = page.import_filled(tmp_path / "已填.xlsx")
    assert result is not None and result["imported"] == 2
    text = page.tally_view.toPlainText()
    assert "收回答卷 2 份" in text and "好：1（50.0%）" in text and "差：1（50.0%）" in text
    assert "粗暴：2（100.0%）" in text and "· 多公开" in text and "【甲局】答卷 1 份" in text
    ws["E3"] = "别的列"
    wb.save(tmp_path / "错列.xlsx")
    assert page.import_filled(tmp_path / "错列.xlsx") is None
    refusals = [b.text() for b in message_boxes() if b.objectName() == "userErrorBox"]
    assert len(refusals) == 1 and "E 列表头应为「2. 存在哪些问题（多选）」" in refusals[0]
    assert "收回答卷 2 份" in page.tally_view.toPlainText()  # nothing more was imported
