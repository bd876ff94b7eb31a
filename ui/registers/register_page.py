"""One register page: a search box (filters as you type), the lazy table and its buttons."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.concurrency import StaleRecordError
from app.errors import UserError
from app.records import service
from app.records.fields import FIELDS, KIND_LABELS
from app.store import Store
from ui.common.columns import fit_columns, record_table
from ui.common.events import RECORD_KINDS, Events, follow
from ui.common.messages import confirm, show_user_error
from ui.common.stale_prompt import ask_reload
from ui.common.table_model import RecordTableModel
from ui.common.table_view import SheetBehaviour, sheet_of
from ui.registers.record_form import RecordForm
from ui.system.role_gate import gate_by_role

SEARCH_DELAY_MS = 250


class RegisterPage(QWidget):
    """案卷 / 台账 / 收据 / 执法人员 / 执法单位. Announces its kind on `events` after any write and
    follows every register (an import or a save elsewhere); `importRequested(kind)` asks the window."""

    importRequested = Signal(str)

    def __init__(self, store: Store, kind: str, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{kind}")
        self.store = store
        self.kind = kind
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.form: RecordForm | None = None
        self._row_before = -1
        self.model = RecordTableModel(store, kind, self)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        searchable = "、".join(f.label for f in self.model.fields if f.searchable)
        self.search.setPlaceholderText(f"搜索{searchable}（Ctrl+F）")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        self.table = record_table(self.model, f"table_{kind}", title=f"{KIND_LABELS[kind]}登记")
        self.table.setObjectName("table")
        sheet = sheet_of(self.table)
        assert sheet is not None  # record_table made it a sheet
        self.sheet: SheetBehaviour = sheet
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        if not self.sheet.restored:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.sheet.apply_saved_sort()  # the sort the clerk left this table in
        self.sheet.deleteRequested.connect(self.delete_current)  # Delete, with confirmation
        self.table.activated.connect(self.open_index)  # double-click and Enter

        self.new_button = QPushButton("新增")
        self.edit_button = QPushButton("编辑")
        self.delete_button = QPushButton("删除")
        self.import_button = QPushButton("导入…")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button.clicked.connect(lambda: self.importRequested.emit(self.kind))
        self.import_button.setVisible(kind in FIELDS)  # units are typed in, not imported
        for b in (self.new_button, self.edit_button, self.delete_button):  # under login the 录入员's
            gate_by_role(b, store, "records.edit")  # (app/accounts/roles.py), as is an import
        gate_by_role(self.import_button, store, "records.import")

        top = QHBoxLayout()
        top.addWidget(QLabel(KIND_LABELS[kind]))
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.model.modelReset.connect(self._update_buttons)
        self.model.countChanged.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_count(self.model.rowCount())
        self._update_buttons()
        fit_columns(self.table, self.model)
        follow(self.events, self, RECORD_KINDS, self.refresh)

    # --- search and refresh -------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text())

    def refresh(self) -> None:
        """Re-read from the store (after a save, a delete, an import, a demo load)."""
        first_fill = self.model.rowCount() == 0
        self.model.reload()
        if first_fill:
            fit_columns(self.table, self.model)

    def _update_count(self, n: int) -> None:
        self.count_label.setText(f"找到 {n:,} 条" if self.model.search or self.model.filters else f"共 {n:,} 条")

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # --- records ------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.record_id(index.row())

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def open_index(self, index: QModelIndex) -> None:
        record_id = self.model.record_id(index.row()) if index.isValid() else None
        if record_id is not None:
            self.open_form(record_id)

    def new_record(self) -> RecordForm:
        return self.open_form(None)

    def edit_current(self) -> RecordForm | None:
        record_id = self.current_id()
        return self.open_form(record_id) if record_id is not None else None

    def open_form(self, record_id: int | None) -> RecordForm:
        form = RecordForm(self.store, self.kind, record_id, self, operator=self.operator)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._saved)
        self.form = form
        self._row_before = self.table.currentIndex().row()
        form.open()
        return form

    def _saved(self, record_id: int) -> None:
        self.refresh()
        self.events.announce(self.kind, by=self)
        # entry order puts a new record last; an edited one stays where it was
        for row in (self._row_before, self.model.rowCount() - 1):
            if row >= 0 and self.model.record_id(row) == record_id:
                self.select_row(row)
                return

    def delete_current(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        rec = self.model.record(self.table.currentIndex().row()) or {}
        first = self.model.fields[0]
        what = f"{KIND_LABELS[self.kind]}「{rec.get(first.name, '')}」"
        if not confirm(self, f"确定删除{what}吗？删除会记入变更日志。\n\n删除后只能用「编辑 → 撤销上一次修改」（Ctrl+Z）"
                             "恢复，而且只在它仍是最近一次修改时可以；之后的修改会使它不能再撤销。", "删除记录"):
            return
        try:  # against the version this row showed: another desk's edit since is not deleted unseen
            service.delete(self.store, self.kind, record_id, operator=self.operator,
                           expected_version=rec.get("row_version"))
        except StaleRecordError as exc:
            if ask_reload(self, exc):
                self.refresh()
            return
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh()
        self.events.announce(self.kind, by=self)
