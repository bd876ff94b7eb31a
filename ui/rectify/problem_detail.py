"""One problem in full: its fields, the progress history (with evidence files, their SHA-256
prefix and 「打开」 for the stored copy), the dispositions and the close-out (销号) record."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
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

from app.rectify import service as rectify
from app.store import Store
from ui.common.messages import show_warning
from ui.rectify.evidence_dialogs import human_size
from ui.rectify.problem_dialogs import REFERRAL_LABELS, SOURCE_LABELS
from ui.rectify.problems_model import OVERDUE_COLOUR, deadline_text

SHA_PREFIX = 12
SOURCE_NAMES = {**SOURCE_LABELS, "audit": "倒查", "review": "案卷评查"}


def text_of(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def evidence_text(f: dict[str, Any]) -> str:
    return f"{f['file_name']} · {f['sha256'][:SHA_PREFIX]}…"


def open_file(path: str | Path, parent: QWidget | None = None) -> bool:
    """Open the stored copy with the program the system uses for it."""
    p = Path(path)
    if not p.is_file():
        show_warning(parent, f"找不到保存的佐证材料 {p}（证据文件夹是否被移动？）。")
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(p)))


class ProblemDetail(QDialog):
    def __init__(self, store: Store, problem_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemDetail")
        self.store = store
        self.problem = rectify.get_problem(store, problem_id)
        p = self.problem
        self.setWindowTitle(f"问题 #{p['id']} — {p['category']}")
        self.open_buttons: list[QPushButton] = []

        fields = QFormLayout()
        status = QLabel(p["status"] + ("（已逾期）" if p.get("overdue") else ""))
        status.setObjectName("statusText")
        if p.get("overdue"):
            status.setStyleSheet(f"color:{OVERDUE_COLOUR}; font-weight:bold;")
        for label, value in (("问题类别", p["category"]), ("具体表现", p["manifestation"]), ("执法单位", p["unit"]),
                             ("案号", p["case_no"]), ("来源", SOURCE_NAMES.get(p["source"], p["source"])),
                             ("整治措施", p["measure"] or "（尚未制定）"),
                             ("责任部门 · 责任人", " · ".join(x for x in (p["dept"], p["owner"]) if x)),
                             ("整改时限", deadline_text(p)), ("时间表", p["timetable"])):
            value_label = QLabel(text_of(value))
            value_label.setWordWrap(True)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            fields.addRow(label, value_label)
        fields.addRow("状态", status)

        self.progress_table = self._table("progressTable", ("日期", "进展说明", "操作人", "佐证材料 · SHA-256", ""), 1)
        for entry in p["progress"]:
            files = entry["evidence"]
            row = self._row(self.progress_table, (text_of(entry["on"]), entry["note"], entry["operator"],
                                                  "；".join(evidence_text(f) for f in files)))
            if files:
                self._open_button(self.progress_table, row, 4, files[0]["path"])
        self.dispositions_table = self._table("dispositionsTable",
                                              ("日期", "处置方式", "移送", "处理人数", "处分人数", "说明"), 5)
        for d in p["dispositions"]:
            self._row(self.dispositions_table, (text_of(d["on"]), d["kind"],
                                                REFERRAL_LABELS.get(d["referral"], d["referral"]) if d["referral"]
                                                else "", str(d["people_handled"]), str(d["sanctions"]), d["note"]))
        self.close_label = QLabel(self._close_text())
        self.close_label.setObjectName("closeText")
        self.close_table = self._table("closeTable", ("文件", "SHA-256", "大小", ""), 0)
        for f in p["close_evidence"]:
            row = self._row(self.close_table, (f["file_name"], f["sha256"][:SHA_PREFIX] + "…", human_size(f["size"])))
            sha_item = self.close_table.item(row, 1)
            assert sha_item is not None  # _row filled the row
            sha_item.setToolTip(f["sha256"])
            self._open_button(self.close_table, row, 3, f["path"])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self._heading(f"整改进展（{len(p['progress'])} 条）"))
        layout.addWidget(self.progress_table, 2)
        layout.addWidget(self._heading(f"分类处置（{len(p['dispositions'])} 条）"))
        layout.addWidget(self.dispositions_table, 1)
        layout.addWidget(self._heading("销号"))
        layout.addWidget(self.close_label)
        layout.addWidget(self.close_table, 1)
        layout.addWidget(buttons)
        self.resize(900, 720)

    def _close_text(self) -> str:
        p = self.problem
        if p["status"] != "已销号":
            return "尚未销号。"
        return f"{text_of(p['closed_on'])} 销号，审批人 {p['approver']}；佐证材料 {len(p['close_evidence'])} 份。"

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        label.setStyleSheet("margin-top:6px;")
        return label

    @staticmethod
    def _table(name: str, headers: tuple[str, ...], stretch: int) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(list(headers))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    @staticmethod
    def _row(table: QTableWidget, values: tuple[str, ...]) -> int:
        row = table.rowCount()
        table.insertRow(row)
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value if len(value) > 20 else "")
            table.setItem(row, col, item)
        return row

    def _open_button(self, table: QTableWidget, row: int, col: int, path: str) -> None:
        button = QPushButton("打开")
        button.setObjectName("openEvidence")
        button.setToolTip(path)
        button.clicked.connect(lambda: open_file(path, self))
        table.setCellWidget(row, col, button)
        self.open_buttons.append(button)
