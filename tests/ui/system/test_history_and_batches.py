"""导入记录 with 撤销导入 and the 操作记录 viewer in the window (issue 14 point 4): an undo asks
once, restores the counts, is in the change log, and `log verify` still passes; a refused undo
says why; the log is filtered and exported."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from app.audit.service import run_audit
from app.exchange import verify_log
from app.imports.service import import_file
from app.records import service
from app.rectify.service import confirm_findings
from tests.delivery.helpers import write_ledger
from tests.imports.test_undo import _cases_xlsx
from tests.ui.ui_helpers import answer_confirmations, message_boxes
from ui.main_window import MainWindow
from ui.system import batches_dialog, window_actions


def _window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(store, operator="甲")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_undo_an_import_from_the_window(qtbot, gui_store, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_file(gui_store, "ledger", write_ledger(tmp_path / "a.xlsx", 6), operator="甲")
    import_file(gui_store, "ledger", write_ledger(tmp_path / "b.xlsx", 4, first=7), operator="甲")
    w = _window(qtbot, gui_store)
    ledger = w.show_kind("ledger")
    assert ledger.model.rowCount() == 10
    asked = answer_confirmations(monkeypatch, batches_dialog)
    dialog = window_actions.open_batches(w)
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 3).text() == "b.xlsx"
    task = dialog.undo_current()
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert task.error is None, task.error
    assert len(asked) == 1 and "4 行" in asked[0] and "b.xlsx" in asked[0]
    assert service.summary(gui_store)["ledger"] == 6 and dialog.table.rowCount() == 1
    assert ledger.model.rowCount() == 6  # the register followed
    assert verify_log(gui_store)["ok"]
    history = window_actions.open_history(w)
    assert history.entries[0]["action"] == "undo" and "b.xlsx" in history.entries[0]["summary"]
    assert any("撤销导入批次" in b.text() for b in message_boxes())


def test_a_refused_undo_says_why(qtbot, gui_store, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_file(gui_store, "cases", _cases_xlsx(tmp_path / "c.xlsx"), operator="甲")
    fid = run_audit(gui_store).findings[0]["id"]
    confirm_findings(gui_store, [fid], category="执法不规范")
    w = _window(qtbot, gui_store)
    asked = answer_confirmations(monkeypatch, batches_dialog)
    dialog = window_actions.open_batches(w)
    assert dialog.undo_current() is None
    assert asked == []  # refused before anything is asked
    assert dialog.refusal is not None and f"#{fid}" in dialog.refusal.text() and "确认为问题" in dialog.refusal.text()
    assert service.summary(gui_store)["cases"] == 2


def test_the_log_viewer_filters_shows_before_after_and_exports(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(gui_store, "cases", {"case_no": "沈水罚字〔2019〕第1号", "party": "张三"}, operator="甲")
    service.save(gui_store, "cases", {"case_no": "沈水罚字〔2019〕第1号", "party": "李四"}, record_id=cid, operator="乙")
    w = _window(qtbot, gui_store)
    dialog = window_actions.open_history(w)
    assert dialog.total == 2 and dialog.table.item(0, 1).text() == "乙"
    detail = dialog.detail.toPlainText()
    assert "张三" in detail and "李四" in detail and "当事人" in detail
    dialog.operator_box.setCurrentIndex(dialog.operator_box.findData("甲"))
    assert dialog.total == 1 and dialog.table.item(0, 2).text() == "新增"
    dialog.operator_box.setCurrentIndex(0)
    dialog.search.setText("李四")
    dialog.reload()
    assert dialog.total == 1
    out = dialog.export(tmp_path / "记录.xlsx")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("操作记录").to_python()
    assert rows[0][0] == "操作记录" and len(rows) == 4 and rows[3][2] == "乙"
