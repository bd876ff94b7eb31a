"""投诉举报 page: the complaint register with its deadlines (overdue rows in red), filters by year
and 只看逾期, the steps — 登记, 分流, 程序性回复, 办结 — and the 清零 ledger written as Excel or PDF.

The clerk sees the complainant in full here (it is the office's own register); the ledger written
out masks the name unless 含投诉举报人 is ticked."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.rectify.categories import category_mapping
from app.registers import complaint_ledger, complaints
from app.store import Store
from ui.common import worker
from ui.common.columns import record_table
from ui.common.events import Events, follow
from ui.common.messages import show_info
from ui.common.service_dialog import ServiceDialog
from ui.registers.complaint_dialogs import AddComplaintDialog, AnswerDialog, TriageDialog
from ui.registers.register_rows import DictRowsModel, ask_save_path, write_off_thread
from ui.system.role_gate import gate_by_role

COLUMNS = (("id", "编号"), ("received_on", "收到日期"), ("channel", "渠道"), ("complainant", "投诉举报人"),
           ("subject", "事项"), ("unit", "涉及单位"), ("status", "状态"), ("reply_due", "回复期限"),
           ("replied_on", "回复日期"), ("result_due", "办结期限"), ("closed_on", "办结日期"), ("outcome", "办理情况"))
WIDTHS = {0: 44, 1: 90, 2: 80, 3: 80, 4: 200, 5: 130, 6: 70, 7: 90, 8: 90, 9: 90, 10: 90}
ALL_YEARS = "全部年份"


class ComplaintsPage(QWidget):
    """Announces "registers" (and "problems" when a complaint becomes one); follows "registers"."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_complaints")
        self.store, self.operator = store, operator
        self.events = events if events is not None else Events(self)
        self.dialog: QDialog | None = None
        self.task: worker.Task | None = None
        self.folder = Path.home()
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("yearFilter")
        self.overdue_check = QCheckBox("只看逾期")
        self.overdue_check.setObjectName("overdueOnly")
        self.unmasked_check = QCheckBox("台账含投诉举报人")
        self.unmasked_check.setObjectName("unmaskedLedger")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.model = DictRowsModel(COLUMNS, self)
        self.table = record_table(self.model, "complaintsTable", WIDTHS)
        self.add_button = self._button("登记…", "addComplaint", self.add_complaint)
        self.triage_button = self._button("分流…", "triageButton", self.triage)
        self.reply_button = self._button("程序性回复…", "replyButton", lambda: self.answer("reply"))
        self.close_button = self._button("办结…", "closeButton", lambda: self.answer("result"))
        self.xlsx_button = self._button("清零台账 Excel…", "ledgerXlsx", lambda: self.write_ledger(".xlsx"))
        self.pdf_button = self._button("清零台账 PDF…", "ledgerPdf", lambda: self.write_ledger(".pdf"))
        for b in (self.add_button, self.triage_button, self.reply_button, self.close_button):
            gate_by_role(b, store, "records.register")  # under login the 录入员's (app/accounts/roles.py)
        self._layout()
        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue_check.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()
        follow(self.events, self, ("registers",), self.refresh)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel("收到年份"))
        filters.addWidget(self.year_combo)
        filters.addSpacing(8)
        filters.addWidget(self.overdue_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.triage_button, self.reply_button, self.close_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for w in (self.unmasked_check, self.xlsx_button, self.pdf_button):
            buttons.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("红色为逾期未回复或未办结（一周内程序性回复、一个月内实体性办理，期限见系统设置）"))

    # --- the list -----------------------------------------------------------------------------
    def period(self) -> tuple[date | None, date | None]:
        year = self.year_combo.currentData()
        return (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)

    def _fill_years(self, rows: list[dict[str, Any]]) -> None:
        current = self.year_combo.currentData()
        years = sorted({r["received_on"].year for r in rows}, reverse=True)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(ALL_YEARS, None)
        for y in years:
            self.year_combo.addItem(f"{y}年", y)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0) if current else 0)
        self.year_combo.blockSignals(False)

    def refresh(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        self._fill_years(complaints.list_complaints(self.store, unmasked=True))
        start, end = self.period()
        rows = complaints.list_complaints(self.store, overdue=self.overdue_check.isChecked(), date_from=start,
                                          date_to=end, unmasked=True)
        self.model.set_rows(rows)
        late = sum(r["overdue"] for r in rows)
        self.count_label.setText(f"共 {len(rows)} 件 · 已办结 {sum(r['closed_on'] is not None for r in rows)} 件"
                                 + (f" · 逾期 {late} 件" if late else ""))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._update_buttons()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        r = self.model.row(index.row())
        return int(r["id"]) if r else None

    def current(self) -> dict[str, Any] | None:
        cid = self.current_id()
        return self.model.row(self.table.currentIndex().row()) if cid is not None else None

    def _update_buttons(self) -> None:
        c = self.current()
        is_open = c is not None and c["closed_on"] is None
        self.triage_button.setEnabled(is_open and c is not None and c["problem_id"] is None)
        self.reply_button.setEnabled(is_open and c is not None and c["replied_on"] is None)
        self.close_button.setEnabled(is_open and c is not None and bool(c["triage"]))

    # --- steps --------------------------------------------------------------------------------
    def _open(self, dialog: ServiceDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, complaint_id: Any) -> None:
        self.refresh(keep=int(complaint_id) if isinstance(complaint_id, int) else None)
        c = self.current()
        self.events.announce("registers", *(("problems",) if c and c["problem_id"] else ()), by=self)

    def add_complaint(self) -> QDialog:
        return self._open(AddComplaintDialog(self.store, complaints.known_units(self.store), self,
                                             operator=self.operator))

    def triage(self) -> QDialog | None:
        c = self.current()
        if c is None:
            return None
        categories = list(category_mapping(self.store)["categories"])
        return self._open(TriageDialog(self.store, c, categories, self, operator=self.operator))

    def answer(self, stage: str) -> QDialog | None:
        c = self.current()
        return None if c is None else self._open(AnswerDialog(self.store, c, stage, self, operator=self.operator))

    def write_ledger(self, suffix: str, out: Path | None = None) -> worker.Task | None:
        start, end = self.period()
        year = f"{start.year}年" if start else ""
        out = out or ask_save_path(self, "保存清零台账", self.folder, f"{year}投诉举报清零台账{suffix}")
        if out is None:
            return None
        self.folder = out.parent
        store, unmasked = self.store, self.unmasked_check.isChecked()

        def write() -> Path:
            data = complaint_ledger.ledger(store, date_from=start, date_to=end, unmasked=unmasked)
            return complaint_ledger.write_ledger(store, data, out)

        self.task = write_off_thread(self, "正在生成清零台账…", write,
                                     lambda path: show_info(self, f"已写出 {path}", "清零台账"))
        return self.task
