"""The findings table: a lazy model over `app.audit.service.list_findings`, page by page.

The page's scope is a status, a unit and a *set* of codes (one code, a stage's codes, or all).
The service filters by one code at a time, so a set of codes is read as consecutive segments — one
per code, each counted with `count_findings` and paged with `list_findings(offset, limit)`.
Column filters (the header's 筛选此列…, ui/common/column_filter.py) narrow the scope further, in
SQL (app/audit/finding_filters.py); `scope_total` is the count without them ("筛选后 N / 共 M").
The model never holds more than a bounded number of pages.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.audit import service as audit
from app.audit.codes import CODES
from app.audit.finding_filters import FINDING_FIELDS
from app.records.filters import ColumnFilter
from app.store import Store
from ui.audit.audit_text import STATUS_LABELS, code_label, status_label
from ui.common.column_model import ColumnListModel

PAGE_SIZE = 200
MAX_CACHED_PAGES = 20
Index = QModelIndex | QPersistentModelIndex
FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# 问题类型, 状态, 案号, 收据号, 执法单位, 说明: the fields the column filters are set on
COLUMNS: tuple[tuple[str, str], ...] = tuple((f.name, f.label) for f in FINDING_FIELDS)
STATUS_COLOURS = {"open": "#b71c1c", "confirmed": "#e65100", "dismissed": "#757575", "resolved": "#2e7d32"}


class FindingsModel(ColumnListModel):
    COLUMNS = COLUMNS
    FIELDS = FINDING_FIELDS
    VALUES_ONLY = frozenset({"code", "status"})  # stored as codes, shown as labels: ticked, not typed
    countChanged = Signal(int)

    def __init__(self, store: Store, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.store = store
        self.page_size = page_size
        self.status: str | None = None
        self.unit: str | None = None
        self.codes: list[str] | None = None  # None: every finding, whatever its code
        self._segments: list[tuple[str | None, int]] = []  # (code, count)
        self._starts: list[int] = []
        self._count = 0
        self.scope_total = 0  # the scope's count without the column filters
        self._pages: OrderedDict[tuple[int, int], list[dict[str, Any]]] = OrderedDict()
        self.pages_fetched = 0
        self._recount()

    # --- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._count) or not 0 <= index.column() < len(COLUMNS):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.FontRole, FINDING_ID_ROLE):
            return None
        rec = self.finding(index.row())
        if rec is None:
            return None
        name = COLUMNS[index.column()][0]
        if role == FINDING_ID_ROLE:
            return rec["id"]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATUS_COLOURS.get(rec["status"], "#000000"))) if name == "status" else None
        if role == Qt.ItemDataRole.FontRole:
            if name == "status" and rec["status"] == "open":
                font = QFont()
                font.setBold(True)
                return font
            return None
        text = self._text(rec, name)
        if role == Qt.ItemDataRole.ToolTipRole:
            if name == "status" and rec.get("dismiss_reason"):
                return f"排除理由：{rec['dismiss_reason']}"
            return text if len(text) > 14 else None
        return text

    @staticmethod
    def _text(rec: dict[str, Any], name: str) -> str:
        if name == "code":
            return code_label(rec["code"])
        if name == "status":
            return status_label(rec["status"])
        if name == "receipt_no" and not rec.get("receipt_no"):
            refs = rec.get("refs") or {}
            if refs.get("first_missing"):
                first, last = refs["first_missing"], refs.get("last_missing") or refs["first_missing"]
                return first if first == last else f"{first}–{last}"
        return str(rec.get(name) or "")

    # --- filters ------------------------------------------------------------------------------
    def set_filter(self, *, codes: list[str] | None, status: str | None, unit: str | None) -> None:
        self.codes, self.status, self.unit = (list(codes) if codes is not None else None), status, unit
        self.reload()

    def reload(self) -> None:
        """Re-count and drop cached pages (after a run, a filter change, a dismissal)."""
        self.beginResetModel()
        self._recount()
        self.endResetModel()
        self.countChanged.emit(self._count)

    def _recount(self) -> None:
        self._pages.clear()
        self._segments = self._counted(self.column_filters())
        self._starts, total = [], 0
        for _c, n in self._segments:
            self._starts.append(total)
            total += n
        self._count = total
        self.scope_total = sum(n for _c, n in self._counted(())) if self.filters else total

    def _counted(self, filters: tuple[ColumnFilter, ...]) -> list[tuple[str | None, int]]:
        """(code, count) of each non-empty segment of the scope under `filters`."""
        if self.codes is None:
            segments: list[tuple[str | None, int]] = [(None, audit.count_findings(self.store, status=self.status, unit=self.unit,
                                                                           filters=filters))]
        else:
            by_code = audit.count_by_code(self.store, status=self.status, unit=self.unit, filters=filters)
            segments = [(c, by_code.get(c, 0)) for c in self.codes]
        return [(c, n) for c, n in segments if n]

    def column_filters(self) -> tuple[ColumnFilter, ...]:
        return tuple(self.filters.values())

    def filter_values(self, field_name: str) -> list[Any]:
        """The values of a column among the findings the scope shows (the other filters aside);
        codes and statuses in the order the stage tree and the status box list them."""
        values = audit.finding_values(self.store, field_name, status=self.status, unit=self.unit, codes=self.codes)
        order = {"code": list(CODES), "status": list(STATUS_LABELS)}.get(field_name)
        if order is not None:
            values.sort(key=lambda v: order.index(v) if v in order else len(order))
        return values

    def filter_label(self, field_name: str, value: Any) -> str | None:
        if field_name == "code" and value:
            return code_label(str(value))
        if field_name == "status" and value:
            return status_label(str(value))
        return None

    # --- rows ---------------------------------------------------------------------------------
    def finding(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < self._count:
            return None
        seg = bisect_right(self._starts, row) - 1
        number, offset = divmod(row - self._starts[seg], self.page_size)
        rows = self._page(seg, number)
        return rows[offset] if offset < len(rows) else None

    def finding_id(self, row: int) -> int | None:
        rec = self.finding(row)
        return int(rec["id"]) if rec else None

    def row_of(self, finding_id: int) -> int | None:
        """The row showing `finding_id` among the pages already read (None if not read yet)."""
        for (seg, number), rows in self._pages.items():
            for i, rec in enumerate(rows):
                if rec["id"] == finding_id:
                    return self._starts[seg] + number * self.page_size + i
        return None

    def _page(self, seg: int, number: int) -> list[dict[str, Any]]:
        key = (seg, number)
        rows = self._pages.get(key)
        if rows is not None:
            self._pages.move_to_end(key)
            return rows
        code = self._segments[seg][0]
        rows = audit.list_findings(self.store, status=self.status, code=code, unit=self.unit,
                                   offset=number * self.page_size, limit=self.page_size,
                                   filters=self.column_filters())
        self.pages_fetched += 1
        self._pages[key] = rows
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return rows
