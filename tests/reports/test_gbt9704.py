"""GB/T 9704-2012 measured on the PDF itself (pypdfium2 character boxes): 订口 28 mm, 天头 37 mm,
22 lines × 28 characters on a full page, 3号 body in the bundled Song face, folio — N —."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app.reports import doc_parts as parts
from app.reports.fonts import document_fonts
from app.reports.gbt9704 import Document, build_document
from tests.reports.helpers import pdffonts

MM = 72 / 25.4
TEXT = "各执法单位要突出重点整体推进针对重点行政处罚领域全面深入开展自查自纠工作认真梳理历史遗留积案群众信访举报和行政处罚卷宗"


def char_boxes(path: Path, page_no: int) -> tuple[float, list[tuple[str, float, float, float, float]]]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_no]
        tp = page.get_textpage()
        out = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if ch.strip():
                out.append((ch, *tp.get_charbox(i, loose=True)))
        return page.get_height(), out
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def long_document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    fonts = document_fonts()
    body = [parts.para(TEXT * 3, fonts) for _ in range(30)]
    doc = Document(kind="通报", issuer="沈阳市水务局文件", doc_no="沈水依法办发〔2024〕3号", title="关于典型案例的通报",
                   addressee="局直各行政执法单位", body=body, signature="沈阳市水务局", issued_on=date(2024, 9, 10))
    return build_document(tmp_path_factory.mktemp("gbt") / "doc.pdf", doc, fonts)


def test_a_full_page_has_22_lines_of_28_characters_inside_the_margins(long_document: Path) -> None:
    height, boxes = char_boxes(long_document, 1)  # page 2: body text only
    body = [b for b in boxes if b[0] not in "—0123456789"]
    lines: dict[int, list[tuple[str, float, float, float, float]]] = defaultdict(list)
    for b in body:
        lines[round(b[2])].append(b)  # by the bottom of the box (one baseline per line)
    assert len(lines) == 22
    counts = [len(v) for v in lines.values()]
    # full lines hold exactly 28; a paragraph's first line 26 after its two-character indent
    assert max(counts) == 28 and counts.count(28) >= 14 and 26 in counts
    left = min(b[1] for b in body) / MM
    top = (height - max(b[4] for b in body)) / MM
    right = max(b[3] for b in body) / MM
    bottom = (height - min(b[2] for b in body)) / MM
    assert 27 <= left <= 29, left  # 订口 28 mm
    assert 36 <= top <= 38, top  # 天头 37 mm
    assert 183 <= right <= 185, right  # 版心 156 mm wide: 28 + 156
    assert bottom <= 37 + 225 + 1, bottom  # 版心 225 mm tall
    pitch = sorted(lines)  # equal line spacing: 225 mm / 22
    gaps = {round((b - a) / MM, 1) for a, b in zip(pitch, pitch[1:], strict=False)}
    assert gaps <= {10.2, 10.3}, gaps


def test_folio_and_body_font(long_document: Path) -> None:
    pdf = pdfium.PdfDocument(str(long_document))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    for n, text in enumerate(texts, start=1):
        assert f"— {n} —" in text
    height, boxes = char_boxes(long_document, 0)
    folio = [b for b in boxes if b[0] == "—"]
    assert folio and all((height - b[2]) / MM > 262 for b in folio)  # below the 版心
    assert min(b[1] for b in folio) / MM > 150  # odd page: on the right
    _h, even = char_boxes(long_document, 1)
    assert min(b[1] for b in even if b[0] == "—") / MM < 40  # even page: on the left
    fonts = pdffonts(long_document)
    assert all(f["emb"] for f in fonts)
    assert any("UMing" in f["name"] for f in fonts), fonts  # the Song face, not the sans-serif fallback
