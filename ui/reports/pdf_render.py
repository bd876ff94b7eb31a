"""PDF pages to QImage with PDFium (pypdfium2), and printing those images on a QPrinter.

PySide6's own QtPdf would need PySide6_Pdf 6.12 (see requirements.lock); pypdfium2 brings
PDFium itself. PDFium is not thread-safe, so every use here holds one lock: the preview renders
on the worker pool, printing too, and they never overlap. QImage and painting on a QPrinter are
allowed off the GUI thread (QPainter docs: "QImage, QPrinter and QPicture").
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.errors import Cancelled, UserError
from app.jobs import Cancel, Progress

POINTS_PER_INCH = 72.0
PRINT_DPI = 300
_LOCK = threading.Lock()



def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise UserError(f"无法打开 PDF 文件 {path.name}（{exc}）。") from exc


def page_sizes(path: Path | str) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    with _LOCK:
        doc = _open(Path(path))
        try:
            return [tuple(doc[i].get_size()) for i in range(len(doc))]
        finally:
            doc.close()


def page_count(path: Path | str) -> int:
    return len(page_sizes(path))


def _to_qimage(bitmap: pdfium.PdfBitmap) -> QImage:
    fmt = {"RGB": QImage.Format.Format_RGB888, "RGBX": QImage.Format.Format_RGBX8888,
           "RGBA": QImage.Format.Format_RGBA8888, "L": QImage.Format.Format_Grayscale8}[bitmap.mode]
    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt)
    return image.copy()  # own the pixels: the bitmap's buffer goes away with it


def render_pages(path: Path | str, pages: Iterable[int], dpi: float, *, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> dict[int, QImage]:
    """The given pages (0-based) rendered at `dpi`, as {index: QImage}."""
    wanted = list(pages)
    out: dict[int, QImage] = {}
    with _LOCK:
        doc = _open(Path(path))
        try:
            for n, i in enumerate(wanted, start=1):
                if cancel is not None and cancel():
                    raise Cancelled("已取消。")
                if 0 <= i < len(doc):
                    page = doc[i]
                    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
                    out[i] = _to_qimage(bitmap)
                    bitmap.close()
                    page.close()
                if progress is not None:
                    progress(n, len(wanted), f"正在渲染第 {i + 1} 页")
        finally:
            doc.close()
    return out


def _orientation(size: tuple[float, float]) -> QPageLayout.Orientation:
    w, h = size
    return QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait


def print_pdf(path: Path | str, printer: QPrinter, *, dpi: int = PRINT_DPI, progress: Progress | None = None,
              cancel: Cancel | None = None) -> int:
    """Print every page of the PDF on `printer` (already set up), each page rendered at `dpi`
    and scaled into the printable area, keeping its proportions. Returns the pages printed."""
    sizes = page_sizes(path)
    if not sizes:
        raise UserError(f"{Path(path).name} 没有页面，无法打印。")
    first, last = 0, len(sizes) - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(0, printer.fromPage() - 1)
        last = min(last, max(first, printer.toPage() - 1))
    printer.setPageOrientation(_orientation(sizes[first]))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("无法开始打印：打印机不可用或输出文件无法写入。")
    printed = 0
    try:
        for i in range(first, last + 1):
            if cancel is not None and cancel():
                raise Cancelled("已取消打印。")
            if i > first:
                printer.setPageOrientation(_orientation(sizes[i]))
                if not printer.newPage():
                    raise UserError("打印失败：无法开始新的一页。")
            image = render_pages(path, [i], dpi)[i]
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            target = QSizeF(image.width(), image.height()).scaled(QSizeF(area.size()),
                                                                   Qt.AspectRatioMode.KeepAspectRatio)
            x = (area.width() - target.width()) / 2
            y = (area.height() - target.height()) / 2
            painter.drawImage(QRectF(x, y, target.width(), target.height()), image)
            printed += 1
            if progress is not None:
                progress(printed, last - first + 1, f"正在打印第 {i + 1} 页")
    finally:
        painter.end()
    return printed

