"""The import wizard on messy spreadsheets the tests write themselves."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.records import service
from tests.ui.ui_helpers import click_check, ledger_rows, type_text, write_messy_ledger
from ui.main_window import MainWindow


def _wizard(qtbot, store, path: Path, kind: str = "ledger"):  # type: ignore[no-untyped-def]
    w = MainWindow(store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    wizard = w.open_import(kind)
    type_text(qtbot, wizard.choose_page.file_edit, str(path))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    return w, wizard


def _next(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(QWizard.WizardButton.CommitButton if wizard.currentPage().isCommitPage()
                           else QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_import_a_messy_ledger_and_see_its_rows(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_messy_ledger(tmp_path / "2019年处罚台账.xlsx", ledger_rows(12))
    w, wizard = _wizard(qtbot, gui_store, path)
    _next(qtbot, wizard)
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert page.sheet_combo.currentText() == "2019年台账"  # not the instructions sheet
    assert [page.sheet_combo.itemText(i) for i in range(page.sheet_combo.count())] == ["填表说明", "2019年台账"]
    assert page.header_spin.value() == 3
    mapping = {page.grid.header_text(c): page.combo(c).currentData() for c in range(page.grid.columnCount())}
    assert mapping["罚款金额（元）"] == "fine_fen" and mapping["处罚决定书文号"] == "case_no"
    assert page.sample_table.rowCount() > 0
    _next(qtbot, wizard)
    issues = wizard.issues_page
    assert issues.table.rowCount() == 0 and "没有发现问题" in issues.note.text()
    _next(qtbot, wizard)  # 导入
    result = wizard.result_page
    qtbot.waitUntil(lambda: result.finished, timeout=20_000)
    assert result.outcome == "imported"
    assert "新增 12 行" in result.result.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    ledger = w.current_page()
    assert ledger is not None and ledger.kind == "ledger"
    assert ledger.model.rowCount() == 12
    assert ledger.model.index(0, ledger.model.column_of("fine_fen")).data() == "1,000.00"
    assert service.summary(gui_store)["imports"] == 1
    assert "台账 12" in w.counts_label.text()


def test_bad_rows_are_listed_and_may_be_skipped(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = ledger_rows(6)
    rows[2][5] = "2019-02-30"  # Excel row 6: an impossible decision date
    path = write_messy_ledger(tmp_path / "台账.xlsx", rows)
    w, wizard = _wizard(qtbot, gui_store, path)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.mapping_page.ready, timeout=10_000)
    _next(qtbot, wizard)
    issues = wizard.issues_page
    table = issues.table
    found = [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 3).text()) for r in range(table.rowCount())]
    assert ("错误", "6", "2019-02-30") in found
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()  # strict until the clerk chooses to skip
    click_check(qtbot, issues.skip)
    assert issues.skip.isChecked()
    assert commit.isEnabled()
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=20_000)
    assert "新增 5 行" in wizard.result_page.result.text()
    assert "跳过有问题的行 1 行" in wizard.result_page.result.text()
    assert service.count(gui_store, "ledger") == 5


def test_correcting_the_column_mapping_re_runs_the_preview(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = ["序号", "决定书文号", "被处罚人", "违法行为", "应缴", "决定日期", "缴款日期", "票据号"]  # 应缴: unknown
    path = write_messy_ledger(tmp_path / "台账.xlsx", ledger_rows(4), header=header)
    _w, wizard = _wizard(qtbot, gui_store, path)
    _next(qtbot, wizard)
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    row = page.grid.column_of("应缴")
    assert page.combo(row).currentText() == "不导入"
    assert "罚款金额" not in [page.sample_table.horizontalHeaderItem(c).text()
                           for c in range(page.sample_table.columnCount())]
    combo = page.combo(row)
    combo.setCurrentIndex(combo.findData("fine_fen"))
    assert not page.ready  # re-reading with the corrected mapping
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert wizard.job.mapping == {**wizard.job.mapping, 4: "fine_fen"}
    headers = [page.sample_table.horizontalHeaderItem(c).text() for c in range(page.sample_table.columnCount())]
    fine_col = headers.index("罚款金额")
    assert page.sample_table.item(0, fine_col).text() == "1,000.00"
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=20_000)
    (first, *_rest) = service.page(gui_store, "ledger", sort="fine_fen")
    assert first["fine_fen"] == 100_000


def test_cancelling_an_import_leaves_the_store_unchanged(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_messy_ledger(tmp_path / "大台账.xlsx", ledger_rows(1500))
    w, wizard = _wizard(qtbot, gui_store, path)
    before = service.summary(gui_store)
    cancelled = []

    def cancel_the_import(task) -> None:  # type: ignore[no-untyped-def]
        if task.label == "正在导入…":  # the import itself, not the preview
            task.cancel()  # the flag the 取消 button sets; the import stops at its first check
            cancelled.append(task)

    wizard.taskStarting.connect(cancel_the_import)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.mapping_page.ready, timeout=20_000)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    result = wizard.result_page
    qtbot.waitUntil(lambda: result.finished, timeout=30_000)
    assert cancelled and cancelled[0].is_cancelled()
    assert result.outcome == "cancelled"
    assert "未作任何改动" in result.result.text()
    assert service.summary(gui_store) == before
    assert service.count(gui_store, "ledger") == 0
