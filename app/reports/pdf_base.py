"""The look shared by the PDF reports: an official document in the spirit of GB/T 9704 (A4,
margins 37/35/28/26 mm, a 22-point centred title, 16-point body, about 1.5 line spacing), every
page footed 第 N 页 共 M 页, and tables that wrap CJK text and repeat their header on each page.

Tables use plain (pre-wrapped) strings instead of Paragraphs: a 1,000-row report then costs
about what a bare ReportLab table of the same rows costs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from app.jobs import Cancel, Progress, raise_if_cancelled
from app.reports.fonts import FontSet
from app.reports.output import CANCELLED_MESSAGE, atomic_file

PORTRAIT_MARGINS = (37 * mm, 35 * mm, 28 * mm, 26 * mm)  # top, bottom, left, right
LANDSCAPE_MARGINS = (22 * mm, 20 * mm, 22 * mm, 20 * mm)
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’％%·…—,.;:?!)]")
NO_LINE_END = frozenset("（《「『【〔“‘([")
CELL_PAD = 4.0
# Streams are Flate-compressed only: the ASCII85 layer on top made files a quarter larger and cost
# a third of a 1,000-problem report's time (ReportLab encodes it in pure Python).
rl_config.useA85 = 0


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    title: ParagraphStyle
    doc_no: ParagraphStyle
    body: ParagraphStyle
    heading: ParagraphStyle
    plain: ParagraphStyle
    right: ParagraphStyle
    small: ParagraphStyle
    sign: ParagraphStyle


def make_styles(fonts: FontSet, body_size: float = 16) -> Styles:
    b, t = fonts.body, fonts.title
    common: dict[str, Any] = {"wordWrap": "CJK", "fontName": b}
    return Styles(
        fonts=fonts,
        title=ParagraphStyle("title", fontName=t, fontSize=22, leading=33, alignment=TA_CENTER, wordWrap="CJK",
                             spaceBefore=6, spaceAfter=18),
        doc_no=ParagraphStyle("doc_no", fontSize=16, leading=24, alignment=TA_CENTER, **common),
        body=ParagraphStyle("body", fontSize=body_size, leading=body_size * 1.75, alignment=TA_JUSTIFY,
                            firstLineIndent=body_size * 2, **common),
        heading=ParagraphStyle("heading", fontName=t, fontSize=body_size, leading=body_size * 1.75,
                               alignment=TA_LEFT, wordWrap="CJK", spaceBefore=6, spaceAfter=4),
        plain=ParagraphStyle("plain", fontSize=body_size, leading=body_size * 1.75, alignment=TA_LEFT, **common),
        right=ParagraphStyle("right", fontSize=body_size, leading=body_size * 1.75, alignment=TA_RIGHT, **common),
        small=ParagraphStyle("small", fontSize=12, leading=18, alignment=TA_LEFT, **common),
        sign=ParagraphStyle("sign", fontSize=14, leading=22, alignment=TA_LEFT, **common),
    )


def esc(text: object) -> str:
    """User text for a Paragraph (which reads a little XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


class CharWidths:
    """Per-character widths of one font size, cached (CJK wrapping measures one char at a time)."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.cache: dict[str, float] = {}

    def __call__(self, ch: str) -> float:
        w = self.cache.get(ch)
        if w is None:
            w = self.cache[ch] = pdfmetrics.stringWidth(ch, self.font, self.size)
        return w

    def of(self, text: str) -> list[float]:
        get = self.cache.get
        out = [get(ch) for ch in text]
        if None in out:
            out = [self(ch) for ch in text]
        return out  # type: ignore[return-value]


def _alnum(ch: str) -> bool:
    """Part of a Latin word or a number (56,000.00 · A10000004 · 2017-04-18)."""
    return ch.isascii() and (ch.isalnum() or ch in ".,:%/-_")


def _break_at(s: str, start: int, end: int) -> int:
    """Where to end the line s[start:end] when s[end] does not fit: not before closing
    punctuation, not after opening punctuation, not inside a short run of Latin letters or
    digits. -1 when the whole line is one such run."""
    idx, nxt = end, s[end]
    while nxt in NO_LINE_START and idx > start + 1:
        idx -= 1
        nxt = s[idx]
    if _alnum(nxt):
        j = idx
        while j > start and _alnum(s[j - 1]) and idx - j < 24:
            j -= 1
        idx = j
    while idx > start and s[idx - 1] in NO_LINE_END:
        idx -= 1
    return idx if idx > start else -1


def wrap_lines(text: str, widths: CharWidths, width: float) -> list[str]:
    """Break text into lines no wider than `width` (CJK text breaks between any two characters;
    a closing mark may hang past the edge when nothing else can move)."""
    lines: list[str] = []
    for para in text.split("\n"):
        cum = list(accumulate(widths.of(para), initial=0.0))
        n = len(para)
        if cum[-1] <= width:
            lines.append(para)
            continue
        start = 0
        while start < n:
            end = max(start + 1, bisect_right(cum, cum[start] + width, lo=start) - 1)
            if end >= n:
                lines.append(para[start:])
                break
            idx = _break_at(para, start, end)
            if idx < 0 and para[end] in NO_LINE_START:
                idx = end + 1
            elif idx < 0 or cum[end + 1] - cum[idx] > width:
                idx = end
            lines.append(para[start:idx].rstrip(" "))
            start = idx
            while start < n and para[start] == " ":  # a space at a line break is dropped
                start += 1
    return lines


_WIDTHS: dict[tuple[str, float], CharWidths] = {}


def char_widths(font: str, size: float) -> CharWidths:
    cw = _WIDTHS.get((font, size))
    if cw is None:
        cw = _WIDTHS[(font, size)] = CharWidths(font, size)
    return cw


class GridTable(Table):
    """A Table that draws a text cell as one text object (one BT…ET instead of one per line) and
    centres lines with cached character widths: the report's tables draw about twice as fast."""

    _curcellstyle: Any  # the cell style ReportLab's Table last set on the canvas (None at first)

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        align = cellstyle.alignment
        if (not isinstance(cellval, str) or align not in ("LEFT", "CENTER", "CENTRE")
                or cellstyle.valign != "MIDDLE" or cellstyle.href or cellstyle.destination):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        if not cellval:
            return
        canv = self.canv
        if self._curcellstyle is not cellstyle:  # the state ReportLab's own _drawCell keeps
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        colpos, rowpos = pos
        lines = cellval.split("\n")
        leading = cellstyle.leading
        y = rowpos + (cellstyle.bottomPadding + size[1] - cellstyle.topPadding + len(lines) * leading) / 2.0 \
            - cellstyle.fontsize
        t = canv.beginText(colpos + cellstyle.leftPadding, y)
        t.setFont(cellstyle.fontname, cellstyle.fontsize, leading)
        if align == "LEFT":
            t.textLines(lines, trim=0)
        else:
            widths = char_widths(cellstyle.fontname, cellstyle.fontsize)
            middle = colpos + (size[0] + cellstyle.leftPadding - cellstyle.rightPadding) / 2.0
            for line in lines:
                t.setTextOrigin(middle - sum(widths.of(line)) / 2.0, y)
                t.textOut(line)
                y -= leading
        canv.drawText(t)


def grid_table(header: Sequence[str], rows: Sequence[Sequence[object]], col_widths: Sequence[float],
               fonts: FontSet, *, size: float = 10.5, center_cols: Sequence[int] = (),
               max_lines: int = 20) -> Table:
    """A bordered table of wrapped text whose header repeats on every page. A row taller than
    `max_lines` lines is cut into rows of at most that many, so every row fits on a page."""
    body_w, head_w = char_widths(fonts.body, size), char_widths(fonts.title, size)
    inner = [w - 2 * CELL_PAD for w in col_widths]
    leading, pad_top, pad_bottom = size * 1.35, 3, 4
    head = [wrap_lines(str(h), head_w, w) for h, w in zip(header, inner, strict=True)]
    data = [["\n".join(c) for c in head]]
    heights = [max(len(c) for c in head) * leading + pad_top + pad_bottom]
    for row in rows:
        cells = [wrap_lines(str(v), body_w, w) for v, w in zip(row, inner, strict=True)]
        tallest = max(len(c) for c in cells)
        for k in range(0, tallest, max_lines):
            data.append(["\n".join(c[k:k + max_lines]) for c in cells])
            heights.append(min(max_lines, tallest - k) * leading + pad_top + pad_bottom)
    style = [("FONT", (0, 0), (-1, -1), fonts.body, size, leading),
             ("FONT", (0, 0), (-1, 0), fonts.title, size, leading),
             ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (0, 0), (-1, 0), "CENTER"),
             ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
             ("TOPPADDING", (0, 0), (-1, -1), pad_top), ("BOTTOMPADDING", (0, 0), (-1, -1), pad_bottom)]
    style += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in center_cols]
    # Row heights are known from the line counts: ReportLab need not measure every cell again.
    return GridTable(data, colWidths=list(col_widths), rowHeights=heights, repeatRows=1, style=TableStyle(style))


