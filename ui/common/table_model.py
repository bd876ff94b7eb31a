"""A register as a lazy table: the row count comes from SQL, rows arrive in pages of ~200.

Sorting, the search and the column filters are done in SQL. In entry order without a search or
a filter the model knows only the count (`SELECT count(*)`) and fetches pages with
`app.records.service.page()`. With a search, a filter or a sort it asks once for the matching
ids in display order (`service.ids()`, one scan) and fetches each page by primary key
(`service.rows()`), so neither the count nor a later page scans again.
The model never holds more than a bounded number of pages (and at most one id per record).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.records import service
from app.records.fields import REGISTER_FIELDS, Field, FieldType
from app.records.filters import ColumnFilter
from app.records.values import distinct_values
from app.reports.table_data import TableData, register_table
from app.store import Store
from ui.common.formatting import NUMERIC_TYPES, display_value

PAGE_SIZE = 200
MAX_CACHED_PAGES = 40
UNSORTABLE = (FieldType.OFFICERS,)

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_VOIDED = QBrush(QColor("#8a8a8a"))

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RecordTableModel(QAbstractTableModel):
    """One register (`kind` ∈ cases, ledger, receipts, officers, units) of a store."""

    countChanged = Signal(int)

    def __init__(self, store: Store, kind: str, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.fields: tuple[Field, ...] = REGISTER_FIELDS[kind]
        self.page_size = page_size
        self.search = ""
        self.sort_field: str | None = None
        self.descending = False
        self.filters: dict[str, ColumnFilter] = {}  # by field name; done in SQL
        self._count = 0
        self._ids: list[int] | None = None  # display order when searching or sorting
        self._pages: OrderedDict[int, list[dict[str, Any] | None]] = OrderedDict()
        self.pages_fetched = 0  # for tests and the benchmark: SQL page queries made
        self._count = service.count(store, kind)

    # --- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._count):
            return None
        f = self.fields[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            rec = self.record(index.row())
            if rec is None:
                return None
            text = display_value(f, rec.get(f.name))
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if len(text) > 16 else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if f.type in NUMERIC_TYPES else _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and self.kind == "receipts":
            rec = self.record(index.row())
            return _VOIDED if rec and rec.get("voided") else None
        if role == RECORD_ID_ROLE:
            rec = self.record(index.row())
            return rec.get("id") if rec else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                if not 0 <= section < len(self.fields):
                    return None
                f = self.fields[section]
                return f"{f.label} ▾" if f.name in self.filters else f.label  # ▾: filtered
            return str(section + 1)
        if (role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.fields) and self.fields[section].type in NUMERIC_TYPES):
            return int(_RIGHT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is an ORDER BY in SQL; column -1 (or an unsortable one) means entry order."""
        field = self.fields[column] if 0 <= column < len(self.fields) else None
        self.sort_field = field.name if field is not None and field.type not in UNSORTABLE else None
        self.descending = order == Qt.SortOrder.DescendingOrder and self.sort_field is not None
        self.reload()

    # --- the register -------------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        """Filter by text (SQL LIKE over the register's searchable fields)."""
        text = text.strip()
        if text == self.search:
            return
        self.search = text
        self.reload()

    def set_column_filter(self, field_name: str, flt: ColumnFilter | None) -> None:
        """Keep only the records the filter lets through (None: drop the column's filter)."""
        if flt is None or not flt.active:
            self.filters.pop(field_name, None)
        else:
            self.filters[field_name] = flt
        self.reload()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.fields) - 1)

    def filter_field(self, column: int) -> Field | None:
        """The field a column filter on `column` is set on (ui/common/column_filter.py)."""
        return self.fields[column] if 0 <= column < len(self.fields) else None

    def filter_values(self, field_name: str) -> list[Any]:
        return distinct_values(self.store, self.kind, field_name)

    def filter_label(self, field_name: str, value: Any) -> str | None:
        return None  # as the dialog shows values of the field's type

    def text_filterable(self, field_name: str) -> bool:
        return True

    def clear_filters(self) -> None:
        if self.filters:
            self.filters.clear()
            self.reload()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.fields) - 1)

    def filter_summary(self) -> str:
        """筛选：罚款金额、执法单位；搜索「王」 — for the exported sheet's second line."""
        parts = []
        if self.filters:
            labels = [f.label for f in self.fields if f.name in self.filters]
            parts.append("筛选：" + "、".join(labels))
        if self.search:
            parts.append(f"搜索「{self.search}」")
        return "；".join(parts)

    def export_table(self, columns: list[int], title: str) -> TableData:
        """The whole view (search, filters, sort) with these columns, read when written."""
        return register_table(self.store, self.kind, search=self.search, filters=tuple(self.filters.values()),
                              sort=self.sort_field, descending=self.descending,
                              fields=[self.fields[c].name for c in columns], title=title)

    def reload(self) -> None:
        """Re-count and drop cached pages (after a search, a sort, a filter, a save or an import)."""
        if self.search or self.sort_field is not None or self.filters:
            ids: list[int] | None = service.ids(self.store, self.kind, search=self.search,
                                                sort=self.sort_field, descending=self.descending,
                                                filters=tuple(self.filters.values()))
            count = len(ids) if ids is not None else 0
        else:
            ids, count = None, service.count(self.store, self.kind)
        self.beginResetModel()
        self._pages.clear()
        self._ids, self._count = ids, count
        self.endResetModel()
        self.countChanged.emit(self._count)

    def record(self, row: int) -> dict[str, Any] | None:
        """The record shown on `row` (fetching its page if needed)."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self.page_size)
        rows = self._page(number)
        return rows[offset] if offset < len(rows) else None

    def record_id(self, row: int) -> int | None:
        rec = self.record(row)
        return int(rec["id"]) if rec else None

    def column_of(self, field_name: str) -> int:
        for i, f in enumerate(self.fields):
            if f.name == field_name:
                return i
        raise KeyError(field_name)

    def _page(self, number: int) -> list[dict[str, Any] | None]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        start = number * self.page_size
        if self._ids is not None:
            rows = service.rows(self.store, self.kind, self._ids[start:start + self.page_size])
        else:
            rows = list(service.page(self.store, self.kind, descending=self.descending, offset=start,
                                     limit=self.page_size))
        self.pages_fetched += 1
        self._pages[number] = rows
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return rows
