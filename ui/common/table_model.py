"""A register as a lazy table: the row count comes from SQL, rows arrive in pages of ~200.

Sorting and filtering are done in SQL. In entry order without a search the model knows only the
count (`SELECT count(*)`) and fetches pages with `app.records.service.page()`. With a search or
a sort it asks once for the matching ids in display order (`service.ids()`, one scan) and fetches
each page by primary key (`service.rows()`), so neither the count nor a later page scans again.
The model never holds more than a bounded number of pages (and at most one id per record).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.records import service
from app.records.fields import REGISTER_FIELDS, Field, FieldType
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
                return self.fields[section].label if 0 <= section < len(self.fields) else None
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

    def reload(self) -> None:
        """Re-count and drop cached pages (after a search, a sort, a save or an import)."""
        if self.search or self.sort_field is not None:
            ids: list[int] | None = service.ids(self.store, self.kind, search=self.search,
                                                sort=self.sort_field, descending=self.descending)
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
