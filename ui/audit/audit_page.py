"""倒查 page: run the reverse-order audit, browse its findings by stage and code, open the chain
behind one, dismiss (with a reason) or reopen it, and draw a sample of case files.

The audit runs on the worker helper (progress after 0.5 s, 取消 leaves the store as it was);
findings are read page by page from the store (ui/audit/findings_model.py), so the table shows what
is stored — including dismissals made before, which a new run keeps.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.audit import service as audit
from app.audit.service import AuditResult
from app.records import service as records
from app.store import Store
from ui.audit.audit_text import STATUS_LABELS, describe
from ui.audit.audit_tree import StageTree
from ui.audit.chain_view import ChainView
from ui.audit.dismiss_dialog import DismissDialog
from ui.audit.finding_actions import FindingActions
from ui.audit.findings_model import COLUMNS, FindingsModel
from ui.common import worker
from ui.common.columns import record_table
from ui.common.events import Events, follow
from ui.system.role_gate import gate_by_role

ALL = "全部"
COLUMN_WIDTHS = {"code": 150, "status": 60, "case_no": 175, "receipt_no": 140, "unit": 150}
NOTICE_STYLE = "background:#fff8e1; border:1px solid #ffcc80; padding:4px 8px; color:#6d4c00;"


def fallback_notice(years: list[int]) -> str:
    listed = "、".join(str(y) for y in years)
    return (f"⚠ {listed} 年无节假日数据，按仅周末计算（涉及工作日的期限可能不准）。"
            "可在「工具 → 节假日数据…」中补录。")


class AuditPage(FindingActions, QWidget):
    """Announces "findings" after a run or a status change (and "problems" after 确认为问题);
    follows the findings and the units (its unit filter). Several rows may be selected (Ctrl,
    Shift): 确认为问题 and 排除… act on every selected open finding at once.

    `recordRequested(kind, id)` asks the window to open a record of the chain for correction
    (the window comes back here and calls `came_back()`); `helpRequested(code)` its help entry."""

    recordRequested = Signal(str, int)
    helpRequested = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_audit")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.task: worker.Task | None = None
        self.last_result: AuditResult | None = None
        self.chain_view: ChainView | None = None
        self.dismiss_dialog: DismissDialog | None = None
        self.sample_dialog: Any = None

        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setObjectName("asOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.run_button = QPushButton("运行倒查")
        self.run_button.setObjectName("runAudit")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.sample_button = QPushButton("抽查…")
        self.sample_button.setObjectName("sampleButton")
        self.sample_button.clicked.connect(self.open_sample)
        self.summary = QLabel("尚未在本窗口运行倒查；下表为数据库中已保存的问题线索。")
        self.summary.setObjectName("summary")
        self.notice = QLabel()
        self.notice.setObjectName("fallbackNotice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(ALL, None)
        for key, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, key)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitFilter")
        self.unit_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_units()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        self.tree = StageTree(store)
        self.model = FindingsModel(store, self)
        self.table = record_table(self.model, "findingsTable", {col: COLUMN_WIDTHS[name] for col, (name, _label)
                                                         in enumerate(COLUMNS) if name in COLUMN_WIDTHS},
                                  title="问题线索")
        self.table.activated.connect(self.open_chain)  # double-click and Enter
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # batch work

        self.detail = QLabel()
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.detail.fontMetrics().height() * 3 + 8)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setStyleSheet("background:#fafafa; border:1px solid #e0e0e0; padding:4px;")
        self.chain_button = QPushButton("查看链条")
        self.confirm_button = QPushButton("确认为问题")
        self.confirm_button.setObjectName("confirmButton")
        self.confirm_button.setToolTip("确认后列入问题清单（整改）")
        self.confirm_button.clicked.connect(self.confirm_current)
        self.dismiss_button = QPushButton("排除…")
        self.dismiss_button.setObjectName("dismissButton")
        self.reopen_button = QPushButton("恢复")
        self.reopen_button.setObjectName("reopenButton")
        self.help_button = QPushButton("帮助")
        self.help_button.setObjectName("findingHelp")
        self.help_button.setToolTip("这类问题的含义、依据和整改方法（使用手册）")
        self.help_button.clicked.connect(self.help_current)
        self.chain_button.clicked.connect(lambda: self.open_chain(self.table.currentIndex()))
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.reopen_button.clicked.connect(self.reopen_current)
        for button in (self.confirm_button, self.dismiss_button, self.reopen_button):
            gate_by_role(button, store, "findings.confirm")  # under login a 审核员's (app/accounts/roles.py)

        self._layout()
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.tree.codesChosen.connect(lambda _codes: self.apply_filters(recount_tree=False))
        self.model.modelReset.connect(self._update_buttons)
        self.model.countChanged.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.apply_filters()
        follow(self.events, self, ("findings", "units"), self.refresh)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("截至日期"))
        top.addWidget(self.as_of)
        top.addWidget(self.run_button)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(self.sample_button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("状态"))
        filters.addWidget(self.status_combo)
        filters.addSpacing(8)
        filters.addWidget(QLabel("执法单位"))
        filters.addWidget(self.unit_combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(filters)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.detail)
        buttons = QHBoxLayout()
        for b in (self.chain_button, self.confirm_button, self.dismiss_button, self.reopen_button, self.help_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("双击或回车查看 收据 · 台账 · 案卷 对照"))
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([270, 930])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)

    def _fill_units(self) -> None:
        current = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem(ALL, None)
        for unit in records.page(self.store, "units", offset=0, limit=1000):
            self.unit_combo.addItem(unit["name"], unit["name"])
        i = self.unit_combo.findData(current)
        self.unit_combo.setCurrentIndex(max(i, 0))
        self.unit_combo.blockSignals(False)

    # --- filters ------------------------------------------------------------------------------
    def apply_filters(self, recount_tree: bool = True) -> None:
        status, unit = self.status_combo.currentData(), self.unit_combo.currentData()
        if recount_tree:
            self.tree.refresh(status=status, unit=unit)
        self.model.set_filter(codes=self.tree.current_codes(), status=status, unit=unit)

    def refresh(self) -> None:
        """Re-read from the store, keeping the chosen finding selected when it is still shown."""
        keep = self.current_id()
        row_before = self.table.currentIndex().row()
        self._fill_units()
        self.apply_filters()
        if keep is not None:
            self.model.finding(max(row_before, 0))  # reads the page the finding was on
            row = self.model.row_of(keep)
            if row is not None:
                self.select_row(row)

    def _update_count(self, n: int) -> None:
        if self.model.filters:  # the header's column filters narrow what the scope shows
            self.count_label.setText(f"筛选后 {n:,} / 共 {self.model.scope_total:,} 条")
        else:
            self.count_label.setText(f"共 {n:,} 条")

    def _update_buttons(self) -> None:
        rec = self.current_finding()
        chosen = self.selected_open_ids()
        many = len(self.selected_rows()) > 1
        self.chain_button.setEnabled(rec is not None)
        self.confirm_button.setEnabled(bool(chosen))
        self.dismiss_button.setEnabled(bool(chosen))
        self.confirm_button.setText(f"确认为问题（{len(chosen)}）" if many else "确认为问题")
        self.dismiss_button.setText(f"排除（{len(chosen)}）…" if many else "排除…")
        self.reopen_button.setEnabled(rec is not None and rec["status"] == "dismissed")
        self.help_button.setEnabled(rec is not None)
        if many:
            self.detail.setText(f"已选中 {len(self.selected_rows())} 条线索，其中待核实 {len(chosen)} 条：可一次确认为问题，"
                                "或用同一理由一次排除。")
        else:
            self.detail.setText(self.detail_text(rec) if rec is not None else "选中一条问题线索可在此看到说明；双击查看链条。")

    @staticmethod
    def detail_text(rec: dict[str, Any]) -> str:
        text = (f"{rec.get('message') or ''}\n应为：{describe(rec.get('expected'))}　实为：{describe(rec.get('found'))}"
                f"　依据：{rec.get('rule') or ''}")
        if rec.get("dismiss_reason"):
            text += f"\n排除理由：{rec['dismiss_reason']}"
        return text

    # --- running ------------------------------------------------------------------------------
    def as_of_date(self) -> date:
        d = self.as_of.date()
        return date(d.year(), d.month(), d.day())

    def run(self) -> worker.Task:
        self.run_button.setEnabled(False)
        as_of, operator = self.as_of_date(), self.operator

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> AuditResult:
            return audit.run_audit(self.store, as_of=as_of, operator=operator, progress=progress, cancel=cancel)

        def failed(_exc: BaseException) -> bool:
            self.run_button.setEnabled(True)
            return False

        self.task = worker.run_task(self, "正在倒查：收据 → 台账 → 案卷…", work, on_success=self._ran,
                                    on_failure=failed)
        return self.task

    def _ran(self, result: AuditResult) -> None:
        self.run_button.setEnabled(True)
        self.last_result = result
        self.summary.setText(f"截至 {result.as_of.isoformat()} 倒查完成：发现 {len(result.findings):,} 条问题线索"
                             f"（新增 {result.new:,}，重新出现 {result.reopened:,}，已消除 {result.resolved:,}）。")
        years = list(result.calendar_fallback_years)
        self.notice.setText(fallback_notice(years) if years else "")
        self.notice.setVisible(bool(years))
        self.refresh()
        self.events.announce("findings", by=self)

    def open_sample(self) -> Any:
        from ui.audit.sample_dialog import SampleDialog

        if self.sample_dialog is not None and self.sample_dialog.isVisible():
            self.sample_dialog.raise_()
            return self.sample_dialog
        dialog = SampleDialog(self.store, self, operator=self.operator)
        dialog.drawn.connect(lambda _result: self.events.announce("sample", by=self))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "sample_dialog", None))
        self.sample_dialog = dialog
        dialog.show()
        return dialog
