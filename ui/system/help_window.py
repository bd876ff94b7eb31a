"""使用手册 (F1): the chapters of the manual and one entry per finding code in a contents tree,
the chosen topic in a QTextBrowser (Markdown from resources/help, app/help.py), printable.

One window per main window (help_window_for): F1 and every 帮助 button raise the same one and
turn it to the topic asked for, so a clerk can keep it open beside the findings.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.audit.codes import CODES
from app.help import CODES_TOPIC, code_markdown, manual_topics

TOPIC_ROLE = Qt.ItemDataRole.UserRole


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle("使用手册")
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("helpContents")
        self.tree.setHeaderHidden(True)
        self.items: dict[str, QTreeWidgetItem] = {}
        for topic in manual_topics():
            item = QTreeWidgetItem([topic.title])
            item.setData(0, TOPIC_ROLE, ("topic", topic.title))
            self.tree.addTopLevelItem(item)
            self.items[topic.title] = item
        codes = self.items[CODES_TOPIC]
        for code, (_stage, name, _rule) in CODES.items():
            child = QTreeWidgetItem([name])
            child.setToolTip(0, code)
            child.setData(0, TOPIC_ROLE, ("code", code))
            codes.addChild(child)
            self.items[code] = child
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(False)
        self.tree.currentItemChanged.connect(lambda item, _prev: self._show_item(item))

        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("printHelp")
        self.print_button.clicked.connect(self.print_preview)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 660])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(920, 620)
        self.show_topic(manual_topics()[0].title)

    def _show_item(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        kind, key = item.data(0, TOPIC_ROLE)
        if kind == "code":
            self.browser.setMarkdown(code_markdown(key))
        else:
            self.browser.setMarkdown(next(t.markdown for t in manual_topics() if t.title == key))

    def show_topic(self, title: str) -> None:
        self.tree.setCurrentItem(self.items[title])

    def show_code(self, code: str) -> None:
        """The entry of a finding code (帮助 on the findings page and in the chain view)."""
        item = self.items.get(code)
        if item is None:
            self.show_topic(CODES_TOPIC)
            return
        parent = item.parent()
        if parent is not None:
            parent.setExpanded(True)
        self.tree.setCurrentItem(item)

    def current_text(self) -> str:
        return self.browser.toPlainText()

    def print_to(self, printer: QPrinter) -> None:
        self.browser.document().print_(printer)

    def print_preview(self) -> QPrintPreviewDialog:
        dialog = QPrintPreviewDialog(QPrinter(QPrinter.PrinterMode.HighResolution), self)
        dialog.setWindowTitle("打印使用手册")
        dialog.paintRequested.connect(self.print_to)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def help_window_for(owner: QWidget) -> HelpWindow:
    """The owner window's help window, made on first use, shown and raised."""
    window = owner.window()
    existing = window.findChild(HelpWindow, "helpWindow")
    help_window = existing if isinstance(existing, HelpWindow) else HelpWindow(window)
    help_window.show()
    help_window.raise_()
    return help_window
