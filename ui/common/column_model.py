"""A read-only table model whose columns are a fixed list of (field, Chinese header) pairs:
the headers, column count and flags every such list (findings, problems) shares, and the column
filters (Excel's filter arrow) of the lists that name their columns as fields (`FIELDS`).

A filter is an app.records.filters.ColumnFilter set through `set_column_filter`, the same object
the registers' model takes (ui/common/table_model.py), so the same dialog (ui/common/column_filter.py)
and the same header menu (ui/common/table_view.py) serve both. How a list applies its filters —
in SQL through its service, or on the rows it already holds — is the subclass's `reload()`; the
values a filter offers are its `filter_values()`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.records.fields import Field
from app.records.filters import ColumnFilter

Index = QModelIndex | QPersistentModelIndex
FILTER_MARK = " ▾"  # after a filtered column's header, as the registers show it


class ColumnListModel(QAbstractTableModel):
    """Subclasses set COLUMNS and implement rowCount/data; a list with column filters also sets
    FIELDS (one Field per column, in COLUMNS' order) and implements reload() and filter_values()."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    VALUES_ONLY: ClassVar[frozenset[str]] = frozenset()  # columns filtered by ticked values, no text

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.filters: dict[str, ColumnFilter] = {}  # by field name

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.COLUMNS):
                return None
            name, label = self.COLUMNS[section]
            return label + FILTER_MARK if name in self.filters else label
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- column filters -----------------------------------------------------------------------
    def filter_field(self, column: int) -> Field | None:
        """The field behind `column` when the list filters by it (None: it does not)."""
        return self.FIELDS[column] if self.FIELDS and 0 <= column < len(self.FIELDS) else None

    def filter_values(self, field_name: str) -> list[Any]:
        """The different values a filter on `field_name` offers ("" for the empty cells)."""
        return []

    def filter_label(self, field_name: str, value: Any) -> str | None:
        """How a value is listed in the filter (None: as the dialog shows values of its type)."""
        return None

    def text_filterable(self, field_name: str) -> bool:
        return field_name not in self.VALUES_ONLY

    def set_column_filter(self, field_name: str, flt: ColumnFilter | None) -> None:
        """Keep only the rows the filter lets through (None: drop the column's filter)."""
        if flt is None or not flt.active:
            self.filters.pop(field_name, None)
        else:
            self.filters[field_name] = flt
        self.reload()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self.COLUMNS) - 1, 0))

    def clear_filters(self) -> None:
        if self.filters:
            self.filters.clear()
            self.reload()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self.COLUMNS) - 1, 0))

    def filter_summary(self) -> str:
        """筛选：状态、执法单位 — for the exported sheet's second line."""
        labels = [label for name, label in self.COLUMNS if name in self.filters]
        return "筛选：" + "、".join(labels) if labels else ""

    def reload(self) -> None:
        """Re-read the rows (after a filter change); lists with FIELDS implement it."""
        raise NotImplementedError
