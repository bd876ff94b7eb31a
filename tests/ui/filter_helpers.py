"""Driving a table's column filter as a clerk does: the header's right-click menu → 筛选此列… →
the dialog (tick values, type a text) → 确定 or 清除筛选."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMenu, QPushButton, QTableView

from ui.common.column_filter import ColumnFilterDialog


def header_menu(table: QTableView, column: int) -> QMenu:
    """The header's context menu as a right-click on `column` opens it."""
    header = table.horizontalHeader()
    pos = header.rect().topLeft()
    pos.setX(header.sectionViewportPosition(column) + header.sectionSize(column) // 2)
    pos.setY(header.height() // 2)
    for old in header.findChildren(QMenu, "headerMenu"):
        old.deleteLater()
    header.customContextMenuRequested.emit(pos)
    menus = [m for m in header.findChildren(QMenu, "headerMenu") if m.isVisible()]
    assert menus, "no header menu"
    return menus[-1]


def action_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.text()]


def open_filter(qtbot, table: QTableView, column: int) -> ColumnFilterDialog:  # type: ignore[no-untyped-def]
    menu = header_menu(table, column)
    action = next(a for a in menu.actions() if a.text() == "筛选此列…")
    menu.close()
    action.trigger()
    dialogs = [d for d in table.findChildren(ColumnFilterDialog) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitExposed(dialogs[0])
    return dialogs[0]


def value_labels(dialog: ColumnFilterDialog) -> list[str]:
    assert dialog.values is not None
    return [dialog.values.item(i).text() for i in range(dialog.values.count())]


def tick_only(dialog: ColumnFilterDialog, labels: set[str]) -> None:
    assert dialog.values is not None
    for i in range(dialog.values.count()):
        item = dialog.values.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text() in labels else Qt.CheckState.Unchecked)


def press_ok(qtbot, dialog: ColumnFilterDialog) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def press_clear(qtbot, dialog: ColumnFilterDialog) -> None:  # type: ignore[no-untyped-def]
    button = dialog.findChild(QPushButton, "clearFilter")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
