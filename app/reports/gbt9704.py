"""The page of an official document per GB/T 9704-2012《党政机关公文格式》, for every document the
program issues (整改报告, 整改通知书, 监督函, 建议书, 移送函, 通报).

    A4 · 版心 156 mm × 225 mm · 天头 37 mm · 订口 28 mm (so 35 mm below, 26 mm right)
    正文 3号 (16 pt) 仿宋/宋体 on a grid of 22 lines × 28 characters
    版头: 发文机关标志 (red), 发文字号 (with 签发人 on 上行文), the red separator line
    主体: 标题 (2号), 主送机关, 正文, 附件说明, 发文机关署名 + 成文日期 with the 印章 position
    页码 "— 1 —" in 4号 (14 pt) 7 mm below the 版心, odd pages right, even pages left (空一字)

Body text is drawn by `GridText`: each line is placed on the grid (line pitch 225/22 mm) with
the character spacing that puts exactly 28 full-width characters across the 156 mm, whatever
the font's own advance; lines that hold Latin text or digits are justified to the right edge.
`build_document` lays the flowables out in a frame that is exactly the 版心.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app.jobs import Cancel, Progress, raise_if_cancelled
from app.reports.fonts import FontSet
from app.reports.output import CANCELLED_MESSAGE, atomic_file
from app.reports.pdf_base import CharWidths, wrap_lines
from app.reports.text import cn_date

PAGE_W, PAGE_H = A4
TOP, LEFT = 37 * mm, 28 * mm
TEXT_W, TEXT_H = 156 * mm, 225 * mm
BOTTOM, RIGHT = PAGE_H - TOP - TEXT_H, PAGE_W - LEFT - TEXT_W
BODY_PT, LINES, CHARS = 16.0, 22, 28
PITCH = TEXT_W / CHARS  # one character cell: 5.57 mm
LEADING = TEXT_H / LINES  # one line: 10.23 mm
TITLE_PT = 22.0  # 2号
FOLIO_PT = 14.0  # 4号
RED = colors.HexColor("#E60012")
IDEO_SPACE = "\u3000"


class GridWidths(CharWidths):
    """Advance of each character on the grid: its width plus the spacing that makes a full-width
    character exactly one cell."""

    def __init__(self, font: str, size: float, space: float) -> None:
        super().__init__(font, size)
        self.space = space

    def __call__(self, ch: str) -> float:
        return super().__call__(ch) + self.space

    def of(self, text: str) -> list[float]:
        return [self(ch) for ch in text]


def grid_space(font: str, size: float = BODY_PT) -> float:
    """The character spacing that makes one full-width character advance exactly one cell."""
    return PITCH * size / BODY_PT - pdfmetrics.stringWidth("国", font, size)


class GridText(Flowable):
    """A paragraph on the line grid: `indent` cells before the first line (2 for body text),
    `align` justify / left / center / right (`right_cells` cells kept free at the right)."""

    def __init__(self, text: str, font: str, *, size: float = BODY_PT, indent: int = 2, align: str = "justify",
                 right_cells: int = 0, color: Any = colors.black, lines_per_line: int = 1,
                 lines: list[str] | None = None) -> None:
        super().__init__()
        self.text, self.font, self.size, self.indent = text, font, size, indent
        self.align, self.right_cells, self.color = align, right_cells, color
        self.step = LEADING * lines_per_line  # a title at 2号 takes two grid lines per line
        self.space = grid_space(font, size)
        self.widths = GridWidths(font, size, self.space)
        self.preset = lines
        self.lines: list[str] = []

    def _copy(self, lines: list[str]) -> GridText:
        return GridText(self.text, self.font, size=self.size, indent=self.indent, align=self.align,
                        right_cells=self.right_cells, color=self.color, lines_per_line=round(self.step / LEADING),
                        lines=lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.preset is not None:
            self.lines = self.preset
        elif not self.text:
            self.lines = [""]
        else:
            self.lines = wrap_lines(IDEO_SPACE * self.indent + self.text, self.widths,
                                    TEXT_W - self.right_cells * PITCH + 0.01)
        self.height = len(self.lines) * self.step
        return TEXT_W, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int((avail_height + 1e-6) // self.step)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [self._copy(self.lines[:fit]), self._copy(self.lines[fit:])]

    def natural_width(self, line: str) -> float:
        return sum(self.widths.of(line)) - self.space

    def draw(self) -> None:
        canv = self.canv
        ascent = pdfmetrics.getAscent(self.font, self.size) * 0.98
        room = TEXT_W - self.right_cells * PITCH
        canv.setFillColor(self.color)
        for n, line in enumerate(self.lines):
            if not line:
                continue
            natural, space = self.natural_width(line), self.space
            if self.align == "center":
                x = (TEXT_W - natural) / 2
            elif self.align == "right":
                x = room - natural
            else:
                x = 0.0
                if self.align == "justify" and n < len(self.lines) - 1 and len(line) > 1 and natural < room:
                    space += (room - natural) / (len(line) - 1)
            y = self.height - n * self.step - (self.step - LEADING) / 2 - ascent
            t = canv.beginText(x, y)
            t.setFont(self.font, self.size)
            t.setCharSpace(space)
            t.textOut(line)
            canv.drawText(t)


def blank(lines: int = 1) -> Flowable:
    return GridText("", "Helvetica", indent=0, lines_per_line=lines)


@dataclass
class Document:
    """What an issued document says; `body` holds flowables (GridText, tables)."""

    kind: str
    issuer: str  # 发文机关标志, e.g. 沈阳市水务局文件
    doc_no: str
    title: str
    addressee: str
    body: list[Flowable]
    signature: str  # 发文机关署名
    issued_on: date
    signer: str = ""  # 签发人 (上行文 only)
    attachments: Sequence[str] = ()
    appendix: list[Flowable] = field(default_factory=list)  # the attachments' pages
    closing: list[Flowable] = field(default_factory=list)  # the last paragraphs, kept with the signature


class Letterhead(Flowable):
    """版头: the red 发文机关标志, the 发文字号 (签发人 on the right for 上行文), the red line."""

    def __init__(self, doc: Document, fonts: FontSet) -> None:
        super().__init__()
        self.doc, self.fonts = doc, fonts
        self.height = (7 if doc.signer else 5) * LEADING

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return TEXT_W, self.height

    def draw(self) -> None:
        c, d, f = self.canv, self.doc, self.fonts
        size = min(40.0, TEXT_W / max(1, len(d.issuer)) * 0.95)
        c.setFillColor(RED)
        c.setFont(f.body, size)
        c.drawCentredString(TEXT_W / 2, self.height - LEADING * (3 if d.signer else 1) - size * 0.9, d.issuer)
        c.setFillColor(colors.black)
        c.setFont(f.body, BODY_PT)
        y_no = 2 * LEADING - BODY_PT * 0.9
        if d.signer:
            c.drawString(PITCH, y_no, d.doc_no)
            c.drawRightString(TEXT_W - PITCH, y_no, f"签发人：{d.signer}")
        else:
            c.drawCentredString(TEXT_W / 2, y_no, d.doc_no)
        c.setStrokeColor(RED)
        c.setLineWidth(1.0)
        c.line(0, y_no - 4 * mm, TEXT_W, y_no - 4 * mm)


class SignatureBlock(Flowable):
    """发文机关署名 centred over the 成文日期 (右空四字), the 印章 position as a dashed red circle
    pressing on both, its top within a line of the text above."""

    def __init__(self, signature: str, issued_on: date, font: str) -> None:
        super().__init__()
        self.signature, self.issued_on, self.font = signature, issued_on, font
        self.height = 4 * LEADING

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return TEXT_W, self.height

    def draw(self) -> None:
        c = self.canv
        text = cn_date(self.issued_on)
        space = grid_space(self.font)
        widths = GridWidths(self.font, BODY_PT, space)
        width = sum(widths.of(text)) - space
        right = TEXT_W - 4 * PITCH
        centre = right - width / 2
        ascent = pdfmetrics.getAscent(self.font, BODY_PT) * 0.98
        for n, line in ((2, self.signature), (3, text)):
            w = sum(widths.of(line)) - space
            t = c.beginText(centre - w / 2, self.height - n * LEADING - ascent)
            t.setFont(self.font, BODY_PT)
            t.setCharSpace(space)
            t.textOut(line)
            c.drawText(t)
        c.setStrokeColor(RED)
        c.setDash(3, 2)
        c.setLineWidth(0.6)
        c.circle(centre, self.height - 2.2 * LEADING, 21 * mm, stroke=1, fill=0)
        c.setDash()


def folio(canvas: Canvas, page: int, font: str) -> None:
    """页码 — N — : 4号, its line 7 mm below the 版心, odd pages right and even pages left, 空一字."""
    text = f"— {page} —"
    y = BOTTOM - 7 * mm - FOLIO_PT * 0.8
    canvas.setFont(font, FOLIO_PT)
    canvas.setFillColor(colors.black)
    if page % 2:
        canvas.drawRightString(LEFT + TEXT_W - FOLIO_PT, y, text)
    else:
        canvas.drawString(LEFT + FOLIO_PT, y, text)


def story_of(doc: Document, fonts: FontSet) -> list[Flowable]:
    """The document's flowables in the order GB/T 9704 sets them."""
    from reportlab.platypus import KeepTogether, PageBreak

    body = fonts.body
    out: list[Flowable] = [Letterhead(doc, fonts), blank(),
                           GridText(doc.title, body, size=TITLE_PT, indent=0, align="center", lines_per_line=2),
                           blank()]
    if doc.addressee:
        out.append(GridText(f"{doc.addressee}：", body, indent=0))
    main, closing = list(doc.body), list(doc.closing)
    if not closing and main and isinstance(main[-1], GridText):
        closing = [main.pop()]  # the signature never stands alone on a page: the last paragraph goes with it
    out += main
    tail: list[Flowable] = closing
    if doc.attachments:
        tail.append(blank())
        for n, name in enumerate(doc.attachments, start=1):
            number = f"{n}．" if len(doc.attachments) > 1 else ""
            lead = "附件：" if n == 1 else IDEO_SPACE * 3
            tail.append(GridText(f"{lead}{number}{name}", body))
    tail.append(SignatureBlock(doc.signature, doc.issued_on, body))
    out.append(KeepTogether(tail))
    if doc.appendix:
        out += [PageBreak(), *doc.appendix]
    return out


