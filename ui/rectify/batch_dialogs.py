"""Batch work on the problem list (issue 14 point 3): one department and person, or one deadline,
for every selected problem — all or nothing (app/rectify/batch.py); a deadline before today is
refused there and said here in red."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.rectify.batch import assign_problems, set_deadlines
from app.store import Store
from ui.common.service_dialog import ServiceDialog, date_edit, to_date


def _listed(ids: list[int]) -> QLabel:
    shown = "、".join(f"#{i}" for i in ids[:12]) + (f" 等 {len(ids)} 个" if len(ids) > 12 else "")
    label = QLabel(f"选中的问题：{shown}")
    label.setWordWrap(True)
    label.setStyleSheet("color:#424242;")
    return label


class AssignDialog(ServiceDialog):
    """责任部门 and 责任人 for the selected problems."""

    def __init__(self, store: Store, ids: list[int], parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(store, f"指定责任人 — {len(ids)} 个问题", parent, operator)
        self.setObjectName("assignDialog")
        self.ids = list(ids)
        self.dept = QLineEdit()
        self.dept.setObjectName("dept")
        self.owner = QLineEdit()
        self.owner.setObjectName("owner")
        self.form.addRow("", _listed(self.ids))
        self.form.addRow("责任部门 *", self.dept)
        self.form.addRow("责任人 *", self.owner)

    def submit(self) -> list[int]:
        return assign_problems(self.store, self.ids, dept=self.dept.text(), owner=self.owner.text(),
                               operator=self.operator)


class DeadlineDialog(ServiceDialog):
    """One 整改时限 for the selected problems (not before today)."""

    def __init__(self, store: Store, ids: list[int], parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(store, f"设定整改时限 — {len(ids)} 个问题", parent, operator)
        self.setObjectName("deadlineDialog")
        self.ids = list(ids)
        self.deadline = date_edit(date.today() + timedelta(days=30), "deadline")
        self.deadline.setMinimumDate(QDate(2000, 1, 1))
        self.form.addRow("", _listed(self.ids))
        self.form.addRow("整改时限 *", self.deadline)

    def submit(self) -> list[int]:
        return set_deadlines(self.store, self.ids, to_date(self.deadline), operator=self.operator)
