"""The key column (案号, 票据号, 姓名 …) stays at the left while the other columns scroll, as
Excel's 冻结首列 does: Qt's "frozen column" recipe — a second, borderless view over the first
column of the same model and selection, scrolled vertically with the table.

It shows only what the table already fetched (same model, same rows), so it costs a few extra
`data()` calls for the visible rows, never a query. It appears only once the table is scrolled
sideways; unscrolled, the table's own first column is the key column.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView


class FrozenColumn(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.overlay = QTableView(view)
        self.overlay.setObjectName("frozenColumn")
        self.overlay.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.overlay.setFrameShape(QFrame.Shape.NoFrame)
        self.overlay.verticalHeader().hide()
        self.overlay.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overlay.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overlay.setVerticalScrollMode(view.verticalScrollMode())
        self.overlay.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overlay.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overlay.setWordWrap(False)
        self.overlay.setStyleSheet("QTableView { border-right: 1px solid #9aa5b1; }")
        self.overlay.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.overlay.hide()
        self._model: Any = None
        self.attach()
        view.viewport().installEventFilter(self)
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self.update())
        view.verticalScrollBar().valueChanged.connect(self.overlay.verticalScrollBar().setValue)
        self.overlay.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        header = view.horizontalHeader()
        header.sectionResized.connect(lambda *_a: self.update())
        header.sectionMoved.connect(lambda *_a: self.attach())
        self.overlay.clicked.connect(self._clicked)
        self.overlay.doubleClicked.connect(view.doubleClicked.emit)

    def attach(self) -> None:
        """(Re)connect to the table's model and selection; show only its first shown column."""
        model = self.view.model()
        if model is None:
            return
        if model is not self._model:
            self._model = model
            self.overlay.setModel(model)
            self.overlay.setSelectionModel(self.view.selectionModel())
            model.modelReset.connect(self.update)
            model.layoutChanged.connect(self.update)
        vh = self.view.verticalHeader()
        self.overlay.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.overlay.verticalHeader().setDefaultSectionSize(vh.defaultSectionSize())
        self.update()

    @property
    def key_column(self) -> int:
        return self.view.horizontalHeader().logicalIndex(0)

    def update(self) -> None:
        model = self.view.model()
        if model is None or model.columnCount() == 0:
            self.overlay.hide()
            return
        key = self.key_column
        for c in range(model.columnCount()):
            self.overlay.setColumnHidden(c, c != key)
        width = self.view.columnWidth(key)
        self.overlay.setColumnWidth(key, width)
        scrolled = self.view.horizontalScrollBar().value() > 0
        if not scrolled:
            self.overlay.hide()
            return
        vh = self.view.verticalHeader()
        x = self.view.frameWidth() + (vh.width() if vh.isVisible() else 0)
        height = self.view.viewport().height() + self.view.horizontalHeader().height()
        self.overlay.horizontalHeader().setFixedHeight(self.view.horizontalHeader().height())
        self.overlay.setGeometry(x, self.view.frameWidth(), width, height)
        self.overlay.verticalScrollBar().setValue(self.view.verticalScrollBar().value())
        self.overlay.show()
        self.overlay.raise_()

    def _clicked(self, _index: Any) -> None:
        """The click already selected through the shared selection model; keys go to the table."""
        self.view.setFocus(Qt.FocusReason.MouseFocusReason)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.update()
        return False