def build_document(out: Path, doc: Document, fonts: FontSet, *, progress: Progress | None = None,
                   cancel: Cancel | None = None) -> Path:
    """Lay the document out on GB/T 9704 pages into `out`, atomically."""

    def on_page(canvas: Canvas, template: BaseDocTemplate) -> None:
        raise_if_cancelled(cancel, CANCELLED_MESSAGE)
        folio(canvas, canvas.getPageNumber(), fonts.body)
        if progress is not None:
            progress(template.page, template.page, "排版")

    out = Path(out)
    with atomic_file(out) as temp:
        template = BaseDocTemplate(str(temp), pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                                   bottomMargin=BOTTOM, title=doc.title, author=doc.signature,
                                   creator="CaseAudit 执法案卷倒查工作台", subject=doc.doc_no,
                                   initialFontName=fonts.body)
        frame = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                      id="版心")
        template.addPageTemplates([PageTemplate(id="公文", frames=[frame], onPage=on_page)])
        template.build(story_of(doc, fonts))
    if progress is not None:
        progress(1, 1, "完成")
    return out


class GridSnap(Flowable):
    """Takes up what is left of the current grid line after a table, so the text after it sits
    on the grid again (the frame's height is a whole number of lines)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        lines = (ah + 1e-6) // LEADING
        self.height = max(0.0, ah - lines * LEADING)
        if self.height < 1e-3:
            self.height = 0.0
        return TEXT_W, self.height

    def draw(self) -> None:
        return None
