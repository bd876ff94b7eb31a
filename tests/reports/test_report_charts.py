"""The 首页's charts in the 整改报告: the figures (the dashboard's), the labels in the PDF's text in
the embedded font, and the bars really drawn (the page rendered and its colours counted)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from app.reports import render_rectification_report
from app.reports.fonts import document_fonts
from app.reports.report_charts import (
    CATEGORY_TITLE,
    PROGRESS_TITLE,
    chart_figures,
    label_lines,
    progress_segments,
)
from tests.reports.factories import CATEGORIES, many, problem, report_data
from tests.reports.helpers import assert_all_embedded, page_texts, squeeze

LONG = "回应群众诉求方面（群众反映强烈、投诉集中的执法问题）"


def test_figures_are_the_problem_lists_by_category_and_status() -> None:
    data = report_data([problem(1, category=CATEGORIES[0], status="已销号", overdue=True),
                        problem(2, category=CATEGORIES[0], status="整改中", overdue=True),
                        problem(3, category=CATEGORIES[2], status="待整改"),
                        problem(4, category="其他问题", status="")])
    figs = chart_figures(data)
    assert [(c.label, c.value) for c in figs.by_category] == [
        (CATEGORIES[0], 2), (CATEGORIES[1], 0), (CATEGORIES[2], 1), (CATEGORIES[3], 0), ("其他问题", 1)]
    s = figs.status
    # a closed problem is not overdue (as in the report's first paragraph); no status is 待整改
    assert (s.found, s.rectified, s.in_progress, s.pending, s.overdue) == (4, 1, 1, 2, 1)
    assert [(label, n) for label, n, _c in progress_segments(s)] == [("已销号", 1), ("整改中、待整改", 2),
                                                                     ("逾期未销号", 1)]


def test_a_long_category_name_takes_two_lines_never_cut() -> None:
    font = document_fonts().body
    short, size = label_lines(CATEGORIES[0], font, 140.0)
    assert short == [CATEGORIES[0]] and size == 10.5
    lines, size = label_lines(LONG, font, 100.0)
    assert len(lines) == 2 and "".join(lines) == LONG and 7.0 <= size < 10.5


def _colour_pixels(path: Path, page: int, rgb: tuple[int, int, int]) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page].render(scale=60 / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    raw = image.tobytes()
    return sum(1 for i in range(0, len(raw), 3)
               if all(abs(raw[i + k] - rgb[k]) <= 12 for k in range(3)))


def test_the_report_carries_both_charts_with_their_labels(tmp_path: Path) -> None:
    data = many(40)
    data["problems"] = data["problems"] + [problem(99, category=LONG, status="待整改")]
    out = render_rectification_report(data, tmp_path / "整改报告.pdf")
    assert_all_embedded(out)
    pages = page_texts(out)
    at = next(i for i, t in enumerate(pages) if CATEGORY_TITLE.replace("　", "") in squeeze(t))
    flat = squeeze(pages[at] + (pages[at + 1] if at + 1 < len(pages) else ""))
    assert PROGRESS_TITLE.replace("　", "") in flat
    for name in CATEGORIES:
        assert name in flat
    assert squeeze(LONG[:13]) in flat and squeeze(LONG[13:]) in flat  # both lines of the long name
    figs = chart_figures(data)
    s = figs.status
    assert f"发现问题{s.found}个，销号率{s.rate:.0%}" in flat
    assert f"已销号{s.rectified}" in flat and f"整改中、待整改{s.open - s.overdue}" in flat
    assert f"逾期未销号{s.overdue}" in flat
    # the bars are drawn: the dashboard's blue (bars, open segment), green and red on that page
    for rgb in ((0x3b, 0x6e, 0xa8), (0x3a, 0x8a, 0x4f), (0xc0, 0x39, 0x2b)):
        assert _colour_pixels(out, at, rgb) > 150, rgb


def test_no_problems_draws_an_empty_progress_bar(tmp_path: Path) -> None:
    out = render_rectification_report(report_data([]), tmp_path / "空.pdf")
    flat = squeeze("".join(page_texts(out)))
    assert CATEGORY_TITLE.replace("　", "") in flat and "暂无问题" in flat
    assert all(name in flat for name in CATEGORIES)
