"""Dialogs that change one problem: 新增问题, 整改措施, 分类处置.

Each is a ServiceDialog (ui/common/service_dialog.py): its service runs on 确定, a refusal is
shown in red inside the dialog and nothing is written; on success it emits `saved(result)`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.concurrency import StaleRecordError
from app.errors import UserError
from app.rectify import problems as rectify_problems
from app.rectify import service as rectify
from app.rectify.vocabulary import DISPOSE, REFER, SUPERVISE, SUSPEND, list_terms
from app.store import Store
from ui.common.messages import confirm
from ui.common.service_dialog import ServiceDialog, date_edit, to_date
from ui.common.stale_prompt import ask_reload, kept_note

MEASURE_LABELS = {"measure": "整治措施", "dept": "责任部门", "owner": "责任人", "timetable": "时间表"}
SOURCE_LABELS = {"manual": "自查自纠", "complaint": "投诉举报", "onsite": "实地督查"}
REFERRAL_LABELS = {"": "不移送"}


class AddProblemDialog(ServiceDialog):
    """新增问题: a problem found by other means (自查, 投诉举报, 实地督查) put on the list by hand."""

    def __init__(self, store: Store, categories: list[str], units: list[str], parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(store, "新增问题", parent, operator)
        self.setObjectName("addProblemDialog")
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItems(categories)
        self.manifestation = QPlainTextEdit()
        self.manifestation.setObjectName("manifestation")
        self.manifestation.setPlaceholderText("具体表现，如：2019年3月某案未按规定送达处罚决定书")
        self.manifestation.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setEditable(True)
        self.unit.addItems(["", *units])
        self.case_no = QLineEdit()
        self.case_no.setObjectName("caseNo")
        self.case_no.setPlaceholderText("可不填")
        self.source = QComboBox()
        self.source.setObjectName("source")
        for key, label in SOURCE_LABELS.items():
            self.source.addItem(label, key)
        self.form.addRow("问题类别 *", self.category)
        self.form.addRow("具体表现 *", self.manifestation)
        self.form.addRow("执法单位", self.unit)
        self.form.addRow("案号", self.case_no)
        self.form.addRow("问题来源", self.source)

    def submit(self) -> int:
        return rectify.add_problem(self.store, category=self.category.currentText(),
                                   manifestation=self.manifestation.toPlainText(), unit=self.unit.currentText(),
                                   case_no=self.case_no.text(), source=self.source.currentData(),
                                   operator=self.operator)


class MeasureDialog(ServiceDialog):
    """整改措施: measure, department, person, deadline, 立行立改 or 限期整改 with a timetable."""

    def __init__(self, store: Store, problem: dict[str, Any], parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(store, f"整改措施 — 问题 #{problem['id']}", parent, operator)
        self.setObjectName("measureDialog")
        self.problem_id = int(problem["id"])
        about = QLabel(f"{problem.get('category', '')}：{problem.get('manifestation', '')}")
        about.setWordWrap(True)
        about.setStyleSheet("color:#424242;")
        self.measure = QPlainTextEdit()
        self.measure.setObjectName("measure")
        self.measure.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.dept = QLineEdit()
        self.dept.setObjectName("dept")
        self.owner = QLineEdit()
        self.owner.setObjectName("owner")
        self.deadline = date_edit(problem.get("deadline"), "deadline")
        self.immediate = QCheckBox("立行立改（否则为限期整改）")
        self.immediate.setObjectName("immediate")
        self.timetable = QLineEdit()
        self.timetable.setObjectName("timetable")
        self.loaded_version: int | None = None
        self._fill(problem)
        self.timetable.setPlaceholderText("限期整改的时间表，如：5月底前完成自查，6月底前整改到位")
        self.form.addRow("问题", about)
        self.form.addRow("整治措施 *", self.measure)
        self.form.addRow("责任部门 *", self.dept)
        self.form.addRow("责任人 *", self.owner)
        self.form.addRow("整改时限 *", self.deadline)
        self.form.addRow("整改方式", self.immediate)
        self.form.addRow("时间表", self.timetable)
        self.immediate.toggled.connect(lambda on: self.timetable.setEnabled(not on))
        self.timetable.setEnabled(not self.immediate.isChecked())

    def _fill(self, problem: dict[str, Any]) -> None:
        """The problem's measure as stored, and the version it was read at."""
        self.measure.setPlainText(problem.get("measure") or "")
        self.dept.setText(problem.get("dept") or problem.get("unit") or "")
        self.owner.setText(problem.get("owner") or "")
        if problem.get("deadline"):
            self.deadline.setDate(date_edit(problem["deadline"]).date())
        self.immediate.setChecked(bool(problem.get("immediate")))
        self.timetable.setText(problem.get("timetable") or "")
        self.loaded_version = problem.get("row_version")

    def _typed(self) -> dict[str, str]:
        return {"measure": self.measure.toPlainText(), "dept": self.dept.text(), "owner": self.owner.text(),
                "timetable": self.timetable.text()}

    def accept(self) -> None:
        """A deadline already past is asked about once (a rectification due yesterday is
        overdue the moment it is recorded)."""
        due = to_date(self.deadline)
        if due < date.today() and not confirm(
                self, f"整改时限 {due.isoformat()} 早于今天，问题一保存就会显示为逾期。仍要保存吗？", "整改时限"):
            return
        super().accept()

    def submit(self) -> int:
        try:
            rectify.set_measure(self.store, self.problem_id, measure=self.measure.toPlainText(),
                                dept=self.dept.text(), owner=self.owner.text(), deadline=to_date(self.deadline),
                                immediate=self.immediate.isChecked(),
                                timetable="" if self.immediate.isChecked() else self.timetable.text(),
                                operator=self.operator, expected_version=self.loaded_version)
        except StaleRecordError as exc:
            if not ask_reload(self, exc):
                raise  # shown in red; what was typed stays in the dialog
            typed = self._typed()
            self._fill(rectify_problems.get_problem(self.store, self.problem_id))
            note = kept_note(typed, self._typed(), MEASURE_LABELS)
            raise UserError("已重新载入最新内容，未保存。" + (f"您刚才填写的：{note}" if note else "")) from None
        return self.problem_id


