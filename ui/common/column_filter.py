"""The column chooser and the column filter dialog (Excel's filter arrow), for any sheet table.

A filter is set on the model (`set_column_filter(field, ColumnFilter | None)`), which filters in
SQL through its service (the registers, the findings) or on the rows it holds (the problem list):
the dialog asks the model which field a column is (`filter_field`), which values it offers
(`filter_values`, `filter_label`) and whether it takes a text (`text_filterable`), and only asks
the clerk what to keep — ticked values (status, unit,
是/否, or any text column with few enough values), a date range or a year, an amount range, or a
text the column contains.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.amounts import format_fen, parse_amount_fen
from app.domain.errors import ValueParseError
from app.records.fields import Field, FieldType
from app.records.filters import EMPTY, ColumnFilter, year_filter
from ui.common.messages import show_warning

EMPTY_LABEL = "（空白）"


def column_menu(sheet: Any) -> QMenu:
    """列…: a tick per column (the first, key column always shown), and 全部显示."""
    view = sheet.view
    header = view.horizontalHeader()
    model = view.model()
    menu = QMenu(view)
    menu.setObjectName("columnMenu")
    for visual in range(header.count()):
        col = header.logicalIndex(visual)
        text = str(model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        action = menu.addAction(text.replace(" ▾", ""))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(col))
        action.setEnabled(visual > 0)
        action.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
    menu.addSeparator()
    menu.addAction("全部显示", lambda: [header.showSection(c) for c in range(header.count())])
    return menu


def filter_field(model: Any, column: int) -> Field | None:
    """The field a filter on `column` of `model` is set on (None: the model does not filter it)."""
    ask = getattr(model, "filter_field", None)
    return ask(column) if callable(ask) and hasattr(model, "set_column_filter") else None


def open_filter(sheet: Any, column: int) -> QDialog | None:
    model = sheet.view.model()
    field = filter_field(model, column)
    if field is None:
        return None
    dialog = ColumnFilterDialog(model, field, sheet.view)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class ColumnFilterDialog(QDialog):
    """筛选「列名」: the controls that suit the column's type; 确定 sets the filter on the model,
    清除 removes it."""

    def __init__(self, model: Any, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("columnFilter")
        self.setWindowTitle(f"筛选「{field.label}」")
        self.model, self.field = model, field
        current: ColumnFilter | None = model.filters.get(field.name)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.values: QListWidget | None = None
        self.low: QWidget | None = None
        self.high: QWidget | None = None
        self.year: QComboBox | None = None
        self.text = QLineEdit(current.text if current else "")
        self.text.setObjectName("containsText")
        if field.type is FieldType.DATE:
            self.year = QComboBox()
            self.year.setObjectName("yearBox")
            self.year.addItem("（任意年份）", None)
            for y in range(date.today().year + 1, 2000, -1):
                self.year.addItem(f"{y} 年", y)
            form.addRow("年份", self.year)
            self.low, self.high = self._date_edit(current.low if current else None), \
                self._date_edit(current.high if current else None)
            form.addRow("从", self.low)
            form.addRow("到", self.high)
        elif field.type is FieldType.FEN:
            self.low = QLineEdit(format_fen(current.low) if current and current.low is not None else "")
            self.high = QLineEdit(format_fen(current.high) if current and current.high is not None else "")
            self.low.setPlaceholderText("最低金额（元），如 1000 或 1万")
            self.high.setPlaceholderText("最高金额（元）")
            form.addRow("不少于", self.low)
            form.addRow("不超过", self.high)
        values = model.filter_values(field.name)
        if values and field.type is not FieldType.DATE and len(values) <= 500:
            self.values = QListWidget()
            self.values.setObjectName("valueList")
            chosen = set(current.values) if current and current.values is not None else None
            for v in values:
                item = QListWidgetItem(model.filter_label(field.name, v) or _label(field, v))
                item.setData(Qt.ItemDataRole.UserRole, v)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if chosen is None or v in chosen else Qt.CheckState.Unchecked)
                self.values.addItem(item)
            all_box = QCheckBox("全选")
            all_box.setChecked(chosen is None)
            all_box.toggled.connect(self._tick_all)
            layout.addWidget(all_box)
            layout.addWidget(self.values, 1)
        if field.type not in (FieldType.DATE, FieldType.FEN, FieldType.BOOL) and model.text_filterable(field.name):
            form.addRow("包含文字", self.text)
        if not values:
            layout.addWidget(QLabel("此列没有内容。"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        clear = QPushButton("清除筛选")
        clear.setObjectName("clearFilter")
        buttons.addButton(clear, QDialogButtonBox.ButtonRole.ResetRole)
        clear.clicked.connect(self.clear)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _date_edit(value: date | None) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setSpecialValueText("（不限）")
        edit.setMinimumDate(QDate(1990, 1, 1))
        edit.setDate(QDate(value.year, value.month, value.day) if value else edit.minimumDate())
        return edit

    def _tick_all(self, on: bool) -> None:
        if self.values is None:
            return
        for i in range(self.values.count()):
            self.values.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def built_filter(self) -> ColumnFilter | None:
        """The filter the controls describe (None: no restriction). Raises ValueParseError for
        an amount that cannot be read."""
        name = self.field.name
        if self.year is not None and self.year.currentData() is not None:
            return year_filter(name, int(self.year.currentData()))
        low: Any = None
        high: Any = None
        if isinstance(self.low, QDateEdit) and isinstance(self.high, QDateEdit):
            low, high = _date_of(self.low), _date_of(self.high)
        elif isinstance(self.low, QLineEdit) and isinstance(self.high, QLineEdit):
            low = parse_amount_fen(self.low.text()) if self.low.text().strip() else None
            high = parse_amount_fen(self.high.text()) if self.high.text().strip() else None
        values = None
        if self.values is not None:
            ticked = [self.values.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.values.count())
                      if self.values.item(i).checkState() == Qt.CheckState.Checked]
            values = None if len(ticked) == self.values.count() else tuple(ticked)
        flt = ColumnFilter(name, values=values, low=low, high=high, text=self.text.text().strip())
        return flt if flt.active else None

    def apply(self) -> None:
        try:
            flt = self.built_filter()
        except ValueParseError as exc:
            show_warning(self, f"金额无法识别：{exc}", "筛选")
            return
        self.model.set_column_filter(self.field.name, flt)
        self.accept()

    def clear(self) -> None:
        self.model.set_column_filter(self.field.name, None)
        self.accept()


def _date_of(edit: QDateEdit) -> date | None:
    if edit.date() == edit.minimumDate():
        return None
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def _label(field: Field, value: Any) -> str:
    if value == EMPTY or value is None:
        return EMPTY_LABEL
    if field.type is FieldType.FEN and isinstance(value, int):
        return format_fen(value)
    if field.type is FieldType.BOOL:
        return "是" if value else "否"
    if field.type is FieldType.COLLECTION and isinstance(value, bool):
        return "当场收缴" if value else "银行代收"
    return value.isoformat() if isinstance(value, date) else str(value)
