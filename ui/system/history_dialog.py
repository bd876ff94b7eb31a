"""操作记录: the change log for people — who, when, what, before and after — filtered by operator,
action, table, dates and text, newest first, exported to Excel (app/history.py).

The list shows PAGE entries at a time (更多 adds the next ones); the detail below shows the chosen
entry's changed fields side by side, or its snapshot when it created or removed something.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.history import (
    ACTION_LABELS,
    TABLE_LABELS,
    LogFilter,
    changes,
    count_log,
    export_log_xlsx,
    field_label,
    list_log,
    operators,
    value_text,
)
from app.store import Store
from ui.common.messages import show_info, show_user_error

PAGE = 500
COLUMNS = ("时间", "操作人", "操作", "对象", "编号", "说明")
ALL = "全部"


def _qdate(d: QDateEdit) -> date:
    q = d.date()
    return date(q.year(), q.month(), q.day())


def _esc(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def detail_html(entry: dict[str, Any]) -> str:
    """The entry's before/after: the changed fields of an update, the whole snapshot otherwise."""
    head = (f"<b>{_esc(entry['summary'])}</b><br>{_esc(entry['at'])}　操作人 {_esc(entry['operator'] or '—')}"
            f"　变更日志第 {entry['id']} 条")
    rows = changes(entry["before"], entry["after"]) if entry["action"] in ("update", "revert") else []
    if not rows:
        for label, snap in (("修改前", entry["before"]), ("修改后", entry["after"])):
            if isinstance(snap, dict):
                rows += [(k, v, None) for k, v in snap.items()] if label == "修改前" else \
                        [(k, None, v) for k, v in snap.items()]
    cells = "".join(f"<tr><td>{_esc(field_label(k))}</td><td>{_esc(value_text(k, b))}</td>"
                    f"<td>{_esc(value_text(k, a))}</td></tr>" for k, b, a in rows)
    return (f"{head}<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr><th>字段</th><th>修改前</th><th>修改后</th></tr>{cells}</table>")


class HistoryDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle("操作记录")
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.store = store
        self.entries: list[dict[str, Any]] = []
        self.operator_box = self._combo("operatorFilter", [(o, o) for o in operators(store)])
        self.action_box = self._combo("actionFilter", [(label, key) for key, label in ACTION_LABELS.items()])
        self.table_box = self._combo("tableFilter", [(label, key) for key, label in TABLE_LABELS.items()])
        self.use_dates = QCheckBox("日期")
        self.use_dates.setObjectName("useDates")
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.until = QDateEdit(QDate.currentDate())
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
            d.dateChanged.connect(lambda _d: self.reload())
        self.use_dates.toggled.connect(self._dates_toggled)
        self.search = QLineEdit()
        self.search.setObjectName("logSearch")
        self.search.setPlaceholderText("查找内容：案号、姓名、金额……")
        self.search.returnPressed.connect(self.reload)
        self.count_label = QLabel()
        self.count_label.setObjectName("logCount")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("logTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((150, 90, 80, 90, 60)):
            self.table.setColumnWidth(col, width)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        self.detail = QTextBrowser()
        self.detail.setObjectName("logDetail")
        self.more_button = self._button("更多", "moreLog", self.load_more)
        self.export_button = self._button("导出Excel…", "exportLog", lambda: self.export())
        close = self._button("关闭", "closeLog", self.close)
        self._layout(close)
        self.resize(1000, 640)
        self.reload()

    @staticmethod
    def _button(text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.addItem(ALL, None)
        for label, key in items:
            box.addItem(label, key)
        box.currentIndexChanged.connect(lambda _i: self.reload())
        return box

    def _layout(self, close: QPushButton) -> None:
        filters = QHBoxLayout()
        for label, widget in (("操作人", self.operator_box), ("操作", self.action_box), ("对象", self.table_box)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.since)
        filters.addWidget(QLabel("至"))
        filters.addWidget(self.until)
        filters.addWidget(self.search, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([420, 180])
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for b in (self.more_button, self.export_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.reload()

    def current_filter(self) -> LogFilter:
        dates = self.use_dates.isChecked()
        return LogFilter(operator=self.operator_box.currentData(), action=self.action_box.currentData(),
                         table=self.table_box.currentData(), since=_qdate(self.since) if dates else None,
                         until=_qdate(self.until) if dates else None, text=self.search.text())

    def reload(self) -> None:
        self.entries = []
        self.table.setRowCount(0)
        self.total = count_log(self.store, self.current_filter())
        self.load_more()

    def load_more(self) -> None:
        more = list_log(self.store, self.current_filter(), offset=len(self.entries), limit=PAGE)
        start = len(self.entries)
        self.entries += more
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(more, start=start):
            values = (e["at"], e["operator"], e["action_label"], e["table_label"],
                      "" if e["record_id"] is None else str(e["record_id"]), e["summary"])
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 30 else "")
                self.table.setItem(row, col, item)
        self.count_label.setText(f"显示 {len(self.entries):,} 条，共 {self.total:,} 条")
        self.more_button.setEnabled(len(self.entries) < self.total)
        if start == 0 and self.entries:
            self.table.selectRow(0)
        elif not self.entries:
            self.detail.setHtml("没有符合条件的操作记录。")

    def _show_detail(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.detail.setHtml(detail_html(self.entries[row]))

    def export(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _f = QFileDialog.getSaveFileName(self, "导出操作记录", "操作记录.xlsx", "Excel 文件 (*.xlsx)")
            if not chosen:
                return None
            path = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
        try:
            n = export_log_xlsx(self.store, path, self.current_filter())
        except (UserError, OSError) as exc:
            show_user_error(self, exc if isinstance(exc, UserError) else UserError(f"无法写入 {path}：{exc}"))
            return None
        show_info(self, f"已导出操作记录 {n} 条：{path}", "导出")
        return path
