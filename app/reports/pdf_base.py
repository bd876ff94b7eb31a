"""The look shared by the PDF reports: an official document in the spirit of GB/T 9704 (A4,
margins 37/35/28/26 mm, a 22-point centred title, 16-point body, about 1.5 line spacing), every
page footed 第 N 页 共 M 页, and tables that wrap CJK text and repeat their header on each page.

Tables use plain (pre-wrapped) strings instead of Paragraphs: a 1,000-row report then costs
about what a bare ReportLab table of the same rows costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from app.reports.fonts import FontSet
from app.reports.output import Cancel, Progress, atomic_file, check_cancel

PORTRAIT_MARGINS = (37 * mm, 35 * mm, 28 * mm, 26 * mm)  # top, bottom, left, right
LANDSCAPE_MARGINS = (22 * mm, 20 * mm, 22 * mm, 20 * mm)
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’％%·…—,.;:?!)]")
NO_LINE_END = frozenset("（《「『【〔“‘([")
CELL_PAD = 4.0


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


def _alnum(ch: str) -> bool:
    """Part of a Latin word or a number (56,000.00 · A10000004 · 2017-04-18)."""
    return ch.isascii() and (ch.isalnum() or ch in ".,:%/-_")


def _break_at(cur: list[str], nxt: str) -> int:
    """Where to end a full line `cur` when `nxt` does not fit: not before closing punctuation,
    not after opening punctuation, not inside a short run of Latin letters or digits."""
    idx = len(cur)
    while nxt in NO_LINE_START and idx > 1:
        idx -= 1
        nxt = cur[idx]
    if _alnum(nxt):
        j = idx
        while j > 0 and _alnum(cur[j - 1]) and idx - j < 24:
            j -= 1
        idx = j
    while idx > 0 and cur[idx - 1] in NO_LINE_END:
        idx -= 1
    return idx if idx > 0 else len(cur)


def wrap_lines(text: str, widths: CharWidths, width: float) -> list[str]:
    """Break text into lines no wider than `width` (CJK text breaks between any two characters)."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur: list[str] = []
        used = 0.0
        for ch in para:
            cw = widths(ch)
            if cur and used + cw > width:
                idx = _break_at(cur, ch)
                if sum(widths(c) for c in cur[idx:]) + cw > width:
                    idx = len(cur)
                lines.append("".join(cur[:idx]))
                cur = [*cur[idx:], ch]
                used = sum(widths(c) for c in cur)
            else:
                cur.append(ch)
                used += cw
        lines.append("".join(cur))
    return lines


def grid_table(header: Sequence[str], rows: Sequence[Sequence[object]], col_widths: Sequence[float],
               fonts: FontSet, *, size: float = 10.5, center_cols: Sequence[int] = (),
               max_lines: int = 20) -> Table:
    """A bordered table of wrapped text whose header repeats on every page. A row taller than
    `max_lines` lines is cut into rows of at most that many, so every row fits on a page."""
    body_w, head_w = CharWidths(fonts.body, size), CharWidths(fonts.title, size)
    inner = [w - 2 * CELL_PAD for w in col_widths]
    data = [["\n".join(wrap_lines(str(h), head_w, w)) for h, w in zip(header, inner, strict=True)]]
    for row in rows:
        cells = [wrap_lines(str(v), body_w, w) for v, w in zip(row, inner, strict=True)]
        tallest = max(len(c) for c in cells)
        if tallest <= max_lines:
            data.append(["\n".join(c) for c in cells])
        else:
            data += [["\n".join(c[k:k + max_lines]) for c in cells] for k in range(0, tallest, max_lines)]
    style = [("FONT", (0, 0), (-1, -1), fonts.body, size, size * 1.35),
             ("FONT", (0, 0), (-1, 0), fonts.title, size, size * 1.35),
             ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (0, 0), (-1, 0), "CENTER"),
             ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    style += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in center_cols]
    return Table(data, colWidths=list(col_widths), repeatRows=1, style=TableStyle(style))


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
        check_cancel(cancel)
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
