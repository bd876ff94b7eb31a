"""Any list printed: a titled A4 table, landscape when wide, the header on every page."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from app.reports.table_data import DATE, FEN, TableColumn, TableData
from app.reports.table_pdf import write_table_pdf
from tests.reports.helpers import assert_all_embedded, page_texts, squeeze


def _size(path: Path) -> tuple[float, float]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[0].get_size()
    finally:
        doc.close()


def test_long_list_repeats_its_header_and_stays_portrait_when_narrow(tmp_path: Path) -> None:
    from datetime import date

    cols = [TableColumn("案号"), TableColumn("罚款金额", FEN), TableColumn("决定日期", DATE)]
    rows = [[f"沈水罚字〔2019〕第{i}号", 123456 * i, date(2019, 3, 5)] for i in range(1, 201)]
    out = write_table_pdf(tmp_path / "t.pdf", TableData("案卷登记", cols, rows, subtitle="共 200 条"))
    assert out == 200
    pages = page_texts(tmp_path / "t.pdf")
    assert len(pages) > 2
    assert all("罚款金额" in squeeze(p) for p in pages)  # the header on every page
    assert "案卷登记" in squeeze(pages[0]) and "共200条" in squeeze(pages[0])
    assert "1,234.56" in pages[0] and "2019-03-05" in pages[0]
    assert "第1页共" in squeeze(pages[0])
    width, height = _size(tmp_path / "t.pdf")
    assert width < height
    assert_all_embedded(tmp_path / "t.pdf")


def test_wide_list_turns_landscape(tmp_path: Path) -> None:
    cols = [TableColumn(f"第{i}列的表头") for i in range(12)]
    rows = [[f"内容{i}-{c}，稍长一些的文字" for c in range(12)] for i in range(5)]
    write_table_pdf(tmp_path / "w.pdf", TableData("宽表", cols, rows))
    width, height = _size(tmp_path / "w.pdf")
    assert width > height
    assert "第11列的表头" in squeeze(page_texts(tmp_path / "w.pdf")[0])
