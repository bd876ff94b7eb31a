"""Two small charts drawn with QPainter (QtCharts is not part of PySide6-Essentials):

    BarChart        horizontal bars with a label column and the value after each bar
    ProgressChart   one bar cut into coloured segments (已销号 · 未销号 · 逾期 …) with a legend

A leader reads them at a glance: few colours, values written out, nothing to hover over. The
widgets hold plain (label, value) data and repaint when it changes; they never read the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor("#3b6ea8")
GREEN, BLUE, AMBER, RED, GREY = (QColor(c) for c in ("#3a8a4f", "#3b6ea8", "#d08a1e", "#c0392b", "#9aa0a6"))
EMPTY_TEXT = "暂无数据"


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    color: QColor


class BarChart(QWidget):
    """Horizontal bars, one per (label, value), longest scale = the largest value."""

    def __init__(self, title: str = "", parent: QWidget | None = None, *, max_rows: int = 10) -> None:
        super().__init__(parent)
        self.title = title
        self.max_rows = max_rows
        self.rows: list[tuple[str, int]] = []
        self.color = BAR_COLOR
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)

    def set_data(self, rows: Sequence[tuple[str, int]]) -> None:
        """Show the first `max_rows` rows; the rest are summed into one 其他 row."""
        rows = [(str(label), int(value)) for label, value in rows]
        if len(rows) > self.max_rows:
            rest = sum(v for _, v in rows[self.max_rows - 1:])
            rows = rows[: self.max_rows - 1] + [(f"其他（{len(rows) - self.max_rows + 1} 项）", rest)]
        self.rows = rows
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        title = self.fontMetrics().height() + 8 if self.title else 0
        return QSize(360, title + max(1, len(self.rows)) * self.row_height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        top = 4
        if self.title:
            bold = p.font()
            bold.setBold(True)
            p.setFont(bold)
            p.drawText(QRectF(0, top, self.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, self.title)
            p.setFont(self.font())
            top += fm.height() + 8
        if not self.rows:
            p.setPen(GREY)
            p.drawText(QRectF(0, top, self.width(), self.row_height()), Qt.AlignmentFlag.AlignLeft, EMPTY_TEXT)
            p.end()
            return
        label_w = min(max(fm.horizontalAdvance(label) for label, _ in self.rows) + 12, int(self.width() * 0.45))
        value_w = max(fm.horizontalAdvance(str(v)) for _, v in self.rows) + 10
        span = max(1, self.width() - label_w - value_w - 4)
        biggest = max(1, max(v for _, v in self.rows))
        h = self.row_height()
        for n, (label, value) in enumerate(self.rows):
            y = top + n * h
            p.setPen(self.palette().text().color())
            text = fm.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - 12)
            p.drawText(QRectF(0, y, label_w - 8, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       text)
            width = span * value / biggest
            p.fillRect(QRectF(label_w, y + 4, span, h - 8), QColor(0, 0, 0, 12))
            if value:
                p.fillRect(QRectF(label_w, y + 4, max(2.0, width), h - 8), self.color)
            p.drawText(QRectF(label_w + width + 6, y, value_w, h), Qt.AlignmentFlag.AlignVCenter, str(value))
        p.end()


class ProgressChart(QWidget):
    """One bar split into segments, the share of the first written over it, a legend below."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.segments: list[Segment] = []
        self.headline = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_segments(self, segments: Sequence[Segment], headline: str = "") -> None:
        self.segments = list(segments)
        self.headline = headline
        self.update()

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, self.fontMetrics().height() * 4 + 34)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height()
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(0, 2, self.width(), line), Qt.AlignmentFlag.AlignLeft, self.title)
        p.drawText(QRectF(0, 2, self.width(), line), Qt.AlignmentFlag.AlignRight, self.headline)
        p.setFont(self.font())
        bar = QRectF(0, line + 8, self.width(), line + 10)
        p.fillRect(bar, QColor(0, 0, 0, 18))
        total = self.total
        x = 0.0
        for seg in self.segments if total else []:
            w = bar.width() * seg.value / total
            p.fillRect(QRectF(x, bar.top(), w, bar.height()), seg.color)
            if w > fm.horizontalAdvance(str(seg.value)) + 6:
                p.setPen(QColor("white"))
                p.drawText(QRectF(x, bar.top(), w, bar.height()), Qt.AlignmentFlag.AlignCenter, str(seg.value))
            x += w
        if not total:
            p.setPen(GREY)
            p.drawText(bar, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
        x, y = 0.0, bar.bottom() + 8
        for seg in self.segments:
            p.fillRect(QRectF(x, y + 3, 12, line - 6), seg.color)
            p.setPen(QPen(self.palette().text().color()))
            text = f"{seg.label} {seg.value}"
            p.drawText(QRectF(x + 16, y, fm.horizontalAdvance(text) + 4, line), Qt.AlignmentFlag.AlignVCenter, text)
            x += fm.horizontalAdvance(text) + 34
        p.end()
