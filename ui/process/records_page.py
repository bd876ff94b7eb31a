"""执法全过程记录: the office's 音像记录事项清单, the cases it lists with what their records hold
(a case without 音像 shown in red: the audit's RECORDING_MISSING), every record, and the forms to
add one record or a folder of files named by case number. Announces and follows "process"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.process.bulk_attach import attach_folder
from app.process.recording_list import recording_list, set_recording_list
from app.process.records import KINDS, STAGES, RecordInput, add_record, list_records, listed_cases
from app.store import Store
from ui.common.events import Events, follow
from ui.common.messages import show_info, show_user_error
from ui.process.sheet import fill, small_sheet
from ui.system.role_gate import gate_by_role

CASE_HEADERS = ("案号", "清单事项", "文字记录阶段", "音像记录阶段", "情况")
RECORD_HEADERS = ("案号", "阶段", "形式", "日期", "记录人", "文件", "SHA-256")


class RecordsPage(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("processRecordsPage")
        self.store, self.operator = store, operator
        self.events = events if events is not None else Events(self)
        column = QVBoxLayout(self)
        listed = QHBoxLayout()
        self.list_edit = QLineEdit()
        self.list_edit.setObjectName("recordingList")
        self.list_edit.setPlaceholderText("如 查封扣押、强制拆除、责令停产停业（以顿号分隔）")
        save = QPushButton("保存清单")
        save.setObjectName("saveRecordingList")
        save.clicked.connect(self.save_list)
        gate_by_role(save, store, "settings.write")  # the list is an office setting (app/settings.py)
        listed.addWidget(QLabel("音像记录事项清单："))
        listed.addWidget(self.list_edit, 1)
        listed.addWidget(save)
        column.addLayout(listed)
        self.summary = QLabel()
        self.summary.setObjectName("recordingSummary")
        column.addWidget(self.summary)
        self.cases = small_sheet("recordingCases", "清单所列案件", CASE_HEADERS)
        column.addWidget(self.cases, 1)
        column.addWidget(self._form())
        self.records = small_sheet("processRecords", "执法全过程记录", RECORD_HEADERS)
        column.addWidget(self.records, 1)
        self.refresh()
        follow(self.events, self, ("process", "cases"), self.refresh)

    def _form(self) -> QGroupBox:
        box = QGroupBox("登记记录")
        form = QFormLayout(box)
        self.case_no = QLineEdit()
        self.case_no.setObjectName("recordCaseNo")
        self.case_no.setPlaceholderText("案号（批量登记时不填：文件名即案号）")
        self.stage, self.kind = QComboBox(), QComboBox()
        self.stage.addItems(list(STAGES))
        self.kind.addItems(list(KINDS))
        self.on, self.by = QLineEdit(), QLineEdit()
        self.on.setPlaceholderText("YYYY-MM-DD")
        row = QHBoxLayout()
        for w in (QLabel("阶段"), self.stage, QLabel("形式"), self.kind, QLabel("日期"), self.on, QLabel("记录人"),
                  self.by):
            row.addWidget(w)
        form.addRow("案号", self.case_no)
        form.addRow(row)
        buttons = QHBoxLayout()
        for text, name, slot in (("选择文件并登记…", "addRecord", self.add_one),
                                 ("按文件夹批量登记…", "attachFolder", self.attach)):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(lambda _=False, s=slot: s())
            gate_by_role(b, self.store, "process.enter")  # under login the 录入员's (app/accounts/roles.py)
            buttons.addWidget(b)
        buttons.addStretch(1)
        form.addRow(buttons)
        return box

    def refresh(self) -> None:
        self.list_edit.setText("、".join(recording_list(self.store)))
        listed = listed_cases(self.store)
        fill(self.cases, [(st.case_no, st.listed_for, "、".join(st.text_stages), "、".join(st.av_stages),
                           "缺少全程音像记录" if st.missing else "有音像记录") for st in listed],
             [st.missing for st in listed])
        rows = list_records(self.store)
        fill(self.records, [(r["case_no"], r["stage"], r["kind"], r["recorded_on"], r["recorded_by"], r["file_name"],
                             r["sha256"][:12]) for r in rows])
        missing = sum(st.missing for st in listed)
        self.summary.setText(f"清单所列案件 {len(listed)} 件，其中缺少音像记录 {missing} 件；记录共 {len(rows)} 条")

    def _given(self, case_no: str) -> RecordInput:
        return RecordInput(case_no, self.stage.currentText(), self.kind.currentText(), self.on.text().strip() or None,
                           self.by.text())

    def save_list(self) -> None:
        words = [w for w in self.list_edit.text().replace("，", "、").replace(",", "、").split("、")]
        try:
            set_recording_list(self.store, words, operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh()
        self.events.announce("process", "settings", by=self)

    def add_one(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "选择记录文件")
            if not chosen:
                return
            path = Path(chosen)
        try:
            add_record(self.store, self._given(self.case_no.text()), file=path, operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh()
        self.events.announce("process", by=self)

    def attach(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "选择以案号命名文件的文件夹")
            if not chosen:
                return
            folder = Path(chosen)
        g = self._given("")
        try:
            res = attach_folder(self.store, folder, stage=g.stage, kind=g.kind, on=g.on, by=g.by,
                                operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh()
        self.events.announce("process", by=self)
        show_info(self, f"已登记 {len(res.attached)} 个文件。")
