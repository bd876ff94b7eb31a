"""The 首页's two charts, drawn again in the 整改报告 with ReportLab graphics so the leader who
signs the report reads the same picture as on the screen (ui/campaigns/dashboard_page.py):

    问题按类别      horizontal bars, the taxonomy's categories top to bottom, the count after each bar
    整改进度        one bar cut into 已销号 · 整改中、待整改 · 逾期未销号, with a legend and the 销号率

The figures are the dashboard's (app.campaigns.dashboard: `Count`, `status_counts`) taken from
the report's own problem list, so the charts agree with the report's opening sentence. Labels are
drawn in the report's embedded body font; a category name too long for the label column is set
smaller rather than cut, since a leader must read the whole category.

    chart_figures(data) → ChartFigures · category_chart(figs, font) / progress_chart(figs, font)
    report_charts(data, fonts) → [Flowable …]   what pdf_rectification puts under 一、总体情况
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.rectify.status_counts import Count, StatusCounts, status_counts
from app.reports.fonts import FontSet
from app.reports.gbt9704 import TEXT_W, GridSnap, GridText, blank
from app.reports.text import clean

# the dashboard's colours (ui/common/charts.py), so screen and paper match
BAR = colors.HexColor("#3b6ea8")
GREEN, BLUE, RED, GREY = (colors.HexColor(c) for c in ("#3a8a4f", "#3b6ea8", "#c0392b", "#9aa0a6"))
CLOSED = "已销号"
LABEL_PT, MIN_LABEL_PT = 10.5, 7.0  # 五号, and the smallest a long category name is set in
TWO_LINES_BELOW = 8.0  # a name that fits one line only below this size takes two lines
ROW_H = 7.5 * mm  # one category's row in the bar chart
LABEL_W = 52 * mm  # the category-name column
CATEGORY_TITLE = "图1　问题按类别"
PROGRESS_TITLE = "图2　整改进度"
OPEN_LABEL = "整改中、待整改"
OVERDUE_LABEL = "逾期未销号"


@dataclass(frozen=True)
class ChartFigures:
    by_category: list[Count]
    status: StatusCounts


def _problems_for_counting(problems: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The report's problems as dashboard.status_counts reads them: a closed problem is never
    overdue (as in the report's opening sentence), a missing status is 待整改."""
    out = []
    for p in problems:
        status = p.get("status") or "待整改"
        out.append({"status": status, "overdue": bool(p.get("overdue")) and status != CLOSED})
    return out


def chart_figures(data: Mapping[str, Any]) -> ChartFigures:
    """Problems per category (every taxonomy category, zeros included, others after) and the
    rectified / open / overdue counts, from the report's plain data."""
    problems = list(data.get("problems") or [])
    counts = Counter(clean(p.get("category")) or "未分类" for p in problems)
    categories = [clean(c) for c in data.get("categories") or []]
    names = categories + sorted(c for c in counts if c not in categories)
    return ChartFigures([Count(c, counts.get(c, 0)) for c in names],
                        status_counts(_problems_for_counting(problems)))


def label_lines(text: str, font: str, width: float) -> tuple[list[str], float]:
    """The category name as it fits the label column: one line at 五号 down to 8 pt, else two
    lines (cut at the middle) down to 7 pt — never cut short, a leader reads the whole name."""
    one = width / max(stringWidth(text, font, 1.0), 1e-6)
    if one >= TWO_LINES_BELOW or len(text) < 2:
        return [text], min(LABEL_PT, max(MIN_LABEL_PT, one))
    half = (len(text) + 1) // 2
    lines = [text[:half], text[half:]]
    two = width / max(max(stringWidth(t, font, 1.0) for t in lines), 1e-6)
    return lines, min(LABEL_PT, max(MIN_LABEL_PT, two))


def canvas_for(width: float, height: float, font: str) -> Drawing:
    """A drawing whose starting font is the embedded one: the renderer otherwise begins with
    Helvetica, which is not embedded and lands in the PDF's font list."""
    drawing = Drawing(width, height)
    drawing.initialFontName, drawing.initialFontSize = font, LABEL_PT
    return drawing


