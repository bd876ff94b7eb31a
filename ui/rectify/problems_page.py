"""问题整改 page: the problem list with filters (类别, 单位, 状态, 只看逾期) and the 挂牌督办 view,
and the rectification steps — 新增问题, 整改措施, 记录进展, 销号, 分类处置. Double-click (or
Enter) opens the problem in full (ui/rectify/problem_detail.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rectify.categories import category_mapping
from app.rectify.measure_approval import approve_measure
from app.store import Store
from ui.common.columns import record_table
from ui.common.events import Events, follow
from ui.common.messages import show_info, show_user_error
from ui.common.service_dialog import ServiceDialog
from ui.rectify.batch_dialogs import AssignDialog, DeadlineDialog
from ui.rectify.campaign_tools import CampaignTools
from ui.rectify.evidence_dialogs import CloseDialog, ProgressDialog
from ui.rectify.problem_detail import ProblemDetail
from ui.rectify.problem_dialogs import AddProblemDialog, DispositionDialog, MeasureDialog
from ui.rectify.problems_model import COLUMNS, STATUSES, ProblemsModel
from ui.system.role_gate import gate_by_role

ALL = "全部"
COLUMN_WIDTHS = {"id": 48, "category": 96, "manifestation": 330, "unit": 200, "case_no": 170, "measure": 200,
                 "dept": 120, "owner": 70, "deadline": 110}
SUPERVISED_STYLE = "QPushButton:checked { background:#c62828; color:white; font-weight:bold; }"


class ProblemsPage(QWidget):
    """Announces "problems" after any change to a problem; follows the problems (a finding
    confirmed on 倒查 adds one) and the campaign (its categories)."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_problems")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.dialog: QDialog | None = None  # the open step dialog (tests reach it here)
        self.detail: ProblemDetail | None = None

        self.category_combo = self._combo("categoryFilter")
        self.unit_combo = self._combo("unitFilter")
        self.status_combo = self._combo("statusFilter")
        self.status_combo.addItem(ALL, None)
        for status in STATUSES:
            self.status_combo.addItem(status, status)
        self.overdue_check = QCheckBox("只看逾期")
        self.overdue_check.setObjectName("overdueOnly")
        self.supervised_button = QPushButton("挂牌督办")
        self.supervised_button.setObjectName("supervisedView")
        self.supervised_button.setCheckable(True)
        self.supervised_button.setStyleSheet(SUPERVISED_STYLE)
        self.supervised_button.setToolTip("领导小组决定挂牌督办的问题，按督办时限先后排列；超过督办时限未销号的标红")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        self.model = ProblemsModel(store, self)
        self.table = record_table(self.model, "problemsTable", {col: COLUMN_WIDTHS[name] for col, (name, _label)
                                                         in enumerate(COLUMNS) if name in COLUMN_WIDTHS},
                                  title="问题清单")
        self.table.activated.connect(self.open_detail)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # batch work

        self.add_button = self._button("新增问题…", "addProblem", self.add_problem)
        self.measure_button = self._button("整改措施…", "measureButton", self.set_measure)
        self.progress_button = self._button("记录进展…", "progressButton", self.add_progress)
        self.close_button = self._button("销号…", "closeButton", self.close_problem)
        self.approve_button = self._button("审核措施", "approveMeasure", self.approve_measure)
        self.approve_button.setToolTip("审核员审核整改措施（不能审核本人录入或负责的措施）")
        self.dispose_button = self._button("分类处置…", "disposeButton", self.add_disposition)
        self.assign_button = self._button("指定责任人…", "assignButton", self.assign_selected)
        self.deadline_button = self._button("设定时限…", "deadlineButton", self.deadline_selected)
        self.detail_button = self._button("详情…", "detailButton",
                                          lambda: self.open_detail(self.table.currentIndex()))
        self.tools = CampaignTools(self, store, self.events, operator, problem=self.current_problem,
                                   units=self.model.units)  # 专项工作 ▾: 发文, 典型案例, 单位考核, 单位报送
        self.tools_button = self.tools.button()
        for button, action in ((self.add_button, "records.register"), (self.measure_button, "measures.enter"),
                               (self.progress_button, "progress.enter"), (self.close_button, "problems.close"),
                               (self.approve_button, "measures.approve"), (self.dispose_button, "dispositions.decide")):
            gate_by_role(button, store, action)  # under login: the role's actions only (app/accounts/roles.py)
        self._layout()
        self._fill_filters()
        for combo in (self.category_combo, self.unit_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.overdue_check.toggled.connect(lambda _on: self.apply_filters())
        self.supervised_button.toggled.connect(lambda _on: self.apply_filters())
        self.model.modelReset.connect(self._update_buttons)
        self.model.countChanged.connect(lambda _n: self._update_count())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.apply_filters()
        follow(self.events, self, ("problems", "campaign"), self.refresh)

    @staticmethod
    def _combo(name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    @staticmethod
    def _button(text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (("问题类别", self.category_combo), ("执法单位", self.unit_combo),
                              ("状态", self.status_combo)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
            filters.addSpacing(8)
        filters.addWidget(self.overdue_check)
        filters.addSpacing(8)
        filters.addWidget(self.supervised_button)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.measure_button, self.approve_button, self.progress_button, self.close_button,
                  self.dispose_button, self.assign_button, self.deadline_button, self.detail_button):
            buttons.addWidget(b)
        buttons.addWidget(self.tools_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("红色为逾期未销号；双击查看进展、处置与销号记录"))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _fill_filters(self) -> None:
        self.categories = list(category_mapping(self.store)["categories"])
        units = self.model.units()
        for combo, values in ((self.category_combo, self.categories), (self.unit_combo, units)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
            combo.blockSignals(False)

    # --- filters ------------------------------------------------------------------------------
    def apply_filters(self) -> None:
        supervised = self.supervised_button.isChecked()
        self.overdue_check.setEnabled(not supervised)
        self.model.set_filter(category=self.category_combo.currentData(), unit=self.unit_combo.currentData(),
                              status=self.status_combo.currentData(), overdue_only=self.overdue_check.isChecked(),
                              supervised=supervised)

    def refresh(self, keep: int | None = None) -> None:
        """Re-read the list, keeping the chosen problem selected while it is still shown."""
        keep = keep if keep is not None else self.current_id()
        self._fill_filters()
        self.apply_filters()
        if keep is not None:
            row = self.model.row_of(keep)
            if row is not None:
                self.select_row(row)

    def _update_count(self) -> None:
        n = self.model.total
        overdue = self.model.overdue_total
        view = "挂牌督办 " if self.supervised_button.isChecked() else ""
        # the header's column filters narrow what the page's own filters give
        shown = f"筛选后 {n:,} / 共 {self.model.scope_total:,} 条" if self.model.filters else f"共 {n:,} 条"
        self.count_label.setText(f"{view}{shown}" + (f" · 逾期 {overdue:,} 条" if overdue else ""))

    def _update_buttons(self) -> None:
        p = self.current_problem()
        is_open = p is not None and p["status"] != "已销号"
        for b in (self.measure_button, self.progress_button, self.close_button):
            b.setEnabled(is_open)
        self.approve_button.setEnabled(is_open and bool(p and p.get("measure")))
        self.dispose_button.setEnabled(p is not None)
        self.detail_button.setEnabled(p is not None)
        chosen = self.selected_open_ids()
        for b, text in ((self.assign_button, "指定责任人"), (self.deadline_button, "设定时限")):
            b.setEnabled(bool(chosen))
            b.setText(f"{text}（{len(chosen)}）…" if len(chosen) > 1 else f"{text}…")

    def selected_open_ids(self) -> list[int]:
        """The selected problems not yet closed (batch work leaves closed ones alone)."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        problems = [self.model.problem(r) for r in rows]
        return [int(p["id"]) for p in problems if p is not None and p["status"] != "已销号"]

    # --- current problem ----------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.problem_id(index.row())

    def current_problem(self) -> dict[str, Any] | None:
        return self.model.problem(self.table.currentIndex().row()) if self.current_id() is not None else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def select_problem(self, problem_id: int) -> bool:
        row = self.model.row_of(problem_id)
        if row is not None:
            self.select_row(row)
        return row is not None

    # --- steps --------------------------------------------------------------------------------
    def _open(self, dialog: ServiceDialog, keep: int | None) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda result: self._saved(keep if keep is not None else result))
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, problem_id: Any) -> None:
        self.refresh(keep=int(problem_id) if isinstance(problem_id, int) else None)
        self.events.announce("problems", by=self)

    def add_problem(self) -> QDialog:
        units = [self.unit_combo.itemData(i) for i in range(1, self.unit_combo.count())]
        return self._open(AddProblemDialog(self.store, self.categories, units, self, operator=self.operator), None)

    def _step(self, cls: Any) -> QDialog | None:
        p = self.current_problem()
        if p is None:
            return None
        return self._open(cls(self.store, p, self, operator=self.operator), int(p["id"]))

    def set_measure(self) -> QDialog | None:
        return self._step(MeasureDialog)

    def add_progress(self) -> QDialog | None:
        return self._step(ProgressDialog)

    def close_problem(self) -> QDialog | None:
        return self._step(CloseDialog)

    def approve_measure(self) -> bool:
        """审核整改措施 for the current problem; True when approved."""
        p = self.current_problem()
        if p is None:
            return False
        try:
            done = approve_measure(self.store, int(p["id"]), operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        show_info(self, f"问题 #{p['id']} 的整改措施已由 {done['approved_by']} 审核通过。")
        self.events.announce("problems", by=self)
        return True

    def add_disposition(self) -> QDialog | None:
        return self._step(DispositionDialog)

    def assign_selected(self) -> QDialog | None:
        ids = self.selected_open_ids()
        return self._open(AssignDialog(self.store, ids, self, operator=self.operator), self.current_id()) if ids else None

    def deadline_selected(self) -> QDialog | None:
        ids = self.selected_open_ids()
        return self._open(DeadlineDialog(self.store, ids, self, operator=self.operator), self.current_id()) if ids else None

    def open_detail(self, index: QModelIndex) -> ProblemDetail | None:
        pid = self.model.problem_id(index.row()) if index.isValid() else None
        if pid is None:
            return None
        try:
            detail = ProblemDetail(self.store, pid, self)
        except UserError as exc:
            show_user_error(self, exc)
            return None
        detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        detail.destroyed.connect(lambda *_: setattr(self, "detail", None))
        self.detail = detail
        detail.show()
        return detail
