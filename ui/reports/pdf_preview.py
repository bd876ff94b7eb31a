"""In-app PDF preview: pages in a scrolling column, 第 N / M 页, zoom, 打印….

Only the pages in (or next to) the viewport are rendered, on the worker pool (ui/reports/pdf_render.py
holds PDFium's lock), so a 300-page document opens as fast as a 3-page one; rendered pages are
kept per zoom level, and a page scrolled far away is dropped again (bounded memory).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import Cancelled, UserError
from ui.common import worker
from ui.common.messages import show_info, show_user_error
from ui.reports.pdf_render import page_sizes, print_pdf, render_pages

SCREEN_DPI = 96.0
ZOOMS = (0, 50, 75, 100, 125, 150, 200)  # 0: 适合宽度 (fit the widest page to the view)
MAX_KEPT = 24  # rendered pages kept in memory
PAGE_GAP = 12


class PdfPreview(QWidget):
    """Emits `printed(pages)` after a print job finished."""

    printed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.path: Path | None = None
        self.sizes: list[tuple[float, float]] = []
        self.zoom = 0
        self._fitted = 100.0  # the zoom 适合宽度 came to, in per cent
        self.images: dict[int, QPixmap] = {}
        self.page_labels: list[QLabel] = []
        self.render_task: worker.Task | None = None
        self.print_task: worker.Task | None = None

        self.title = QLabel("尚未生成文件")
        self.title.setObjectName("previewTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page_box = QSpinBox()
        self.page_box.setObjectName("pageBox")
        self.page_box.setRange(0, 0)
        self.page_box.setPrefix("第 ")
        self.page_total = QLabel("/ 0 页")
        self.page_total.setObjectName("pageTotal")
        self.zoom_box = QComboBox()
        self.zoom_box.setObjectName("zoomBox")
        for z in ZOOMS:
            self.zoom_box.addItem(f"{z}%" if z else "适合宽度", z)
        self.zoom_box.setCurrentIndex(0)
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("printButton")
        self.print_button.setEnabled(False)

        self.pages_widget = QWidget()
        self.pages_widget.setObjectName("pages")
        self.pages_widget.setStyleSheet("#pages { background:#9e9e9e; }")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("pageScroll")
        self.scroll_area.setWidget(self.pages_widget)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # 适合宽度 stays put
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setStyleSheet("QScrollArea { background:#9e9e9e; }")

        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_total)
        bar.addSpacing(8)
        bar.addWidget(QLabel("缩放"))
        bar.addWidget(self.zoom_box)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)

        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(30)
        self._visible_timer.timeout.connect(self._render_visible)
        self.scroll_area.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())
        self.page_box.valueChanged.connect(self.go_to_page)
        self.zoom_box.currentIndexChanged.connect(lambda _i: self.set_zoom(self.zoom_box.currentData()))
        self.print_button.clicked.connect(lambda: self.print_document())

    # --- document -----------------------------------------------------------------------------
    def load(self, path: Path | str) -> None:
        """Show `path` (page sizes are read at once; pages render as they come into view)."""
        self.path = Path(path)
        try:
            self.sizes = page_sizes(self.path)
        except UserError as exc:
            self.sizes = []
            show_user_error(self, exc)
        self.title.setText(self.path.name)
        self.title.setToolTip(str(self.path))
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if self.sizes else 0, len(self.sizes))
        self.page_box.setValue(1 if self.sizes else 0)
        self.page_box.blockSignals(False)
        self.page_total.setText(f"/ {len(self.sizes)} 页")
        self.print_button.setEnabled(bool(self.sizes))
        self._rebuild()

    @property
    def page_count(self) -> int:
        return len(self.sizes)

    def effective_zoom(self) -> float:
        """The zoom in per cent: the chosen one, or for 适合宽度 the one that fits the widest page."""
        if self.zoom or not self.sizes:
            return float(self.zoom or 100)
        avail = self.scroll_area.viewport().width() - 2 * PAGE_GAP - 4
        widest = max(w for w, _h in self.sizes) * SCREEN_DPI / 72.0
        return max(25.0, min(300.0, avail / widest * 100))

    def _scale(self) -> float:
        return self._fitted / 100 * SCREEN_DPI / 72.0

    def _rebuild(self) -> None:
        self._fitted = self.effective_zoom()
        self.images.clear()
        for label in self.page_labels:
            self.pages_layout.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.page_labels = []
        scale = self._scale()
        for i, (w, h) in enumerate(self.sizes):
            label = QLabel()
            label.setObjectName(f"page{i + 1}")
            label.setFixedSize(round(w * scale), round(h * scale))
            label.setFrameShape(QFrame.Shape.Box)
            label.setStyleSheet("background:white; color:#9e9e9e; border:1px solid #616161;")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setText(f"第 {i + 1} 页")
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self._visible_timer.start()

    def set_zoom(self, zoom: int) -> None:
        if zoom not in ZOOMS or (zoom == self.zoom and zoom):
            return
        page = self.current_page()
        self.zoom = zoom
        self.zoom_box.setCurrentIndex(ZOOMS.index(zoom))
        self._rebuild()
        QTimer.singleShot(0, lambda: self.go_to_page(page))

    # --- pages in view ------------------------------------------------------------------------
    def visible_pages(self) -> list[int]:
        """Indexes of the pages in the viewport, plus one either side."""
        if not self.page_labels:
            return []
        top = self.scroll_area.verticalScrollBar().value()
        bottom = top + self.scroll_area.viewport().height()
        shown = [i for i, lab in enumerate(self.page_labels) if lab.y() + lab.height() >= top and lab.y() <= bottom]
        if not shown:
            shown = [0]
        return list(range(max(0, shown[0] - 1), min(len(self.page_labels), shown[-1] + 2)))

    def current_page(self) -> int:
        """1-based number of the page at the middle of the viewport."""
        if not self.page_labels:
            return 0
        middle = self.scroll_area.verticalScrollBar().value() + self.scroll_area.viewport().height() // 2
        for i, lab in enumerate(self.page_labels):
            if lab.y() + lab.height() + PAGE_GAP >= middle:
                return i + 1
        return len(self.page_labels)

    def go_to_page(self, number: int) -> None:
        if 1 <= number <= len(self.page_labels):
            self.scroll_area.verticalScrollBar().setValue(self.page_labels[number - 1].y() - PAGE_GAP // 2)

    def _scrolled(self) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(self.current_page())
        self.page_box.blockSignals(False)
        self._visible_timer.start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._visible_timer.start()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.zoom == 0 and self.sizes and abs(self.effective_zoom() - self._fitted) > 2:
            self._rebuild()  # 适合宽度 follows the window's width
        self._visible_timer.start()

    def _render_visible(self) -> None:
        if self.path is None or (self.render_task is not None and not self.render_task.done):
            return
        wanted = [i for i in self.visible_pages() if i not in self.images]
        if not wanted:
            return
        path, zoom, dpi = self.path, self._fitted, self._fitted / 100 * SCREEN_DPI

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> dict[int, Any]:
            return render_pages(path, wanted, dpi, progress=progress, cancel=cancel)

        def done(images: dict[int, Any]) -> None:
            # The preview may have been closed (its widgets deleted) while the pages rendered.
            if not shiboken6.isValid(self) or not all(shiboken6.isValid(lb) for lb in self.page_labels):
                return
            if path == self.path and zoom == self._fitted:
                self._show_images(images)
            self._visible_timer.start()  # the view may have moved meanwhile

        def failed(exc: BaseException) -> bool:
            # Rendering stopped because the window is closing (cancel_all) or the preview is
            # gone: nothing to tell anyone, and no widget left to tell it on.
            return isinstance(exc, Cancelled) or not shiboken6.isValid(self)

        self.render_task = worker.Task(work, parent=self, label="正在渲染页面…", on_success=done,
                                       on_failure=failed, show_progress=len(wanted) > 6).start()

    def _show_images(self, images: dict[int, Any]) -> None:
        for i, image in images.items():
            if i < len(self.page_labels):
                pixmap = QPixmap.fromImage(image)
                self.images[i] = pixmap
                self.page_labels[i].setPixmap(pixmap)
        keep = set(self.visible_pages())
        for i in [i for i in self.images if i not in keep][:max(0, len(self.images) - MAX_KEPT)]:
            del self.images[i]
            self.page_labels[i].clear()
            self.page_labels[i].setText(f"第 {i + 1} 页")

    def rendered_pages(self) -> list[int]:
        return sorted(self.images)

    # --- printing -----------------------------------------------------------------------------
    def print_document(self, printer: QPrinter | None = None) -> worker.Task | None:
        """Ask for the printer (unless one is given, as tests do), then print on the worker."""
        if self.path is None or not self.sizes:
            return None
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.path.stem)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(f"打印 {self.path.name}")
            dialog.setMinMax(1, len(self.sizes))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
        path = self.path
        self.print_button.setEnabled(False)
        self._printer = printer  # kept alive until the job is done

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> int:
            return print_pdf(path, printer, progress=progress, cancel=cancel)

        def done(pages: int) -> None:
            self.print_button.setEnabled(True)
            self.printed.emit(pages)
            show_info(self, f"已送打印：{path.name}，共 {pages} 页。", "打印")

        def failed(_exc: BaseException) -> bool:
            self.print_button.setEnabled(True)
            return False

        self.print_task = worker.run_task(self, f"正在打印 {path.name}…", work, on_success=done, on_failure=failed)
        return self.print_task
