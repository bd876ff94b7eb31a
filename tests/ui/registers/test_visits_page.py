"""回访 page: the draw dialog draws the parties the service would, a visit recorded in the dialog
shows in the list and its problems are announced, the sheet of the chosen party prints one page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt

from app.records.service import save
from app.registers import visits
from tests.registers.builders import decided_cases
from tests.reports.helpers import page_texts
from tests.ui.ui_helpers import type_text
from ui.common.events import Events
from ui.registers.visits_page import VisitsPage


def test_draw_record_and_print(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for values in decided_cases(15):
        save(gui_store, "cases", values)
    events = Events()
    seen: list[str] = []
    events.changed.connect(seen.append)
    page = VisitsPage(gui_store, operator="测试员", events=events)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == 0 and not page.record_button.isEnabled()
    dialog = page.draw()
    assert "13 件" in " ".join(w.text() for w in dialog.findChildren(type(dialog.error)))
    dialog.n.setValue(4)
    dialog.seed.setValue(77)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    drawn = dialog.result_value
    assert [r["case_key"] for r in page.model.rows] == drawn["sample"] and seen == ["registers"]
    assert drawn["sample"] == visits.draw_visits(gui_store, n=4, seed=77)["sample"]  # the service's own draw
    events.announce("registers")
    page.table.selectRow(0)
    assert page.record_button.isEnabled()
    record = page.record()
    record.on.setDate(QDate(2024, 3, 1))
    type_text(qtbot, record.visitor, "王五")
    record.satisfaction.setCurrentText("不满意")
    type_text(qtbot, record.problems, "罚没款票据未当场开具")
    qtbot.mouseClick(record.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not record.isVisible())
    first = page.current()
    assert first is not None and first["satisfaction"] == "不满意" and len(first["problem_ids"]) == 1
    assert seen[-2:] == ["registers", "problems"] and not page.record_button.isEnabled()
    assert "不满意 1" in page.summary_label.text()
    out = tmp_path / "一户.pdf"
    page.write_sheets(out=out)
    qtbot.waitUntil(out.exists, timeout=10_000)
    assert len(page_texts(out)) == 1 and first["party"] in page_texts(out)[0]
