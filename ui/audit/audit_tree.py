"""The stage tree of the 倒查 page: 全部 → 收据→台账 / 台账→案卷 / 案卷检查 → each code, with counts.

Choosing a node filters the findings table to that stage's or that code's findings; the counts
follow the page's status and unit filters (one grouped count per refresh).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from app.audit import service as audit
from app.store import Store
from ui.audit.audit_text import STAGES, code_label, codes_of_stage

CODES_ROLE = Qt.ItemDataRole.UserRole + 1
_GREY = QBrush(QColor("#9e9e9e"))


class StageTree(QTreeWidget):
    """Emits `codesChosen(codes)` — a list of codes, or None for every finding."""

    codesChosen = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageTree")
        self.store = store
        self.setColumnCount(2)
        self.setHeaderLabels(["环节 / 问题类型", "条数"])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.stage_counts: dict[str, int] = {}
        self.code_counts: dict[str, int] = {}
        self.total = 0
        self.root = QTreeWidgetItem(["全部问题线索", ""])
        self.root.setData(0, CODES_ROLE, None)
        self.addTopLevelItem(self.root)
        self.stage_items: dict[str, QTreeWidgetItem] = {}
        self.code_items: dict[str, QTreeWidgetItem] = {}
        for stage in STAGES:
            item = QTreeWidgetItem(self.root, [stage, ""])
            item.setData(0, CODES_ROLE, codes_of_stage(stage))
            self.stage_items[stage] = item
            for code in codes_of_stage(stage):
                child = QTreeWidgetItem(item, [code_label(code), ""])
                child.setData(0, CODES_ROLE, [code])
                child.setToolTip(0, code)
                self.code_items[code] = child
        for item in (self.root, *self.stage_items.values()):
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setFont(1, font)
        self.expandAll()
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, self.header().ResizeMode.ResizeToContents)
        # the labels stay readable when the window is narrow (150 % scaling on a 1366×768 laptop):
        # the splitter may shrink the tree, but not below its longest label plus the count column
        longest = max(self.fontMetrics().horizontalAdvance(item.text(0)) for item in self.code_items.values())
        self.setMinimumWidth(longest + self.indentation() * 3 + self.fontMetrics().horizontalAdvance("0000") + 24)
        self.setCurrentItem(self.root)
        self.currentItemChanged.connect(self._chosen)

    def _chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.codesChosen.emit(item.data(0, CODES_ROLE))

    def current_codes(self) -> list[str] | None:
        item = self.currentItem()
        return item.data(0, CODES_ROLE) if item is not None else None

    def select_code(self, code: str | None) -> None:
        self.setCurrentItem(self.root if code is None else self.code_items[code])

    def select_stage(self, stage: str) -> None:
        self.setCurrentItem(self.stage_items[stage])

    def refresh(self, *, status: str | None, unit: str | None) -> None:
        """Count again (after a run, a dismissal or a filter change)."""
        by_code = audit.count_by_code(self.store, status=status, unit=unit)
        self.code_counts = {code: by_code.get(code, 0) for code in self.code_items}
        self.total = sum(by_code.values())
        self.root.setText(1, f"{self.total:,}")
        for stage, item in self.stage_items.items():
            n = sum(self.code_counts[c] for c in codes_of_stage(stage))
            self.stage_counts[stage] = n
            item.setText(1, f"{n:,}")
        for code, item in self.code_items.items():
            n = self.code_counts[code]
            item.setText(1, f"{n:,}")
            for col in (0, 1):
                item.setForeground(col, _GREY if n == 0 else QBrush())
