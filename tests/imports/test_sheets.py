"""Golden tests: which sheets an import reads. A hidden first sheet of old data and a chart sheet
are passed over (and named in a warning) unless named; `--all-sheets` imports a 法人 and a 自然人
sheet of one publication file as two batches and says which sheets it skipped and why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from app.errors import BadFileError, ImportRejectedError
from app.imports.all_sheets import import_all_sheets
from app.imports.reading import open_workbook
from app.imports.service import import_file, preview_import
from app.records.service import page
from db.models import ImportBatch

HEADER = ["案号", "当事人", "罚款金额（元）", "决定日期"]
OLD = [HEADER, ["沈水罚字〔2017〕第1号", "旧当事人", 100, "2017-01-05"]]
NEW = [HEADER, ["沈水罚字〔2019〕第1号", "张三", 5000, "2019-03-05"], ["沈水罚字〔2019〕第2号", "李四", 200, "2019-03-06"]]


def _book(path: Path, sheets: list[tuple[str, list[list[object]], str]], chart: bool = False) -> Path:
    """Sheets as (title, rows, state) in order; with `chart`, a chart sheet after them."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, state in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
    if chart:
        cs = wb.create_chartsheet("图表")
        bar = BarChart()
        bar.add_data(Reference(wb[sheets[-1][0]], min_col=3, min_row=1, max_row=3), titles_from_data=True)
        cs.add_chart(bar)
    wb.save(path)
    return path


def _ledger(store) -> list[tuple[object, ...]]:
    return [(r["row"], r["seq"], r["case_no"], r["party"], r["violation"], r["penalty"], r["fine_fen"],
             r["decided_on"], r["paid_on"], r["receipt_no"], r["enforcement"], r["unit"])
            for r in page(store, "ledger", offset=0, limit=100)]


NEW_ROWS = [
    (2, "", "沈水罚字〔2019〕第1号", "张三", "", "", 500_000, date(2019, 3, 5), None, "", "", ""),
    (3, "", "沈水罚字〔2019〕第2号", "李四", "", "", 20_000, date(2019, 3, 6), None, "", "", ""),
]


def test_a_hidden_first_sheet_is_passed_over_and_named(store, tmp_path) -> None:
    path = _book(tmp_path / "台账.xlsx", [("旧台账", OLD, "hidden"), ("台账", NEW, "visible")], chart=True)

    report = import_file(store, "ledger", path)

    assert report.sheet == "台账" and report.imported == 2
    assert _ledger(store) == NEW_ROWS
    assert [(w.row, w.reason) for w in report.warnings] == [
        (0, "隐藏的工作表「旧台账」未导入（如需导入，请指定该工作表）"),
        (0, "图表工作表「图表」未导入（如需导入，请指定该工作表）"),
    ]
    assert preview_import(None, "ledger", path).sheets == ["台账"]


def test_a_hidden_sheet_is_read_when_named(store, tmp_path) -> None:
    path = _book(tmp_path / "台账.xlsx", [("旧台账", OLD, "hidden"), ("台账", NEW, "visible")])
    report = import_file(store, "ledger", path, sheet="旧台账")
    assert report.sheet == "旧台账" and report.warnings == []
    assert _ledger(store) == [(2, "", "沈水罚字〔2017〕第1号", "旧当事人", "", "", 10_000, date(2017, 1, 5), None, "",
                               "", "")]


def test_workbook_lists_sheets_shown_and_skipped(tmp_path) -> None:
    path = _book(tmp_path / "台账.xlsx", [("旧", OLD, "veryHidden"), ("台账", NEW, "visible")], chart=True)
    with open_workbook(path) as book:
        assert book.sheet_names == ["台账"]
        assert book.skipped_sheets == {"旧": "隐藏的工作表", "图表": "图表工作表"}
        assert book.has_sheet("旧") and not book.has_sheet("别的")
        assert book.rows("旧")[1][1] == "旧当事人"


PERSON = [HEADER, ["沈水罚字〔2019〕第3号", "王五", 50, "2019-05-01"]]


def test_all_sheets_imports_each_matching_sheet_as_its_own_batch(store, db, tmp_path) -> None:
    path = _book(tmp_path / "双公示.xlsx", [("说明", [["本文件含法人、自然人两张表"]], "visible"),
                                          ("法人", NEW, "visible"), ("旧", OLD, "hidden"),
                                          ("自然人", PERSON, "visible")])

    result = import_all_sheets(store, "ledger", path, operator="王科长")

    assert [r.sheet for r in result.reports] == ["法人", "自然人"] and result.imported == 3
    assert len({r.batch_id for r in result.reports}) == 2
    assert [(b.sheet, b.imported) for b in db.all(ImportBatch)] == [("法人", 2), ("自然人", 1)]
    assert _ledger(store) == [*NEW_ROWS,
                              (2, "", "沈水罚字〔2019〕第3号", "王五", "", "", 5_000, date(2019, 5, 1), None, "", "", "")]
    skipped = {s.sheet: s.reason for s in result.skipped}
    assert set(skipped) == {"说明", "旧"}
    assert "表头" in skipped["说明"] and skipped["旧"].startswith("隐藏的工作表")
    doc = result.to_json()
    assert (doc["all_sheets"], doc["imported"], [s["sheet"] for s in doc["sheets"]]) == (True, 3, ["法人", "自然人"])


def test_all_sheets_is_strict_across_sheets(store, db, tmp_path) -> None:
    bad = [HEADER, ["沈水罚字〔2019〕第3号", "王五", 50, "2019-02-30"]]
    path = _book(tmp_path / "双公示.xlsx", [("法人", NEW, "visible"), ("自然人", bad, "visible")])
    before = db.counts()
    with pytest.raises(ImportRejectedError) as info:
        import_all_sheets(store, "ledger", path)
    assert "自然人" in info.value.message and info.value.sheet == "自然人"
    assert db.counts() == before  # the good 法人 sheet was not written either
    dry = import_all_sheets(store, "ledger", path, skip_invalid=True, dry_run=True)
    assert [r.imported for r in dry.reports] == [2, 0] and db.counts() == before


def test_all_sheets_without_any_matching_sheet_is_refused(store, tmp_path) -> None:
    path = _book(tmp_path / "说明.xlsx", [("说明", [["无数据"]], "visible")])
    with pytest.raises(BadFileError) as info:
        import_all_sheets(store, "ledger", path)
    assert "说明.xlsx" in info.value.message and info.value.file == "说明.xlsx"
