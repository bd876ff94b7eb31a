"""What a clerk sees on the wizard's mapping and problem pages (issue 11 point 11), driven on
real files the tests write: a 双公示 export in 万元 with a column no header names, and a ledger
with a two-level header. The problem list is saved and read back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import python_calamine
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from app.imports.problem_sheet import ERROR_FILL, NOTE_HEADER
from app.records import service
from tests.imports.credit_layouts import BUREAU_CODE, HEADER_2021, ORG_CODE, PERSON_ID, row_of
from tests.ui.imports.test_import_wizard import _next, _wizard
from ui.imports.column_grid import NO_UNIT_STATED, NOT_IMPORTED

UNLABELLED = len(HEADER_2021)  # column AE: values, no header (where the office files each case)


def _credit_export(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "行政处罚"
    ws.append(HEADER_2021)
    common = {"违法行为类型": "未经许可取水", "处罚类别": "罚款", "处罚机关": "沈阳市水务局",
              "处罚机关统一社会信用代码": BUREAU_CODE}
    ws.append([*row_of(HEADER_2021, {
        **common, "行政相对人名称": "沈阳某某建材有限公司", "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1（统一社会信用代码）": ORG_CODE, "行政处罚决定书文号": "沈水罚决字〔2021〕第12号",
        "处罚内容": "罚款人民币伍仟元", "罚款金额（万元）": 0.5, "处罚决定日期": "2021/04/06"}), "档案室A柜3层"])
    ws.append([*row_of(HEADER_2021, {
        **common, "行政相对人名称": "张某", "行政相对人类别": "自然人", "证件类型": "身份证", "证件号码": PERSON_ID,
        "行政处罚决定书文号": "沈水罚决字〔2021〕第13号", "处罚内容": "罚款50元", "罚款金额（万元）": 0.005,
        "处罚决定日期": "2021/05/10"}), "档案室A柜4层"])
    wb.save(path)
    return path


def _two_level_ledger(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2019年台账"
    for row in (["沈阳市水务局2019年行政处罚台账"],
                ["序号", "案号", "当事人", "处罚决定", None, "缴款情况", None, "执法单位"],
                [None, None, None, "罚款金额（元）", "决定日期", "缴款日期", "票据号码", None],
                [1, "沈水罚字[2019]第012号", "张三", 5000, "2019-03-05", "2019-03-10", "A0001", "第一大队"],
                [2, "沈水罚字〔2019〕第13号", "某某公司", "2,000.50", "2019/3/6", None, None, "第二大队"],
                [3, "沈水罚字〔2019〕第14号", "李四", "五千块", "2019-02-30", None, None, "第二大队"]):
        ws.append(row)
    for merged in ("A1:H1", "D2:E2", "F2:G2", "A2:A3", "B2:B3", "C2:C3", "H2:H3"):
        ws.merge_cells(merged)
    wb.save(path)
    return path


def _mapping_page(qtbot, store, path: Path, kind: str):  # type: ignore[no-untyped-def]
    _w, wizard = _wizard(qtbot, store, path, kind)
    _next(qtbot, wizard)
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    return wizard, page


def test_a_credit_export_shows_its_units_and_every_column(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, page = _mapping_page(qtbot, gui_store, _credit_export(tmp_path / "双公示2021.xlsx"), "cases")
    grid = page.grid

    fine = grid.column_of("罚款金额（万元）")
    assert (grid.horizontalHeaderItem(fine).text(), grid.unit_text(fine), page.combo(fine).currentData()) == (
        "T", "万元", "fine_fen")
    assert "T 列「罚款金额（万元）」按万元读" in page.message.text()
    assert [grid.value(r, fine) for r in range(grid.data_rows())] == ["0.5", "0.005"]
    assert grid.verticalHeaderItem(3).text() == "2"  # data rows numbered as Excel numbers them
    # the column no header names: shown with its letter and first values, not imported until chosen
    assert grid.horizontalHeaderItem(UNLABELLED).text() == "AE" and grid.header_text(UNLABELLED) == ""
    assert page.combo(UNLABELLED).currentText() == NOT_IMPORTED
    assert [grid.value(r, UNLABELLED) for r in range(grid.data_rows())] == ["档案室A柜3层", "档案室A柜4层"]
    samples = page.sample_table
    labels = [samples.horizontalHeaderItem(c).text() for c in range(samples.columnCount())]
    assert samples.item(0, labels.index("罚款金额")).text() == "5,000.00"
    assert samples.item(1, labels.index("罚款金额")).text() == "50.00"

    combo = page.combo(UNLABELLED)  # the clerk imports it as 档案位置
    combo.setCurrentIndex(combo.findData("archive_location"))
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert wizard.job.mapping is not None and wizard.job.mapping[UNLABELLED] == "archive_location"
    assert page.grid.unit_text(fine) == "万元"  # the mapping kept the header's unit
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=20_000)
    stored = sorted(service.page(gui_store, "cases", sort="case_no"), key=lambda r: r["case_no"])
    assert [(c["fine_fen"], c["archive_location"]) for c in stored] == [(500_000, "档案室A柜3层"), (5_000, "档案室A柜4层")]


def test_a_two_level_header_may_be_moved_and_maps_again(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard, page = _mapping_page(qtbot, gui_store, _two_level_ledger(tmp_path / "台账.xlsx"), "ledger")
    grid = page.grid
    assert page.header_spin.value() == 3 and "第 2–3 行" in page.header_note.text()
    assert grid.header_text(3) == "处罚决定/罚款金额（元）" and page.combo(3).currentData() == "fine_fen"
    assert grid.unit_text(3) == "元"

    spin = page.header_spin  # the clerk types 2 where the header is said to end
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "2")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert not page.ready
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert wizard.job.header_row == 2 and page.header_note.text() == ""
    assert grid.header_text(3) == "处罚决定" and page.combo(3).currentText() == NOT_IMPORTED
    assert page.combo(1).currentData() == "case_no"
    assert grid.verticalHeaderItem(3).text() == "3" and grid.value(0, 3) == "罚款金额（元）"  # row 3 now data

    spin.lineEdit().selectAll()  # the title row cannot be the header: said, and 下一步 stays off
    qtbot.keyClicks(spin.lineEdit(), "1")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.job.busy, timeout=10_000)
    qtbot.waitUntil(lambda: "以第 1 行作表头时，找不到必填的「案号」列" in page.message.text(), timeout=10_000)
    assert not page.ready and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert grid.columnCount() == 0 and page.sample_table.rowCount() == 0  # nothing stale is shown
    assert spin.isEnabled() and page.auto_button.isEnabled()

    page.auto_button.click()
    qtbot.waitUntil(lambda: page.ready, timeout=10_000)
    assert page.header_spin.value() == 3 and page.combo(3).currentData() == "fine_fen"
    assert wizard.job.header_row is None and grid.columnCount() == 8


def test_problems_are_counted_by_row_and_saved_for_the_unit(qtbot, gui_store, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source = _two_level_ledger(tmp_path / "台账.xlsx")
    wizard, page = _mapping_page(qtbot, gui_store, source, "ledger")
    assert "有问题 1 行（共 2 处）" in page.message.text()  # row 6: a bad amount and an impossible date
    _next(qtbot, wizard)
    issues = wizard.issues_page
    assert issues.table.rowCount() == 2 and "有 1 行有问题" in issues.note.text()
    assert issues.default_save_path() == tmp_path / "台账_问题清单.xlsx"

    out = tmp_path / "退回" / "台账_问题清单"  # typed without .xlsx, into a folder still to be made
    asked = []

    def choose(*args):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return str(out), "Excel 文件 (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    qtbot.mouseClick(issues.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: issues.saved_label.text().startswith("已保存"), timeout=10_000)
    saved = out.with_name("台账_问题清单.xlsx")
    assert asked == [str(tmp_path / "台账_问题清单.xlsx")]
    assert str(saved) in issues.saved_label.text() and "标出 1 行" in issues.saved_label.text()

    rows = python_calamine.CalamineWorkbook.from_path(str(saved)).get_sheet_by_name("2019年台账").to_python(
        skip_empty_area=False)
    assert rows[2][8] == NOTE_HEADER and rows[5][:5] == [3.0, "沈水罚字〔2019〕第14号", "李四", "五千块", "2019-02-30"]
    assert "D 列「处罚决定/罚款金额（元）」" in rows[5][8] and "E 列「处罚决定/决定日期」" in rows[5][8]
    ws = openpyxl.load_workbook(saved)["2019年台账"]
    assert {ws[ref].fill.fgColor.rgb[-6:] for ref in ("D6", "E6")} == {ERROR_FILL.fgColor.rgb[-6:]}
    assert ws["C6"].fill.fill_type is None and ws["D5"].fill.fill_type is None
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled() is False  # saving changed no choice


def test_an_amount_column_without_a_unit_says_it_is_read_in_yuan(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.ui_helpers import ledger_rows, write_messy_ledger

    header = ["序号", "决定书文号", "被处罚人", "违法行为", "罚款金额", "决定日期", "缴款日期", "票据号"]
    path = write_messy_ledger(tmp_path / "台账.xlsx", ledger_rows(3), header=header)
    _wizard_, page = _mapping_page(qtbot, gui_store, path, "ledger")
    assert page.grid.unit_text(4) == NO_UNIT_STATED
    assert "E 列「罚款金额」表头未注明单位，按元读" in page.message.text()
    assert page.grid.unit_text(1) == ""  # no amount, no unit
