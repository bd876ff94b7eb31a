"""Tables like a spreadsheet (ui/common/table_view.py), on a real register page over a real store:
copy as TSV with headers, export and print of the whole filtered and sorted view, column filters
in SQL, Tab and Ctrl+Tab, Delete with a confirmation, remembered column widths, order and sort."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton
from python_calamine import CalamineWorkbook

from app.demo import load_demo
from app.records import service
from app.records.filters import ColumnFilter
from ui.common.table_view import sheet_of
from ui.registers.register_page import RegisterPage


def _page(qtbot, store, kind: str = "cases") -> RegisterPage:  # type: ignore[no-untyped-def]
    page = RegisterPage(store, kind)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def _select(page: RegisterPage, rows: list[int]) -> None:
    sel = page.table.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(page.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    sel.setCurrentIndex(page.model.index(rows[-1], 0), QItemSelectionModel.SelectionFlag.NoUpdate)


def _sheet_rows(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def _cases(store, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(1, n + 1):
        service.save(store, "cases", {"case_no": f"沈水罚字〔2019〕第{i}号", "party": f"当事人\t{i}",
                                      "fine_fen": str(i * 100), "unit": "浑河站" if i % 2 else "浑南站"})


def test_copy_gives_the_selected_rows_as_tsv_with_headers(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 3)
    page = _page(qtbot, gui_store)
    _select(page, [0, 2])
    text = page.sheet.copy()
    lines = text.rstrip("\n").split("\n")
    header = lines[0].split("\t")
    assert header[:4] == ["案号", "案由", "违法事实", "当事人"]
    assert len(lines) == 3
    first, third = lines[1].split("\t"), lines[2].split("\t")
    assert len(first) == len(header)
    assert first[0] == "沈水罚字〔2019〕第1号" and third[0] == "沈水罚字〔2019〕第3号"
    assert first[header.index("当事人")] == "当事人 1"  # a tab inside a cell would split it in Excel
    assert first[header.index("罚款金额")] == "100.00"
    assert QGuiApplication.clipboard().text() == text
    # Ctrl+C on the table does the same
    QGuiApplication.clipboard().clear()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == text


def test_several_rows_can_be_selected(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 4)
    page = _page(qtbot, gui_store)
    page.table.selectAll()
    assert page.sheet.selected_rows() == [0, 1, 2, 3]


def test_export_writes_the_whole_filtered_sorted_view(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_demo(gui_store, size=300)
    page = _page(qtbot, gui_store)
    page.model.page_size = 20  # so the view holds far fewer rows than it exports
    units = [u for u in service.page(gui_store, "units", limit=50)]
    keep = (units[0]["name"], units[1]["name"])
    page.model.set_column_filter("unit", ColumnFilter("unit", values=keep))
    page.model.sort(page.model.column_of("fine_fen"), Qt.SortOrder.DescendingOrder)
    expected_ids = service.ids(gui_store, "cases", sort="fine_fen", descending=True,
                               filters=[ColumnFilter("unit", values=keep)])
    assert 20 < len(expected_ids) < 300 and page.model.rowCount() == len(expected_ids)
    page.table.horizontalHeader().hideSection(page.model.column_of("cause"))
    out = tmp_path / "导出.xlsx"
    task = page.sheet.export_xlsx(str(out))
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None, task.error
    rows = _sheet_rows(out)
    assert rows[0][0] == "案卷登记"
    assert "筛选：执法单位" in str(rows[1][0]) and f"共 {len(expected_ids)} 条" in str(rows[1][0])
    header = rows[2]
    assert "案由" not in header and header[0] == "案号"
    body = rows[3:]
    records = service.rows(gui_store, "cases", expected_ids)
    assert [r[0] for r in body] == [rec["case_no"] for rec in records if rec]
    fines = [r[header.index("罚款金额")] for r in body]
    assert fines == [(rec["fine_fen"] or 0) / 100 if rec["fine_fen"] is not None else "" for rec in records if rec]
    assert {r[header.index("执法单位")] for r in body} <= set(keep)


def test_print_preview_shows_the_view_as_a_pdf(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 40)
    page = _page(qtbot, gui_store)
    task = page.sheet.print_preview(str(tmp_path / "打印.pdf"))
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None, task.error
    preview = page.sheet.preview
    assert preview is not None and preview.isVisible()
    assert preview.preview.page_count >= 1
    assert (tmp_path / "打印.pdf").stat().st_size > 1000


def test_column_filter_dialog_filters_in_sql(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 6)
    page = _page(qtbot, gui_store)
    unit = page.model.column_of("unit")
    dialog = page.sheet.filter_column(unit)
    assert dialog.values is not None
    labels = [dialog.values.item(i).text() for i in range(dialog.values.count())]
    assert labels == ["浑河站", "浑南站"]  # 浑河 hé before 浑南 nán
    dialog.values.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.apply()
    assert page.model.rowCount() == 3
    assert page.model.headerData(unit, Qt.Orientation.Horizontal) == "执法单位 ▾"
    assert page.count_label.text() == "找到 3 条"
    fine = page.model.column_of("fine_fen")
    dialog = page.sheet.filter_column(fine)
    dialog.low.setText("300")  # 元: cases 4 and 6 of 浑南站 (2, 4, 6)
    dialog.apply()
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == [
        "沈水罚字〔2019〕第4号", "沈水罚字〔2019〕第6号"]
    page.model.clear_filters()
    assert page.model.rowCount() == 6


def test_natural_sort_from_the_header(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 12)
    page = _page(qtbot, gui_store)
    page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert [page.model.index(r, 0).data() for r in range(3)] == [
        "沈水罚字〔2019〕第1号", "沈水罚字〔2019〕第2号", "沈水罚字〔2019〕第3号"]
    assert page.model.index(11, 0).data() == "沈水罚字〔2019〕第12号"


def test_tab_leaves_the_table_and_ctrl_tab_moves_inside(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 3)
    page = _page(qtbot, gui_store)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.table.currentIndex().column() == 1 and page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()
    assert isinstance(QGuiApplication.focusObject(), QPushButton | QLineEdit)


def test_delete_key_asks_before_deleting(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 2)
    page = _page(qtbot, gui_store)
    asked: list[str] = []
    answer = {"yes": False}

    def fake_confirm(_parent, question, _title="请确认"):  # type: ignore[no-untyped-def]
        asked.append(question)
        return answer["yes"]

    monkeypatch.setattr("ui.registers.register_page.confirm", fake_confirm)
    _select(page, [0])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked and "删除" in asked[0] and service.count(gui_store, "cases") == 2
    answer["yes"] = True
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert service.count(gui_store, "cases") == 1


def test_widths_order_hidden_columns_and_sort_are_remembered(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 5)
    page = _page(qtbot, gui_store)
    header = page.table.horizontalHeader()
    party, fine, cause = (page.model.column_of(n) for n in ("party", "fine_fen", "cause"))
    header.resizeSection(party, 321)
    header.moveSection(header.visualIndex(fine), 1)
    header.hideSection(cause)
    header.setSortIndicator(fine, Qt.SortOrder.DescendingOrder)
    page.sheet.save_state()
    page.close()

    again = _page(qtbot, gui_store)
    h2 = again.table.horizontalHeader()
    assert sheet_of(again.table).restored
    assert h2.sectionSize(party) == 321
    assert h2.visualIndex(fine) == 1
    assert h2.isSectionHidden(cause)
    assert again.model.sort_field == "fine_fen" and again.model.descending
    assert again.model.index(0, fine).data() == "500.00"
    assert again.sheet.visible_columns()[:2] == [0, fine]


def test_frozen_key_column_appears_when_scrolled_sideways(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    _cases(gui_store, 3)
    page = _page(qtbot, gui_store)
    page.resize(500, 400)
    qtbot.wait(20)
    frozen = page.sheet.frozen
    assert not frozen.overlay.isVisible()
    bar = page.table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: frozen.overlay.isVisible())
    assert frozen.overlay.model() is page.model
    assert not frozen.overlay.isColumnHidden(0) and frozen.overlay.isColumnHidden(1)
    assert frozen.overlay.width() == page.table.columnWidth(0)