def sign_rows(pairs: Sequence[tuple[str, str]], total_width: float, style: ParagraphStyle) -> Table:
    """Signature lines: '…（签字）：＿＿' on the left, '日期：＿＿年＿＿月＿＿日' on the right."""
    return Table([[Paragraph(esc(a), style), Paragraph(esc(b), style)] for a, b in pairs],
                 colWidths=[total_width * 0.58, total_width * 0.42],
                 style=TableStyle([("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 10), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))


def header_lines(cells: Sequence[str], total_width: float, style: ParagraphStyle) -> Table:
    """The 填报单位（盖章）/ 负责人（签字）/ 填报时间 line: one borderless row of cells."""
    widths = [total_width * f for f in (0.45, 0.3, 0.25)][: len(cells)]
    return Table([[Paragraph(esc(c), style) for c in cells]], colWidths=widths,
                 style=TableStyle([("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))


def numbered_canvas(font: str) -> type[Canvas]:
    """A canvas that keeps each page until the end, then foots every one 第 N 页 共 M 页."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if not kwargs.get("initialFontName"):  # else every page names Helvetica, never embedded
                kwargs["initialFontName"] = font
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, _height = self._pagesize
                self.draw_footer(width, f"第 {self._pageNumber} 页 共 {total} 页")
                Canvas.showPage(self)
            Canvas.save(self)

        def draw_footer(self, page_width: float, text: str) -> None:
            """Centred, with word spacing wide enough that text extraction keeps the spaces."""
            gap = 3.0
            width = pdfmetrics.stringWidth(text, font, 12) + gap * text.count(" ")
            t = self.beginText(page_width / 2 - width / 2, 14 * mm)
            t.setFont(font, 12)
            t.setWordSpace(gap)
            t.textOut(text)
            self.drawText(t)

    return NumberedCanvas


def build_pdf(out: Path, story: list[Any], fonts: FontSet, *, title: str, wide: bool = False,
              progress: Progress | None = None, cancel: Cancel | None = None, est_pages: int = 1) -> Path:
    """Lay out `story` on A4 (landscape when `wide`) into `out`, atomically."""
    pagesize = landscape(A4) if wide else A4
    top, bottom, left, right = LANDSCAPE_MARGINS if wide else PORTRAIT_MARGINS

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        raise_if_cancelled(cancel, CANCELLED_MESSAGE)
        if progress is not None:
            progress(doc.page, max(est_pages, doc.page), "排版")

    out = Path(out)
    with atomic_file(out) as temp:
        doc = SimpleDocTemplate(str(temp), pagesize=pagesize, topMargin=top, bottomMargin=bottom,
                                leftMargin=left, rightMargin=right, title=title, author="CaseAudit",
                                creator="CaseAudit 执法案卷倒查工作台")
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=numbered_canvas(fonts.body))
    if progress is not None:
        progress(1, 1, "完成")
    return out


def frame_width(wide: bool = False) -> float:
    pagesize = landscape(A4) if wide else A4
    _top, _bottom, left, right = LANDSCAPE_MARGINS if wide else PORTRAIT_MARGINS
    return pagesize[0] - left - right