class DispositionDialog(ServiceDialog):
    """分类处置 in the campaign's vocabulary: the kind, a referral (移送), people handled and
    sanctions; 挂牌督办 asks who decided and the deadline set, 暂扣执法证件 the officer."""

    def __init__(self, store: Store, problem: dict[str, Any], parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(store, f"分类处置 — 问题 #{problem['id']}", parent, operator)
        self.setObjectName("dispositionDialog")
        self.problem_id = int(problem["id"])
        terms = list_terms(store)["terms"]
        self.effects = {t["term"]: t["effect"] for t in terms if t["kind"] == DISPOSE}
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for t in terms:
            if t["kind"] == DISPOSE:
                self.kind.addItem(t["term"])
                self.kind.setItemData(self.kind.count() - 1, t["severity"], Qt.ItemDataRole.ToolTipRole)
        self.referral = QComboBox()
        self.referral.setObjectName("referral")
        self.referral.addItem(REFERRAL_LABELS[""], "")
        for t in terms:
            if t["kind"] == REFER:
                self.referral.addItem(f"移送{t['term']}", t["term"])
        self.decided_by = QLineEdit()
        self.decided_by.setObjectName("decidedBy")
        self.decided_by.setPlaceholderText("如：领导小组")
        self.deadline = date_edit(None, "supervisionDeadline")
        self.officer = QLineEdit()
        self.officer.setObjectName("officer")
        self.officer.setPlaceholderText("执法证号或姓名")
        self.people = QSpinBox()
        self.people.setObjectName("people")
        self.people.setRange(0, 9999)
        self.people.setSuffix(" 人")
        self.sanctions = QSpinBox()
        self.sanctions.setObjectName("sanctions")
        self.sanctions.setRange(0, 9999)
        self.sanctions.setSuffix(" 人")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.on = date_edit(None, "on")
        self.form.addRow("处置方式 *", self.kind)
        self.form.addRow("决定人", self.decided_by)
        self.form.addRow("督办时限", self.deadline)
        self.form.addRow("执法人员", self.officer)
        self.form.addRow("移送", self.referral)
        self.form.addRow("处理人数", self.people)
        self.form.addRow("党纪政务处分人数", self.sanctions)
        self.form.addRow("说明", self.note)
        self.form.addRow("日期", self.on)
        self.kind.currentTextChanged.connect(self._follow_kind)
        self._follow_kind(self.kind.currentText())

    def _follow_kind(self, kind: str) -> None:
        effect = self.effects.get(kind, "")
        self.decided_by.setEnabled(effect == SUPERVISE)
        self.deadline.setEnabled(effect == SUPERVISE)
        self.officer.setEnabled(effect == SUSPEND)

    def submit(self) -> int:
        effect = self.effects.get(self.kind.currentText(), "")
        return rectify.add_disposition(self.store, self.problem_id, kind=self.kind.currentText(),
                                       referral=self.referral.currentData(), people_handled=self.people.value(),
                                       sanctions=self.sanctions.value(), note=self.note.text(),
                                       on=to_date(self.on), operator=self.operator,
                                       decided_by=self.decided_by.text() if effect == SUPERVISE else "",
                                       deadline=to_date(self.deadline) if effect == SUPERVISE else None,
                                       officer=self.officer.text() if effect == SUSPEND else "")
