"""The chain behind one finding: receipt · ledger row · case file side by side (倒查链条).

Rows are the fields the three records share; the fields on which they disagree (as
`chain_for` names them) are highlighted — background and bold — and the finding's expected
and found values, its rule and its message are shown above.

打开收据 / 打开台账 / 打开案卷 ask (through `recordRequested(kind, id)`) for that record's form, to
correct it where it is kept; `reload()` re-reads the chain afterwards. 帮助 asks for the code's
entry of the 使用手册 (`helpRequested(code)`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.audit import service as audit
from app.domain.amounts import format_fen
from app.store import Store
from ui.audit.audit_text import code_label, describe, status_label
from ui.common.screen_fit import scrolling

RECORDS = (("receipt", "收据"), ("ledger", "台账"), ("case", "案卷"))
REGISTER_OF = {"receipt": "receipts", "ledger": "ledger", "case": "cases"}  # chain key → register kind
# (row label, name chain_for uses in `disagree` or None, (receipt field, ledger field, case field))
ROWS: tuple[tuple[str, str | None, tuple[str | None, str | None, str | None]], ...] = (
    ("案号", "case_no", ("case_no", "case_no", "case_no")),
    ("收据号", "receipt_no", ("receipt_no", "receipt_no", None)),
    ("当事人 / 缴款人", "party", ("payer", "party", "party")),
    ("金额（元）", "amount", ("amount_fen", "fine_fen", "fine_fen")),
    ("决定日期", "decided_on", (None, "decided_on", "decided_on")),
    ("收款 / 缴款日期", None, ("issued_on", "paid_on", "paid_on")),
    ("违法行为 / 案由", None, (None, "violation", "cause")),
    ("处罚种类", None, (None, "penalty", "penalty")),
    ("执行情况", None, (None, "enforcement", "enforcement")),
    ("执法单位", None, ("unit", "unit", "unit")),
    ("收缴方式", None, ("onsite", None, None)),
    ("作废", None, ("voided", None, None)),
    ("台账行号", None, (None, "row", None)),
)
DISAGREE_BG = QBrush(QColor("#ffcdd2"))
MISSING_FG = QBrush(QColor("#9e9e9e"))


def cell_text(field: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if field.endswith("_fen"):
        return format_fen(int(value))
    if field == "onsite":
        return "当场收缴" if value else "银行代收"
    if field == "voided":
        return "是" if value else "否"
    return str(value)


class ChainView(QDialog):
    recordRequested = Signal(str, int)  # register kind, record id
    helpRequested = Signal(str)  # finding code

    def __init__(self, store: Store, finding_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chainView")
        self.store = store
        self.finding_id = finding_id
        self.chain = audit.chain_for(store, finding_id)
        self.finding = audit.get_finding(store, finding_id)
        self.disagree: list[str] = list(self.chain["disagree"])
        f = self.finding
        self.setWindowTitle(f"倒查链条 — {code_label(f['code'])}")

        head = QFormLayout()
        head.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        title = QLabel(f"<b>{code_label(f['code'])}</b>　<span style='color:#757575'>{f['code']}</span>")
        head.addRow("问题类型：", title)
        status = status_label(f["status"]) + (f"（理由：{f['dismiss_reason']}）" if f.get("dismiss_reason") else "")
        self.labels: dict[str, QLabel] = {}
        for key, label, text in (("status", "状态：", status), ("message", "说明：", f.get("message") or ""),
                                 ("expected", "应为：", describe(f.get("expected"))),
                                 ("found", "实为：", describe(f.get("found"))), ("rule", "依据：", f.get("rule") or "")):
            lab = QLabel(text)
            lab.setWordWrap(True)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = lab
            head.addRow(label, lab)

        self.table = QTableWidget(len(ROWS), len(RECORDS))
        self.table.setObjectName("chainTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read-only: no current-cell frame
        self.table.setHorizontalHeaderLabels([self._column_title(kind, label) for kind, label in RECORDS])
        self.table.setVerticalHeaderLabels([r[0] for r in ROWS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self._fill()

        self.legend = QLabel()
        self.legend.setObjectName("legend")
        self._legend()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        self.open_buttons: dict[str, QPushButton] = {}
        for kind, label in RECORDS:
            b = buttons.addButton(f"打开{label}…", QDialogButtonBox.ButtonRole.ActionRole)
            b.setObjectName(f"open_{kind}")
            b.setToolTip(f"在「{label}」登记簿中打开这条记录改正；关闭后回到这里")
            b.clicked.connect(lambda _c=False, k=kind: self.open_record(k))
            self.open_buttons[kind] = b
        help_button = buttons.addButton("帮助", QDialogButtonBox.ButtonRole.HelpRole)
        help_button.setObjectName("chainHelp")
        help_button.clicked.connect(lambda: self.helpRequested.emit(str(self.finding["code"])))
        self._enable_open()
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(head, self.table, self.legend), 1)  # 关闭 stays visible on a small screen
        layout.addWidget(buttons)
        rows_height = self.table.verticalHeader().defaultSectionSize() * len(ROWS)
        self.table.setFixedHeight(rows_height + self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth() + 4)
        self.resize(920, self.sizeHint().height())

    def _legend(self) -> None:
        self.legend.setText("红底加粗：三者不一致的字段。" if self.disagree else "三者记载一致（或只有一方有记录）。")

    def _enable_open(self) -> None:
        for kind, button in self.open_buttons.items():
            button.setEnabled(bool(self.chain.get(kind)))

    def open_record(self, kind: str) -> None:
        rec = self.chain.get(kind)
        if rec:
            self.recordRequested.emit(REGISTER_OF[kind], int(rec["id"]))

    def reload(self) -> None:
        """The chain read again (after a record of it was corrected)."""
        self.chain = audit.chain_for(self.store, self.finding_id)
        self.disagree = list(self.chain["disagree"])
        self.table.setHorizontalHeaderLabels([self._column_title(kind, label) for kind, label in RECORDS])
        for row, r in enumerate(ROWS):
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(r[0]))
        self._fill()
        self._legend()
        self._enable_open()

    def _column_title(self, kind: str, label: str) -> str:
        return label if self.chain.get(kind) else f"{label}（未找到）"

    def _fill(self) -> None:
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, (_label, name, fields) in enumerate(ROWS):
            flagged = name is not None and name in self.disagree
            for col, ((kind, _t), field) in enumerate(zip(RECORDS, fields, strict=True)):
                rec = self.chain.get(kind)
                if field is None:
                    text = "—"
                elif rec is None:
                    text = "（无）"
                else:
                    text = cell_text(field, rec.get(field))
                item = QTableWidgetItem(text)
                if field is None or rec is None:
                    item.setForeground(MISSING_FG)
                elif flagged and text:
                    item.setBackground(DISAGREE_BG)
                    item.setFont(bold)
                if field and field.endswith("_fen"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(text if len(text) > 20 else "")
                self.table.setItem(row, col, item)
            if flagged:
                header = QTableWidgetItem(ROWS[row][0] + " ≠")
                header.setFont(bold)
                header.setForeground(QBrush(QColor("#b71c1c")))
                self.table.setVerticalHeaderItem(row, header)

    def row_of(self, name: str) -> int:
        return next(i for i, r in enumerate(ROWS) if r[1] == name)

    def is_highlighted(self, name: str, column: int) -> bool:
        item = self.table.item(self.row_of(name), column)
        return item is not None and item.font().bold() and item.background() == DISAGREE_BG
