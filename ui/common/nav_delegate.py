"""The navigation's keyboard hints: each page's shortcut (Alt+1 … Alt+0, then Alt+Shift+1 …)
drawn in grey at the right of its row, so the way to a page is seen where the page is chosen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 7
HINT_COLOUR = QColor("#8a8a8a")


def page_shortcut(position: int) -> str:
    """Alt+1 … Alt+9, Alt+0 for the first ten pages, then Alt+Shift+1 …, then Ctrl+Alt+1 …;
    "" past thirty."""
    digit = "1234567890"
    if position < 10:
        return f"Alt+{digit[position]}"
    if position < 20:
        return f"Alt+Shift+{digit[position - 10]}"
    if position < 30:
        return f"Ctrl+Alt+{digit[position - 20]}"
    return ""


class NavDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        hint = index.data(SHORTCUT_ROLE)
        if not hint:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(HINT_COLOUR)
        rect = option.rect.adjusted(0, 0, -6, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(hint))
        painter.restore()
