"""The buttons under the campaign page's 进度与报送: 添加阶段…, 添加节点…, 登记应报材料…, 登记收到…
(for the submission chosen in the table) and 人员名单…, each opening its dialog for the campaign
chosen on the page. After a write `changed()` is emitted; the page re-reads and announces it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from app.store import Store
from ui.campaigns.people_dialog import PeopleDialog
from ui.campaigns.schedule_dialogs import ExpectDialog, MilestoneDialog, PhaseDialog, ReceiveDialog
from ui.campaigns.schedule_view import ScheduleView
from ui.common.messages import show_warning
from ui.common.service_dialog import ServiceDialog


class ScheduleActions(QWidget):
    changed = Signal()

    def __init__(self, store: Store, view: ScheduleView, campaign_id: Callable[[], int | None],
                 parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.store = store
        self.view = view
        self.campaign_id = campaign_id
        self.operator = operator
        self.today: date | None = None  # the dialogs' first date (tests fix it); None is today
        self.dialog: QDialog | None = None  # the open dialog (tests reach it here)
        self.phase_button = self._button("添加阶段…", "addPhase", self.add_phase)
        self.milestone_button = self._button("添加节点…", "addMilestone", self.add_milestone)
        self.expect_button = self._button("登记应报材料…", "expectSubmission", self.expect)
        self.receive_button = self._button("登记收到…", "receiveSubmission", self.receive)
        self.people_button = self._button("人员名单…", "editPeople", self.edit_people)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for b in (self.phase_button, self.milestone_button, self.expect_button, self.receive_button):
            layout.addWidget(b)
        layout.addStretch(1)
        layout.addWidget(self.people_button)
        view.submissions.itemSelectionChanged.connect(self.update_buttons)
        self.update_buttons()

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    def update_buttons(self) -> None:
        has = self.campaign_id() is not None
        for b in (self.phase_button, self.milestone_button, self.expect_button, self.people_button):
            b.setEnabled(has)
        chosen = self.view.selected_submission() if has else None
        self.receive_button.setEnabled(chosen is not None and chosen["received_on"] is None)
        self.receive_button.setToolTip("" if chosen is not None else "先在「各单位报送」表中选中一项")

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if isinstance(dialog, ServiceDialog):
            dialog.saved.connect(lambda _r: self.changed.emit())
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _campaign(self) -> int | None:
        cid = self.campaign_id()
        if cid is None:
            show_warning(self, "请先在上方选中一个专项活动。")
        return cid

    def add_phase(self) -> QDialog | None:
        cid = self._campaign()
        return None if cid is None else self._open(PhaseDialog(self.store, cid, self, self.operator, self.today))

    def add_milestone(self) -> QDialog | None:
        cid = self._campaign()
        return None if cid is None else self._open(MilestoneDialog(self.store, cid, self, self.operator, self.today))

    def expect(self) -> QDialog | None:
        cid = self._campaign()
        return None if cid is None else self._open(ExpectDialog(self.store, cid, self, self.operator, self.today))

    def receive(self) -> QDialog | None:
        chosen = self.view.selected_submission()
        if chosen is None:
            show_warning(self, "请先在「各单位报送」表中选中要登记收到的一项。")
            return None
        return self._open(ReceiveDialog(self.store, chosen, self, self.operator, self.today))

    def edit_people(self) -> QDialog | None:
        cid = self._campaign()
        if cid is None:
            return None
        dialog = PeopleDialog(self.store, cid, self, self.operator)
        dialog.changed.connect(self.changed.emit)
        return self._open(dialog)
