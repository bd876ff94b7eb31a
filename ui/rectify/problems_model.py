"""The problem list as a table model over `app.rectify.service.list_problems` / `supervised`.

Rows are coloured by their warning (预警): yellow when past the deadline, red when long past it
or when a 挂牌督办 problem is past the deadline the decision set.

Filtering (category, unit, status, overdue) happens in the service; the model holds the
filtered rows and hands them to the view in pages through `canFetchMore`/`fetchMore`, so the
view never lays out more rows than have been scrolled to. The header's column filters
(ui/common/column_filter.py) narrow those rows further, on the list the service returned whole
(app.records.filters.row_matches: what the registers' filters keep in SQL); `scope_total` is the
count without them. Overdue problems (deadline passed,
not 已销号) are shown in red with a 「逾期」 badge in the status column.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.records.fields import Field, FieldType
from app.records.filters import row_matches
from app.records.values import ordered_values
from app.rectify import service as rectify
from app.store import Store
from ui.common.column_model import ColumnListModel

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex
PROBLEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2
STATUSES = ("待整改", "整改中", "已销号")
OVERDUE_COLOUR = "#c62828"  # 红色预警: long overdue, or a 挂牌督办 problem past the deadline it set
YELLOW_COLOUR = "#b26a00"  # 黄色预警: past its deadline
WARNING_COLOURS = {"red": OVERDUE_COLOUR, "yellow": YELLOW_COLOUR}
STATUS_COLOURS = {"待整改": "#e65100", "整改中": "#1565c0", "已销号": "#2e7d32"}

# The list's columns as fields, for the column filters: a filter sees the stored value (a
# deadline's date, the status without its 逾期 / 挂牌督办 badges), as the service returns it.
FIELDS: tuple[Field, ...] = (
    Field("id", "序号", FieldType.TEXT), Field("category", "问题类别", FieldType.TEXT),
    Field("manifestation", "具体表现", FieldType.TEXT), Field("unit", "执法单位", FieldType.TEXT),
    Field("case_no", "案号", FieldType.TEXT), Field("measure", "整治措施", FieldType.TEXT),
    Field("dept", "责任部门", FieldType.TEXT), Field("owner", "责任人", FieldType.TEXT),
    Field("deadline", "整改时限", FieldType.DATE), Field("status", "状态", FieldType.STATUS),
)
COLUMNS: tuple[tuple[str, str], ...] = tuple((f.name, f.label) for f in FIELDS)
TYPES = {f.name: f.type for f in FIELDS}


def deadline_text(p: dict[str, Any]) -> str:
    d = p.get("deadline")
    text = d.isoformat() if isinstance(d, date) else ""
    if p.get("immediate"):
        return f"立行立改 {text}".strip()
    return text


def status_text(p: dict[str, Any]) -> str:
    status = str(p.get("status") or "")
    if status == "已销号" and p.get("closed_on"):
        return f"已销号 {p['closed_on'].isoformat()}"
    text = f"{status} · 逾期" if p.get("overdue") else status
    if p.get("supervised"):
        sup = p.get("supervision") or {}
        limit = sup.get("deadline")
        text += f" · 挂牌督办（时限 {limit.isoformat()}）" if isinstance(limit, date) else " · 挂牌督办"
    return text


class ProblemsModel(ColumnListModel):
    COLUMNS = COLUMNS
    FIELDS = FIELDS
    VALUES_ONLY = frozenset({"status"})
    countChanged = Signal(int)

    def __init__(self, store: Store, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.store = store
        self.page_size = page_size
        self.scope: dict[str, Any] = {"category": None, "unit": None, "status": None, "overdue": None}
        self.supervised_only = False
        self.as_of: date | None = None  # None: today
        self._scope_rows: list[dict[str, Any]] = []  # the service's rows, before the column filters
        self._rows: list[dict[str, Any]] = []
        self._shown = 0
        self._fetching = False
        self._load()

    # --- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._fetching and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        more = min(self.page_size, len(self._rows) - self._shown)
        self._fetching = True  # a view (or the model tester) may ask again while rows are announced
        try:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()
        finally:
            self._fetching = False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._shown) or not 0 <= index.column() < len(COLUMNS):
            return None
        p = self._rows[index.row()]
        name = COLUMNS[index.column()][0]
        if role == PROBLEM_ID_ROLE:
            return p["id"]
        if role == OVERDUE_ROLE:
            return bool(p.get("overdue"))
        if role == Qt.ItemDataRole.ForegroundRole:
            if p.get("warning") in WARNING_COLOURS:  # 预警: yellow when late, red when long late or
                return QBrush(QColor(WARNING_COLOURS[p["warning"]]))  # past a 挂牌督办 deadline
            return QBrush(QColor(STATUS_COLOURS.get(p["status"], "#000000"))) if name == "status" else None
        if role == Qt.ItemDataRole.FontRole:
            if name == "status" and p.get("warning"):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter) if name == "id" else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(p, name)
            if role == Qt.ItemDataRole.ToolTipRole:
                if name == "status" and p.get("warning") == "red" and p.get("supervised"):
                    sup = p.get("supervision") or {}
                    return f"挂牌督办（{sup.get('decided_by', '')}决定）已超过督办时限，尚未销号"
                if name == "status" and p.get("overdue"):
                    return f"已超过整改时限 {deadline_text(p)}，尚未销号"
                return text if len(text) > 12 else None
            return text
        return None

    @staticmethod
    def _text(p: dict[str, Any], name: str) -> str:
        if name == "deadline":
            return deadline_text(p)
        if name == "status":
            return status_text(p)
        return str(p.get(name) or "")

    # --- filters ------------------------------------------------------------------------------
    def set_filter(self, *, category: str | None = None, unit: str | None = None, status: str | None = None,
                   overdue_only: bool = False, supervised: bool = False) -> None:
        self.scope = {"category": category, "unit": unit, "status": status, "overdue": True if overdue_only else None}
        self.supervised_only = supervised
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()
        self.countChanged.emit(len(self._rows))

    def _load(self) -> None:
        if self.supervised_only:
            rows = rectify.supervised(self.store, as_of=self.as_of)
            f = self.scope
            rows = [r for r in rows if (f["category"] is None or r["category"] == f["category"])
                    and (f["unit"] is None or r["unit"] == f["unit"])
                    and (f["status"] is None or r["status"] == f["status"])]
        else:
            rows = rectify.list_problems(self.store, as_of=self.as_of, **self.scope)
        self._scope_rows = rows
        columns = list(self.filters.values())
        self._rows = [r for r in rows if all(row_matches(f, r.get(f.field)) for f in columns)] if columns else rows
        self._shown = min(self.page_size, len(self._rows))

    # --- rows ---------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def scope_total(self) -> int:
        """The count without the column filters."""
        return len(self._scope_rows)

    def filter_values(self, field_name: str) -> list[Any]:
        """The values of a column among the rows the page's own filters give."""
        return ordered_values((r.get(field_name) for r in self._scope_rows), TYPES[field_name])

    @property
    def overdue_total(self) -> int:
        return sum(1 for p in self._rows if p.get("overdue"))

    def problem(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < self._shown else None

    def problem_id(self, row: int) -> int | None:
        p = self.problem(row)
        return int(p["id"]) if p else None

    def row_of(self, problem_id: int) -> int | None:
        for i, p in enumerate(self._rows):
            if p["id"] == problem_id:
                while i >= self._shown and self.canFetchMore(QModelIndex()):
                    self.fetchMore(QModelIndex())
                return i
        return None

    def units(self) -> list[str]:
        """The units named on the problem list (for the filter box and the 整改通知书)."""
        return sorted({str(p["unit"]) for p in rectify.list_problems(self.store) if p.get("unit")})
