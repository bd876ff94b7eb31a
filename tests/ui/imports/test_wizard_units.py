"""The 金额单位 of an amount column whose header states none is the clerk's to choose on the
wizard's mapping page (元/千元/万元): the preview re-reads in it, the choice survives a change of
another column's mapping and goes into the import; a header's own unit is not offered."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from app.records import service
from tests.ui.imports.test_import_wizard import _next
from tests.ui.imports.test_wizard_columns import _credit_export, _mapping_page
from ui.imports.column_grid import NO_UNIT_STATED

FINE = 3  # column D: 罚款金额, no unit in its header


def _ledger_in_wan(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2021年台账"
    ws.append(["案号", "当事人", "违法行为", "罚款金额", "决定日期", "备注"])
    ws.append(["沈水罚字〔2021〕第1号", "张三", "违法取水", 0.5, "2021-03-05", "甲"])
    ws.append(["沈水罚字〔2021〕第2号", "李四", "违法取水", 0.005, "2021-03-06", "乙"])
    wb.save(path)
    return path


def _choose_unit(qtbot, page, col: int, unit: str) -> None:  # type: ignore[no-untyped-def]
    combo = page.grid.unit_combo(col)
    assert combo is not None
    combo.setCurrentIndex(combo.findData(unit))
    assert not page.ready  # read again in the chosen unit
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)


def _sample_fines(page) -> list[str]:  # type: ignore[no-untyped-def]
    samples = page.sample_table
    labels = [samples.horizontalHeaderItem(c).text() for c in range(samples.columnCount())]
    return [samples.item(r, labels.index("罚款金额")).text() for r in range(samples.rowCount())]


def test_the_clerk_chooses_the_unit_of_a_column_whose_header_states_none(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, page = _mapping_page(qtbot, gui_store, _ledger_in_wan(tmp_path / "台账.xlsx"), "ledger")
    grid = page.grid
    combo = grid.unit_combo(FINE)
    assert combo is not None and grid.unit_text(FINE) == NO_UNIT_STATED
    assert [combo.itemText(i) for i in range(combo.count())] == [NO_UNIT_STATED, "千元", "万元"]
    assert grid.unit_combo(1) is None and grid.unit_text(1) == ""  # no amount, nothing to choose
    # read in 元, 0.005 is no amount at all and 0.5 is half a yuan
    assert _sample_fines(page) == ["0.50"] and "有问题 1 行" in page.message.text()

    _choose_unit(qtbot, page, FINE, "万元")
    assert wizard.job.scales == {FINE: "万元"}
    assert page.grid.unit_text(FINE) == "万元"
    assert "D 列「罚款金额」表头未注明单位，按所选的万元读" in page.message.text()
    assert _sample_fines(page) == ["5,000.00", "50.00"]

    other = page.combo(5)  # the clerk maps 备注 too: the unit chosen for D stays
    other.setCurrentIndex(other.findData("enforcement"))
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert wizard.job.scales == {FINE: "万元"} and page.grid.unit_text(FINE) == "万元"
    assert _sample_fines(page) == ["5,000.00", "50.00"]

    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=20_000)
    stored = sorted(service.page(gui_store, "ledger", sort="case_no"), key=lambda r: r["case_no"])
    assert [r["fine_fen"] for r in stored] == [500_000, 5_000]


def test_back_to_yuan_and_a_column_no_longer_an_amount_forget_the_choice(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, page = _mapping_page(qtbot, gui_store, _ledger_in_wan(tmp_path / "台账.xlsx"), "ledger")
    _choose_unit(qtbot, page, FINE, "千元")
    assert wizard.job.scales == {FINE: "千元"} and _sample_fines(page) == ["500.00", "5.00"]
    _choose_unit(qtbot, page, FINE, None)
    assert wizard.job.scales is None and page.grid.unit_text(FINE) == NO_UNIT_STATED

    _choose_unit(qtbot, page, FINE, "万元")
    fine = page.combo(FINE)  # D is no longer imported: its unit goes with it
    fine.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert wizard.job.scales is None and page.grid.unit_combo(FINE) is None


def test_a_unit_the_header_states_is_shown_not_offered(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _wizard, page = _mapping_page(qtbot, gui_store, _credit_export(tmp_path / "双公示2021.xlsx"), "cases")
    fine = page.grid.column_of("罚款金额（万元）")
    assert page.grid.unit_combo(fine) is None and page.grid.unit_text(fine) == "万元"


def test_detecting_the_header_again_forgets_the_choice(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, page = _mapping_page(qtbot, gui_store, _ledger_in_wan(tmp_path / "台账.xlsx"), "ledger")
    _choose_unit(qtbot, page, FINE, "万元")
    qtbot.mouseClick(page.auto_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert wizard.job.scales is None and page.grid.unit_text(FINE) == NO_UNIT_STATED
    assert _sample_fines(page) == ["0.50"]
