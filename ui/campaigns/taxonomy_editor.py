"""A campaign's own problem taxonomy as a tree — categories and their manifestations — with
add / rename / remove through `edit_taxonomy`. The text box below the tree holds the new name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.campaigns import edit_taxonomy
from app.errors import UserError
from app.store import Store
from ui.common import messages

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "category" | "manifestation"


class TaxonomyEditor(QWidget):
    """Emits `changed(taxonomy)` after an edit."""

    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("taxonomyEditor")
        self.store = store
        self.operator = operator
        self.campaign_id: int | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("taxonomyTree")
        self.tree.setHeaderLabels(["问题类别 / 具体表现"])
        self.tree.setWordWrap(True)
        self.text = QLineEdit()
        self.text.setObjectName("taxonomyText")
        self.text.setPlaceholderText("新的类别或具体表现的文字")
        self.add_category_button = QPushButton("添加类别")
        self.add_item_button = QPushButton("添加具体表现")
        self.rename_button = QPushButton("改为上面的文字")
        self.remove_button = QPushButton("删除")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet("color:#c62828;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.add_category_button.clicked.connect(self.add_category)
        self.add_item_button.clicked.connect(self.add_manifestation)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.text, 1)
        for b in (self.add_category_button, self.add_item_button, self.rename_button, self.remove_button):
            edit_row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.message)
        self._update_buttons()

    def show_taxonomy(self, campaign_id: int | None, taxonomy: dict[str, Any] | None) -> None:
        self.campaign_id = campaign_id
        self.tree.clear()
        for cat in (taxonomy or {}).get("categories", []):
            item = QTreeWidgetItem(self.tree, [cat["name"]])
            item.setData(0, KIND_ROLE, "category")
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            for text in cat["manifestations"]:
                child = QTreeWidgetItem(item, [text])
                child.setData(0, KIND_ROLE, "manifestation")
                child.setToolTip(0, text)
        self.tree.expandAll()
        self._update_buttons()

    def _category_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    @staticmethod
    def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        children = (item.child(j) for j in range(item.childCount()))
        return [child for child in children if child is not None]

    def categories(self) -> list[str]:
        return [item.text(0) for item in self._category_items()]

    def manifestations(self, category: str) -> list[str]:
        for item in self._category_items():
            if item.text(0) == category:
                return [child.text(0) for child in self._children(item)]
        return []

    def select(self, category: str, manifestation: str | None = None) -> None:
        for item in self._category_items():
            if item.text(0) != category:
                continue
            if manifestation is None:
                self.tree.setCurrentItem(item)
                return
            for child in self._children(item):
                if child.text(0) == manifestation:
                    self.tree.setCurrentItem(child)
                    return

    def _current(self) -> tuple[str, str] | None:
        """(category, manifestation or "") of the chosen node."""
        item = self.tree.currentItem()
        if item is None:
            return None
        parent = item.parent()
        return (item.text(0), "") if parent is None else (parent.text(0), item.text(0))

    def _selection_changed(self) -> None:
        cur = self._current()
        if cur is not None:
            self.text.setText(cur[1] or cur[0])
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_campaign, cur = self.campaign_id is not None, self._current()
        self.add_category_button.setEnabled(has_campaign)
        for b in (self.add_item_button, self.rename_button, self.remove_button):
            b.setEnabled(has_campaign and cur is not None)

    def _edit(self, action: str, *, category: str, text: str = "", new_text: str = "") -> bool:
        if self.campaign_id is None:
            return False
        try:
            taxonomy = edit_taxonomy(self.store, self.campaign_id, action, category=category, text=text,
                                     new_text=new_text, operator=self.operator)
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return False
        self.message.hide()
        self.show_taxonomy(self.campaign_id, taxonomy)
        self.changed.emit(taxonomy)
        return True

    def add_category(self) -> None:
        name = self.text.text().strip()
        if self._edit("add_category", category=name):
            self.select(name)

    def add_manifestation(self) -> None:
        cur, text = self._current(), self.text.text().strip()
        if cur is not None and self._edit("add_manifestation", category=cur[0], text=text):
            self.select(cur[0], text)

    def rename(self) -> None:
        cur, new_text = self._current(), self.text.text().strip()
        if cur is None:
            return
        category, item = cur
        if item:
            ok = self._edit("rename_manifestation", category=category, text=item, new_text=new_text)
            if ok:
                self.select(category, new_text)
        elif self._edit("rename_category", category=category, new_text=new_text):
            self.select(new_text)

    def remove(self) -> None:
        cur = self._current()
        if cur is None:
            return
        category, item = cur
        what = f"具体表现「{item}」" if item else f"问题类别「{category}」及其全部具体表现"
        if not messages.confirm(self, f"确定删除{what}吗？已开始的评查不受影响。", "删除"):
            return
        if item:
            self._edit("remove_manifestation", category=category, text=item)
        else:
            self._edit("remove_category", category=category)
