"""The complaint steps as dialogs: 登记 (intake), 分流 (triage), 程序性回复 and 办结. Each calls one
service of app/registers/complaints.py on 确定; a refusal (a reply before the received date …) is
shown in red inside the dialog and nothing is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.concurrency import StaleRecordError
from app.registers import complaints as service
from app.registers.deadlines import read_rules
from app.store import Store
from ui.common.service_dialog import ServiceDialog, date_edit, to_date, wrapped
from ui.common.stale_prompt import reload_or_raise


class _StepDialog(ServiceDialog):
    """A step on one complaint, sent with the version the dialog was opened on: when another
    desk has changed the complaint since, the step is refused and the dialog offers 重新载入."""

    def __init__(self, store: Store, complaint: dict[str, Any], title: str, parent: QWidget | None,
                 operator: str) -> None:
        super().__init__(store, title, parent, operator)
        self.complaint_id = int(complaint["id"])
        self.loaded_version: int | None = complaint.get("row_version")

    def submit(self) -> Any:
        try:
            self.send()
        except StaleRecordError as exc:
            reload_or_raise(self, exc, self._reload)
        return self.complaint_id

    def send(self) -> None:  # pragma: no cover - every step overrides it
        raise NotImplementedError

    def _reload(self) -> str:
        c = service.get_complaint(self.store, self.complaint_id)
        self.loaded_version = c.get("row_version")
        return f"投诉举报 #{self.complaint_id} 现为「{c['status']}」"


def _text(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _note(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setFixedHeight(80)
    return edit


class FileField(QWidget):
    """A file path with a 选择… button (the attachment kept with a reply or a result)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _text(name, "可选：回复函、办结报告等材料")
        button = QPushButton("选择…")
        button.clicked.connect(self._choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(button)

    def _choose(self) -> None:
        chosen, _f = QFileDialog.getOpenFileName(self, "选择材料", "", "所有文件 (*)")
        if chosen:
            self.edit.setText(chosen)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None


class AddComplaintDialog(ServiceDialog):
    def __init__(self, store: Store, units: list[str], parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(store, "登记投诉举报", parent, operator)
        self.received = date_edit(date.today(), "receivedOn")
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        self.channel.addItems(service.COMPLAINT_CHANNELS)
        self.complainant = _text("complainant", "可匿名")
        self.contact = _text("contact")
        self.subject = _note("subject")
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setEditable(True)
        self.unit.addItems(["", *units])
        rules = read_rules(store)
        for label, widget in (("收到日期", self.received), ("来源渠道", self.channel), ("投诉举报人", self.complainant),
                              ("联系方式", self.contact), ("投诉举报事项", self.subject), ("涉及执法单位", self.unit)):
            self.form.addRow(label, widget)
        self.form.addRow("", QLabel(rules.describe() + "（系统设置）"))

    def submit(self) -> Any:
        return service.add_complaint(self.store, received_on=to_date(self.received), channel=self.channel.currentText(),
                                     subject=self.subject.toPlainText(), complainant=self.complainant.text(),
                                     contact=self.contact.text(), unit=self.unit.currentText(),
                                     operator=self.operator)["id"]


class TriageDialog(_StepDialog):
    def __init__(self, store: Store, complaint: dict[str, Any], categories: list[str],
                 parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(store, complaint, f"分流投诉举报 #{complaint['id']}", parent, operator)
        self.kind = QComboBox()
        self.kind.setObjectName("triageKind")
        self.kind.addItems(service.COMPLAINT_TRIAGES)
        self.reason = _text("reason", "不予受理的理由")
        self.referred_to = _text("referredTo", "转办：转交的机关或单位")
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItems(categories)
        self.on = date_edit(date.today(), "triagedOn")
        self.form.addRow("事项", wrapped(complaint["subject"]))
        for label, widget in (("分流方式", self.kind), ("理由", self.reason), ("转交单位", self.referred_to),
                              ("问题类别（并入问题）", self.category), ("分流日期", self.on)):
            self.form.addRow(label, widget)
        self.kind.currentTextChanged.connect(self._enable)
        self._enable(self.kind.currentText())

    def _enable(self, kind: str) -> None:
        self.reason.setEnabled(kind == "不予受理")
        self.referred_to.setEnabled(kind == "转办")
        self.category.setEnabled(kind == "并入问题")

    def send(self) -> None:
        kind = self.kind.currentText()
        service.triage_complaint(self.store, self.complaint_id, as_=kind, reason=self.reason.text(),
                                 referred_to=self.referred_to.text(),
                                 category=self.category.currentText() if kind == "并入问题" else None,
                                 on=to_date(self.on), operator=self.operator,
                                 expected_version=self.loaded_version)


class AnswerDialog(_StepDialog):
    """程序性回复 (`stage` reply) or 办结 (`stage` result): a date, a text, an optional file."""

    def __init__(self, store: Store, complaint: dict[str, Any], stage: str, parent: QWidget | None = None,
                 operator: str = "") -> None:
        what = "程序性回复" if stage == "reply" else "办结"
        super().__init__(store, complaint, f"{what}：投诉举报 #{complaint['id']}", parent, operator)
        self.stage = stage
        self.on = date_edit(date.today(), "answeredOn")
        self.text = _note("answerText")
        self.file = FileField("attachment")
        due = complaint["reply_due"] if stage == "reply" else complaint["result_due"]
        self.form.addRow("事项", wrapped(f"{complaint['subject']}（收到 {complaint['received_on']}，期限 {due}）"))
        for label, widget in ((f"{what}日期", self.on), ("回复内容" if stage == "reply" else "办理结果", self.text),
                              ("材料", self.file)):
            self.form.addRow(label, widget)

    def send(self) -> None:
        if self.stage == "reply":
            service.reply_complaint(self.store, self.complaint_id, on=to_date(self.on), note=self.text.toPlainText(),
                                    attachment=self.file.path(), operator=self.operator,
                                    expected_version=self.loaded_version)
        else:
            service.close_complaint(self.store, self.complaint_id, on=to_date(self.on), result=self.text.toPlainText(),
                                    attachment=self.file.path(), operator=self.operator,
                                    expected_version=self.loaded_version)