def category_chart(figs: ChartFigures, font: str, width: float = TEXT_W) -> Drawing:
    """问题按类别 as horizontal bars, the first category at the top, each count after its bar."""
    rows = figs.by_category or [Count("暂无问题", 0)]
    top = max(c.value for c in rows)
    plot_h = ROW_H * len(rows)
    drawing = canvas_for(width, plot_h + 14 * mm, font)
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_W, 10 * mm
    chart.width, chart.height = width - LABEL_W - 12 * mm, plot_h
    chart.data = [[c.value for c in rows]]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barWidth = ROW_H * 0.6
    chart.groupSpacing = ROW_H * 0.4
    chart.categoryAxis.categoryNames = [""] * len(rows)  # the names are drawn below, each sized to fit
    chart.categoryAxis.reverseDirection = 1  # the taxonomy's order, top to bottom
    chart.categoryAxis.visibleTicks = 0
    chart.categoryAxis.labels.fontName = font  # even empty labels name a font; never the unembedded Helvetica
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(top, 1) * 1.12  # room for the count after the longest bar
    chart.valueAxis.valueStep = _step(max(top, 1))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = LABEL_PT
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 1.5 * mm
    drawing.add(chart)
    for n, c in enumerate(rows):
        lines, size = label_lines(c.label, font, LABEL_W - 3 * mm)
        middle = chart.y + plot_h - (n + 0.5) * ROW_H
        first = middle + (len(lines) - 1) * size * 0.55 - size * 0.35
        for k, line in enumerate(lines):
            drawing.add(String(LABEL_W - 2 * mm, first - k * size * 1.1, line, fontName=font, fontSize=size,
                               textAnchor="end"))
    return drawing


def _step(top: int) -> int:
    """A whole-number axis step giving at most about six grid lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def progress_segments(status: StatusCounts) -> list[tuple[str, int, Any]]:
    """(label, count, colour) of the progress bar, as the 首页 cuts it."""
    return [(CLOSED, status.rectified, GREEN), (OPEN_LABEL, status.open - status.overdue, BLUE),
            (OVERDUE_LABEL, status.overdue, RED)]


def progress_chart(figs: ChartFigures, font: str, width: float = TEXT_W) -> Drawing:
    """整改进度: one bar of the problems found, cut by status, the legend with counts under it."""
    status = figs.status
    bar_h, legend_h = 8 * mm, 7 * mm
    drawing = canvas_for(width, bar_h + legend_h + 9 * mm, font)
    y_bar = legend_h + 2 * mm
    headline = f"发现问题 {status.found} 个，销号率 {status.rate:.0%}" if status.found else "暂无问题"
    drawing.add(String(0, y_bar + bar_h + 2.5 * mm, headline, fontName=font, fontSize=LABEL_PT))
    if not status.found:
        drawing.add(Rect(0, y_bar, width, bar_h, fillColor=GREY, strokeColor=None))
        return drawing
    x = 0.0
    for _label, value, colour in progress_segments(status):
        w = width * value / status.found
        if w > 0:
            drawing.add(Rect(x, y_bar, w, bar_h, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5))
            x += w
    x = 0.0
    for label, value, colour in progress_segments(status):
        drawing.add(Rect(x, 1.5 * mm, 3.5 * mm, 3.5 * mm, fillColor=colour, strokeColor=None))
        text = f"{label} {value}"
        drawing.add(String(x + 5 * mm, 1.8 * mm, text, fontName=font, fontSize=LABEL_PT))
        x += 5 * mm + stringWidth(text, font, LABEL_PT) + 8 * mm
    return drawing


class Keep(Flowable):
    """A drawing that never splits across pages (a chart cut in two is unreadable)."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, 0, 0)


def report_charts(data: Mapping[str, Any], fonts: FontSet) -> list[Flowable]:
    """The two charts with their captions, each followed by a snap back onto the text grid."""
    figs = chart_figures(data)
    out: list[Flowable] = [blank()]
    for title, drawing in ((CATEGORY_TITLE, category_chart(figs, fonts.body)),
                           (PROGRESS_TITLE, progress_chart(figs, fonts.body))):
        out += [GridText(title, fonts.body, indent=0, align="center"), Keep(drawing), GridSnap()]
    return out
