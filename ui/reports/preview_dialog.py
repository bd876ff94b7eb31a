"""A PDF the office just produced (the 名单, an issued 监督函 …) shown in a window of its own with
the in-app preview (page column, zoom, 打印…), for the pages that have no preview beside them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from ui.reports.pdf_preview import PdfPreview


class PreviewDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle(title or path.name)
        self.preview = PdfPreview(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.preview)
        self.resize(900, 700)
        self.preview.load(path)


def show_preview(path: Path, parent: QWidget | None = None, title: str = "",
                 reuse: QDialog | None = None) -> PreviewDialog:
    """Open the preview window (non-modal: the dialog that produced the file stays usable);
    `reuse`, a preview window still open, shows the new file instead of a second window."""
    import shiboken6
    from PySide6.QtCore import Qt

    if isinstance(reuse, PreviewDialog) and shiboken6.isValid(reuse) and reuse.isVisible():
        reuse.setWindowTitle(title or path.name)
        reuse.preview.load(path)
        reuse.raise_()
        return reuse
    dialog = PreviewDialog(path, parent, title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
