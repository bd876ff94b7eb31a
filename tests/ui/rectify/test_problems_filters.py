"""Column filters on the 问题整改 page's problem list: the header menu's 筛选此列… with the column's
values, a date range on 整改时限, a text the column contains, 清除筛选; combined with the page's
category/unit/status/overdue filters; the count label 筛选后 N / 共 M; 导出Excel writes what is shown."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from python_calamine import CalamineWorkbook

from app.rectify import service as rectify
from tests.ui.filter_helpers import action_texts, header_menu, open_filter, press_clear, press_ok, tick_only, value_labels
from tests.ui.rectify_helpers import audited_store
from ui.common.table_view import sheet_of
from ui.rectify.problems_model import COLUMNS

OWNER, DEADLINE, MANIFESTATION, STATUS = (next(i for i, (n, _l) in enumerate(COLUMNS) if n == name)
                                          for name in ("owner", "deadline", "manifestation", "status"))


@pytest.fixture
def problems(gui_store):  # type: ignore[no-untyped-def]
    ids = audited_store(gui_store)
    past = date.today() - timedelta(days=5)
    for pid in ids[:3]:
        rectify.set_measure(gui_store, pid, measure="补正案卷", dept="法制科", owner="张三", deadline=past)
    rectify.set_measure(gui_store, ids[3], measure="补录台账", dept="财务科", owner="李四",
                        deadline=date.today() + timedelta(days=30))
    return ids


@pytest.fixture
def page(qtbot, gui_store, problems):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(gui_store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w.show_page("problems")


def _ids(page) -> list[int]:  # type: ignore[no-untyped-def]
    return [page.model.problem_id(r) for r in range(page.model.rowCount())]


def test_owner_values_filter_the_rows_and_combine_with_the_page_filters(qtbot, page, problems) -> None:  # type: ignore[no-untyped-def]
    total = len(problems)
    assert "筛选此列…" in action_texts(header_menu(page.table, OWNER))
    dialog = open_filter(qtbot, page.table, OWNER)
    assert value_labels(dialog) == ["李四", "张三", "（空白）"]  # 李 lǐ before 张 zhāng, blanks last
    tick_only(dialog, {"张三"})
    press_ok(qtbot, dialog)
    assert _ids(page) == problems[:3]
    assert page.model.headerData(OWNER, Qt.Orientation.Horizontal) == "责任人 ▾"
    assert page.count_label.text().startswith(f"筛选后 3 / 共 {total:,} 条")
    assert "逾期 3 条" in page.count_label.text()
    page.status_combo.setCurrentIndex(page.status_combo.findData("待整改"))  # the page's own filter on top
    assert _ids(page) == [] and page.count_label.text().startswith(f"筛选后 0 / 共 {total - 4:,} 条")
    page.status_combo.setCurrentIndex(0)
    dialog = open_filter(qtbot, page.table, OWNER)
    tick_only(dialog, {"（空白）"})
    press_ok(qtbot, dialog)
    assert _ids(page) == problems[4:]
    dialog = open_filter(qtbot, page.table, OWNER)
    press_clear(qtbot, dialog)
    assert _ids(page) == problems and page.count_label.text() == f"共 {total:,} 条 · 逾期 3 条"


def test_deadline_range_text_and_status_values(qtbot, page, problems) -> None:  # type: ignore[no-untyped-def]
    dialog = open_filter(qtbot, page.table, DEADLINE)
    assert dialog.values is None and dialog.year is not None  # dates: a year or a range
    today = date.today()
    dialog.low.setDate(QDate(today.year, today.month, today.day))
    press_ok(qtbot, dialog)
    assert _ids(page) == [problems[3]]
    page.model.clear_filters()
    dialog = open_filter(qtbot, page.table, STATUS)
    assert value_labels(dialog) == ["待整改", "整改中"] and not dialog.text.isVisible()
    tick_only(dialog, {"整改中"})
    press_ok(qtbot, dialog)
    assert _ids(page) == problems[:4]
    word = page.model.problem(0)["manifestation"][:4]
    dialog = open_filter(qtbot, page.table, MANIFESTATION)
    dialog.text.setText(word)
    press_ok(qtbot, dialog)
    expected = [p["id"] for p in rectify.list_problems(page.store) if p["status"] == "整改中" and word in p["manifestation"]]
    assert expected and _ids(page) == expected


def test_export_writes_the_filtered_problems(qtbot, page, problems, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_filter(qtbot, page.table, OWNER)
    tick_only(dialog, {"张三", "李四"})
    press_ok(qtbot, dialog)
    task = sheet_of(page.table).export_xlsx(str(tmp_path / "问题.xlsx"))
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None, task.error
    rows = CalamineWorkbook.from_path(str(tmp_path / "问题.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "问题清单" and "筛选：责任人" in str(rows[1][0]) and "共 4 条" in str(rows[1][0])
    header, body = rows[2], rows[3:]
    assert [r[header.index("责任人")] for r in body] == ["张三", "张三", "张三", "李四"]
    assert [int(float(r[header.index("序号")])) for r in body] == problems[:4]
