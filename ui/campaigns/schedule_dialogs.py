"""The campaign's timetable entered in the window: a phase, a milestone, a submission expected
of the units (what, by when, from whom) and one received (the date, the person who received it,
the file — kept with its SHA-256 — and the number of problems it reported).

Each is a ServiceDialog over the service the command line uses (app.campaigns.phases,
app.campaigns.submissions): a refusal is shown in red inside the dialog, which stays open.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.campaigns.phases import SEQUENCES, add_milestone, add_phase, list_phases
from app.campaigns.service import get_campaign
from app.campaigns.submissions import KINDS, expect_submission, receive_submission
from app.errors import UserError
from app.store import Store
from ui.common.service_dialog import ServiceDialog, date_edit, to_date


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _combo(name: str, items: list[str], editable: bool = True) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(editable)
    combo.addItems(items)
    return combo


class PhaseDialog(ServiceDialog):
    """添加阶段: a name (the plans' sequences offered), its range and an optional 报送期限."""

    def __init__(self, store: Store, campaign_id: int, parent: QWidget | None = None, operator: str = "",
                 today: date | None = None) -> None:
        super().__init__(store, "添加阶段", parent, operator)
        self.campaign_id = campaign_id
        taken = {p["name"] for p in list_phases(store, campaign_id=campaign_id)}
        offered = [n for seq in SEQUENCES.values() for n in seq if n not in taken]
        self.name = _combo("phaseName", list(dict.fromkeys(offered)))
        self.date_from = date_edit(today, "phaseFrom")
        self.date_to = date_edit(today, "phaseTo")
        self.has_deadline = QCheckBox("本阶段有报送期限")
        self.has_deadline.setObjectName("hasDeadline")
        self.deadline = date_edit(today, "phaseDeadline")
        self.deadline.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.form.addRow("阶段名称", self.name)
        self.form.addRow("开始日期", self.date_from)
        self.form.addRow("结束日期", self.date_to)
        self.form.addRow(self.has_deadline, self.deadline)
        hint = QLabel("方案的阶段：" + "；".join(f"{k}：{'→'.join(v)}" for k, v in SEQUENCES.items()))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#616161;")
        self.form.addRow(hint)

    def submit(self) -> dict[str, Any]:
        return add_phase(self.store, name=self.name.currentText(), date_from=to_date(self.date_from),
                         date_to=to_date(self.date_to),
                         report_deadline=to_date(self.deadline) if self.has_deadline.isChecked() else None,
                         campaign_id=self.campaign_id, operator=self.operator)


class MilestoneDialog(ServiceDialog):
    """添加节点: what must be done by when (7月22日前完成领导小组的设立 …), within a phase or not."""

    def __init__(self, store: Store, campaign_id: int, parent: QWidget | None = None, operator: str = "",
                 today: date | None = None) -> None:
        super().__init__(store, "添加节点", parent, operator)
        self.campaign_id = campaign_id
        self.title = _line("milestoneTitle", "如：完成领导小组、工作专班的设立")
        self.due = date_edit(today, "milestoneDue")
        self.phase = _combo("milestonePhase", ["", *(p["name"] for p in list_phases(store, campaign_id=campaign_id))],
                            editable=False)
        self.note = _line("milestoneNote")
        self.form.addRow("节点事项", self.title)
        self.form.addRow("期限", self.due)
        self.form.addRow("所属阶段", self.phase)
        self.form.addRow("备注", self.note)

    def submit(self) -> dict[str, Any]:
        return add_milestone(self.store, title=self.title.text(), due_on=to_date(self.due),
                             phase=self.phase.currentText(), note=self.note.text(), campaign_id=self.campaign_id,
                             operator=self.operator)


class ExpectDialog(ServiceDialog):
    """登记应报材料: the kind, the due date and the units it is expected from (the campaign's units,
    all ticked at first; a campaign that lists none expects it from every unit of the roster)."""

    def __init__(self, store: Store, campaign_id: int, parent: QWidget | None = None, operator: str = "",
                 today: date | None = None) -> None:
        super().__init__(store, "登记应报材料", parent, operator)
        self.campaign_id = campaign_id
        self.kind = _combo("submissionKind", list(KINDS))
        self.due = date_edit(today, "submissionDue")
        self.units = QListWidget()
        self.units.setObjectName("submissionUnits")
        units = list(get_campaign(store, campaign_id)["units"])
        for name in units:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.units.addItem(item)
        self.units.setMaximumHeight(self.units.sizeHintForRow(0) * 8 + 8 if units else 60)
        self.note = _line("submissionNote")
        self.form.addRow("报送材料", self.kind)
        self.form.addRow("报送期限", self.due)
        self.form.addRow("报送单位", self.units if units else QLabel("本活动未列执法单位：登记给库中全部执法单位"))
        self.units.setVisible(bool(units))
        self.form.addRow("备注", self.note)

    def chosen_units(self) -> list[str]:
        return [self.units.item(i).text() for i in range(self.units.count())
                if self.units.item(i).checkState() == Qt.CheckState.Checked]

    def submit(self) -> list[dict[str, Any]]:
        units = self.chosen_units()
        if self.units.count() and not units:
            raise UserError("请至少勾选一个报送单位。")
        return expect_submission(self.store, kind=self.kind.currentText(), due_on=to_date(self.due),
                                 units=units or None, note=self.note.text(), campaign_id=self.campaign_id,
                                 operator=self.operator)


class ReceiveDialog(ServiceDialog):
    """登记收到: for one expected submission, the date, who received it, the file and, for a
    report of problems, how many it listed (0 marks the unit 问题零报告)."""

    def __init__(self, store: Store, submission: dict[str, Any], parent: QWidget | None = None,
                 operator: str = "", today: date | None = None) -> None:
        super().__init__(store, f"登记收到：{submission['unit']} 的「{submission['kind']}」", parent, operator)
        self.submission = submission
        self.on = date_edit(today, "receivedOn")
        self.by = _line("receivedBy", "接收人姓名")
        self.by.setText(operator)
        self.file = _line("receivedFile", "报送的文件（保存副本并记录 SHA-256）")
        browse = QPushButton("选择…")
        browse.setObjectName("browseFile")
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.has_count = QCheckBox("报告了问题数")
        self.has_count.setObjectName("hasCount")
        self.count = QSpinBox()
        self.count.setObjectName("problemCount")
        self.count.setRange(0, 100000)
        self.count.setEnabled(False)
        self.has_count.toggled.connect(self.count.setEnabled)
        self.has_count.setChecked(submission["kind"] in ("自查报告", "问题清单", "统计表"))
        self.note = _line("receivedNote")
        self.form.addRow("报送期限", QLabel(f"{submission['due_on']}（{submission['status']}）"))
        self.form.addRow("收到日期", self.on)
        self.form.addRow("接收人", self.by)
        self.form.addRow("文件", file_row)
        self.form.addRow(self.has_count, self.count)
        self.form.addRow("备注", self.note)

    def choose_file(self) -> None:
        chosen, _f = QFileDialog.getOpenFileName(self, "选择报送的文件", str(Path.home()))
        if chosen:
            self.file.setText(chosen)

    def submit(self) -> dict[str, Any]:
        path = self.file.text().strip()
        return receive_submission(self.store, int(self.submission["id"]), on=to_date(self.on), by=self.by.text(),
                                  file=Path(path) if path else None,
                                  problem_count=self.count.value() if self.has_count.isChecked() else None,
                                  note=self.note.text(), operator=self.operator)
