"""Column filters on the 倒查 page's findings: the header menu's 筛选此列… with the column's values
(labels, not codes), a text the column contains, 清除筛选; combined with the page's status, unit
and stage scope; the count label 筛选后 N / 共 M; 导出Excel writes the filtered rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from python_calamine import CalamineWorkbook

from app.audit import service as audit
from app.audit.codes import CODES
from app.records.filters import ColumnFilter
from tests.ui.audit_helpers import demo_window, run_from_page
from tests.ui.filter_helpers import action_texts, header_menu, open_filter, press_clear, press_ok, tick_only, value_labels
from ui.audit.audit_page import AuditPage
from ui.audit.audit_text import code_label, status_label
from ui.audit.findings_model import COLUMNS
from ui.common.table_view import sheet_of

CODE, STATUS, CASE_NO, UNIT = (next(i for i, (n, _l) in enumerate(COLUMNS) if n == name)
                               for name in ("code", "status", "case_no", "unit"))


def _page(qtbot, store) -> AuditPage:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, store)
    page = w.show_page("audit")
    run_from_page(qtbot, page)
    return page


def _column(page: AuditPage, col: int) -> list[str]:
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def test_code_values_are_offered_by_label_and_filter_in_sql(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    total = audit.count_findings(gui_store)
    by_code = {c: n for c, n in audit.count_by_code(gui_store).items() if n}
    assert len(by_code) >= 2
    assert "筛选此列…" in action_texts(header_menu(page.table, CODE))
    dialog = open_filter(qtbot, page.table, CODE)
    assert value_labels(dialog) == [code_label(c) for c in CODES if c in by_code]  # the stage tree's order
    assert not dialog.text.isVisible()  # codes are ticked, not typed
    code = max(by_code, key=lambda c: by_code[c])
    tick_only(dialog, {code_label(code)})
    press_ok(qtbot, dialog)
    assert page.model.rowCount() == by_code[code] < total
    assert set(_column(page, CODE)) == {code_label(code)}
    assert page.model.headerData(CODE, Qt.Orientation.Horizontal) == "问题类型 ▾"
    assert page.count_label.text() == f"筛选后 {by_code[code]:,} / 共 {total:,} 条"
    assert "清除全部筛选" in action_texts(header_menu(page.table, CODE))
    dialog = open_filter(qtbot, page.table, CODE)
    press_clear(qtbot, dialog)
    assert page.model.rowCount() == total and page.count_label.text() == f"共 {total:,} 条"
    assert page.model.headerData(CODE, Qt.Orientation.Horizontal) == "问题类型"


def test_filters_combine_with_the_status_unit_and_stage_scope(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    unit = "沈阳市浑河管理处"
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(unit))
    scope = audit.count_findings(gui_store, unit=unit)
    dialog = open_filter(qtbot, page.table, CASE_NO)
    dialog.text.setText("2018")
    press_ok(qtbot, dialog)
    flt = ColumnFilter("case_no", text="2018")
    expected = audit.count_findings(gui_store, unit=unit, filters=[flt])
    assert 0 < expected < scope
    assert page.model.rowCount() == expected
    assert all("2018" in c for c in _column(page, CASE_NO))
    assert set(_column(page, UNIT)) == {unit}
    assert page.count_label.text() == f"筛选后 {expected:,} / 共 {scope:,} 条"
    # a stage's codes on the left narrow both numbers; the column filter stays
    code = next(c for c, n in audit.count_by_code(gui_store, unit=unit, filters=[flt]).items() if n)
    page.tree.select_code(code)
    n = audit.count_findings(gui_store, unit=unit, code=code, filters=[flt])
    assert page.model.rowCount() == n and set(_column(page, CODE)) == {code_label(code)}
    assert page.count_label.text() == f"筛选后 {n:,} / 共 {audit.count_findings(gui_store, unit=unit, code=code):,} 条"
    # the values a filter offers are those of the scope shown
    dialog = open_filter(qtbot, page.table, STATUS)
    assert value_labels(dialog) == [status_label("open")]
    dialog.reject()


def test_export_writes_the_filtered_findings(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    page.model.page_size = 5  # fewer rows read than exported
    dialog = open_filter(qtbot, page.table, UNIT)
    keep = value_labels(dialog)[0]
    tick_only(dialog, {keep})
    press_ok(qtbot, dialog)
    expected = audit.list_findings(gui_store, filters=[ColumnFilter("unit", values=(keep,))])
    assert 5 < len(expected) == page.model.rowCount() < audit.count_findings(gui_store)
    task = sheet_of(page.table).export_xlsx(str(tmp_path / "线索.xlsx"))
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None, task.error
    rows = CalamineWorkbook.from_path(str(tmp_path / "线索.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "问题线索" and "筛选：执法单位" in str(rows[1][0])
    header, body = rows[2], rows[3:]
    assert len(body) == len(expected)
    assert {r[header.index("执法单位")] for r in body} == {keep}
    assert [r[header.index("问题类型")] for r in body] == [code_label(f["code"]) for f in expected]
