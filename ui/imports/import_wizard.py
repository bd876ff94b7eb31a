"""导入表格: choose a file → check the columns → look at the problems → import.

The choices and the work live in one ImportJob (ui/imports/import_job.py) that the four pages
share; the wizard only arranges the pages and turns 取消 into "stop the work" while it runs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.store import Store
from ui.imports.import_job import ImportJob
from ui.imports.import_pages import ChooseFilePage, MappingPage
from ui.imports.import_results import IssuesPage, ResultPage

PREFERRED_SIZE = (1240, 720)
MIN_SIZE = (760, 540)
SCREEN_MARGIN = 48  # the window frame and title bar


class ImportWizard(QWizard):
    """Emits `imported(kind)` after rows were written, `taskStarting(task)` before any work starts."""

    imported = Signal(str)
    taskStarting = Signal(object)

    def __init__(self, store: Store, kind: str | None = None, parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.store = store
        self.job = ImportJob(store, kind, operator, self)
        self.job.imported.connect(self.imported)
        self.job.taskStarting.connect(self.taskStarting)

        self.setWindowTitle("导入表格")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "上一步"),
                             (QWizard.WizardButton.NextButton, "下一步"),
                             (QWizard.WizardButton.CommitButton, "导入"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.choose_page = ChooseFilePage(self.job)
        self.mapping_page = MappingPage(self.job)
        self.issues_page = IssuesPage(self.job)
        self.result_page = ResultPage(self.job)
        for page in (self.choose_page, self.mapping_page, self.issues_page, self.result_page):
            self.addPage(page)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """Wide enough for a ledger's columns side by side, never beyond the screen: a 1366×768
        laptop with its task bar keeps the buttons in view."""
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else self.screen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = PREFERRED_SIZE
        if room is not None:
            width = min(width, room.width() - SCREEN_MARGIN)
            height = min(height, room.height() - SCREEN_MARGIN)
        self.resize(max(width, MIN_SIZE[0]), max(height, MIN_SIZE[1]))

    @property
    def busy(self) -> bool:
        return self.job.busy

    def reject(self) -> None:
        """取消 while work runs asks it to stop (nothing is written); otherwise closes."""
        if self.job.cancel():
            return
        super().reject()
