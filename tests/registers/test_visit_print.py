"""The printed return visits: a 回访记录表 per party (one page each, the record as entered, boxes
ticked) and the satisfaction summary by unit as PDF and Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.errors import UserError
from app.registers.visit_print import SUMMARY_HEADERS, write_visit_sheets, write_visit_summary
from app.registers.visits import draw_visits, record_visit
from tests.registers.builders import decided_cases, store_with
from tests.reports.helpers import assert_all_embedded, page_texts, sheet_rows, squeeze


def test_sheets_and_summary(tmp_path: Path) -> None:
    store = store_with(tmp_path / "s.sqlite", decided_cases(12))
    try:
        with pytest.raises(UserError, match="还没有抽取回访对象"):
            write_visit_sheets(store, tmp_path / "none.pdf")
        visits = draw_visits(store, n=3, seed=4)["visits"]
        record_visit(store, visits[0]["id"], on=date(2024, 3, 1), way="上门", visitor="王五",
                     statement="态度很好", satisfaction="满意")
        pdf = write_visit_sheets(store, tmp_path / "记录表.pdf")
        pages = [squeeze(t) for t in page_texts(pdf)]
        assert len(pages) == 3 and all("行政处罚回访记录表" in p for p in pages)
        assert "■上门" in pages[0] and "■满意" in pages[0] and "态度很好" in pages[0] and visits[0]["party"] in pages[0]
        assert "■" not in pages[1] and "□电话□上门□书面" in pages[1]
        assert_all_embedded(pdf)
        one = write_visit_sheets(store, tmp_path / "一户.pdf", visit_ids=[visits[2]["id"]])
        assert len(page_texts(one)) == 1 and visits[2]["party"] in squeeze(page_texts(one)[0])
        with pytest.raises(UserError, match="找不到回访"):
            write_visit_sheets(store, tmp_path / "x.pdf", visit_ids=[999])
        rows = sheet_rows(write_visit_summary(store, tmp_path / "统计.xlsx"))
        assert rows[2] == list(SUMMARY_HEADERS)
        total = rows[-1]
        assert total[1] == "合计" and total[2:8] == [3, 1, 1, 0, 0, "100.0%"]
        summary_pdf = write_visit_summary(store, tmp_path / "统计.pdf")
        assert "行政处罚回访满意度统计表" in squeeze(page_texts(summary_pdf)[0])
        assert_all_embedded(summary_pdf)
    finally:
        store.close()
