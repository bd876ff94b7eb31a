"""专项工作 ▾ on the 问题整改 page (and 发文… on the 报告 page): the campaign's documents and
registers beside the problem list —

    发文（监督函、建议书、移送函、通报）…    ui/rectify/documents_dialog.py
    典型案例登记…                          ui/rectify/registers_dialogs.py (from the chosen problem)
    单位考核（一票否优、一票否决）…          ui/rectify/registers_dialogs.py
    导入单位报送的问题清单、统计表…          ui/rectify/unit_report_dialog.py

Every write is announced: a document issued ("reports", and "problems" — its dispositions now
point at it), a typical case or an assessment ("problems": they are the rectification's
registers and feed the report), a unit's list imported ("problems": it adds problems)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMenu, QPushButton, QWidget

from app.store import Store
from ui.common.events import Events
from ui.rectify.documents_dialog import DocumentsDialog
from ui.rectify.registers_dialogs import AssessmentDialog, TypicalCasesDialog
from ui.rectify.unit_report_dialog import UnitReportDialog


class CampaignTools(QObject):
    def __init__(self, page: QWidget, store: Store, events: Events, operator: str = "", *,
                 problem: Callable[[], dict[str, Any] | None] = lambda: None,
                 units: Callable[[], list[str]] = list, folder: Callable[[], Path] = Path.home) -> None:
        super().__init__(page)
        self.page, self.store, self.events, self.operator = page, store, events, operator
        self.problem, self.units, self.folder = problem, units, folder
        self.today: date | None = None  # the dialogs' first date (tests fix it); None is today
        self.dialog: QDialog | None = None  # the open dialog (tests reach it here)

    def button(self) -> QPushButton:
        """专项工作 ▾ with the four entries."""
        button = QPushButton("专项工作")
        button.setObjectName("campaignTools")
        menu = QMenu(button)
        menu.setObjectName("campaignToolsMenu")
        for text, slot in (("发文（监督函、建议书、移送函、通报）…", self.documents),
                           ("典型案例登记…", self.typical_cases),
                           ("单位考核（一票否优、一票否决）…", self.assessment),
                           ("导入单位报送的问题清单、统计表…", self.unit_reports)):
            menu.addAction(text, slot)
        button.setMenu(menu)
        return button

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _announce(self, *what: str) -> None:
        self.events.announce(*what)  # the page itself follows "problems" and refreshes too

    def documents(self) -> DocumentsDialog:
        dialog = DocumentsDialog(self.store, self.page, operator=self.operator, folder=self.folder(),
                                 today=self.today)
        problem = self.problem()
        if problem is not None and problem.get("unit"):
            dialog.unit.setCurrentText(str(problem["unit"]))
        dialog.issued.connect(lambda _r: self._announce("reports", "problems"))
        self._open(dialog)
        return dialog

    def typical_cases(self) -> TypicalCasesDialog:
        dialog = TypicalCasesDialog(self.store, self.page, operator=self.operator, problem=self.problem(),
                                    today=self.today)
        dialog.added.connect(lambda _c: self._announce("problems"))
        self._open(dialog)
        return dialog

    def assessment(self) -> AssessmentDialog:
        problem = self.problem()
        dialog = AssessmentDialog(self.store, self.units(), self.page, operator=self.operator,
                                  unit=str((problem or {}).get("unit") or ""), today=self.today)
        dialog.saved.connect(lambda _a: self._announce("problems"))
        self._open(dialog)
        return dialog

    def unit_reports(self) -> UnitReportDialog:
        dialog = UnitReportDialog(self.store, self.units(), self.page, operator=self.operator, folder=self.folder())
        dialog.imported.connect(lambda _r: self._announce("problems"))
        self._open(dialog)
        return dialog
