"""导入表格: choose a file → check the columns → look at the problems → import.

The wizard holds the choices (kind, file, sheet, column mapping, default unit, skip_invalid)
and runs both the preview and the import on the worker helper, so a 100,000-row ledger never
freezes the window and 取消 leaves the store as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.imports import service as imports
from app.store import Store
from ui import worker
from ui.import_pages import IMPORT_KINDS, ChooseFilePage, MappingPage
from ui.import_results import IssuesPage, ResultPage


class ImportWizard(QWizard):
    """Emits `imported(kind)` after rows were written, `taskStarting(task)` before any work starts."""

    imported = Signal(str)
    taskStarting = Signal(object)

    def __init__(self, store: Store, kind: str | None = None, parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.store = store
        self.operator = operator
        self.kind: str = kind if kind in IMPORT_KINDS else "ledger"
        self.path: Path | None = None
        self.unit: str | None = None
        self.sheet: str | None = None
        self.mapping: dict[int, str] | None = None
        self.skip_invalid = False
        self.preview: Any = None
        self.report: Any = None
        self.task: worker.Task | None = None

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
        self.choose_page = ChooseFilePage(self)
        self.mapping_page = MappingPage(self)
        self.issues_page = IssuesPage(self)
        self.result_page = ResultPage(self)
        for page in (self.choose_page, self.mapping_page, self.issues_page, self.result_page):
            self.addPage(page)
        self.resize(960, 680)

    # --- work on the worker -------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def start_preview(self, on_done: Any, on_error: Any) -> worker.Task:
        """Read the file and check every row without writing (kind/path/sheet/mapping/unit)."""
        kind, path, sheet, mapping, unit = self.kind, self.path, self.sheet, self.mapping, self.unit

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> Any:
            return imports.preview_import(self.store, kind, path, sheet=sheet, mapping=mapping, unit=unit,
                                          progress=progress, cancel=cancel)

        return self._start(worker.Task(work, parent=self, label="正在读取表格…", on_success=on_done,
                                       on_failure=on_error))

    def start_import(self, on_done: Any, on_error: Any) -> worker.Task:
        """The import itself: one transaction, all or nothing; cancel raises Cancelled."""
        kind, path, sheet, mapping, unit = self.kind, self.path, self.sheet, self.mapping, self.unit
        skip = self.skip_invalid

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> Any:
            return imports.import_file(self.store, kind, path, sheet=sheet, mapping=mapping, unit=unit,
                                       skip_invalid=skip, operator=self.operator, progress=progress,
                                       cancel=cancel)

        return self._start(worker.Task(work, parent=self, label="正在导入…", on_success=on_done,
                                       on_failure=on_error))

    def _start(self, task: worker.Task) -> worker.Task:
        self.task = task
        self.taskStarting.emit(task)
        return task.start()

    def reject(self) -> None:
        """取消 while work runs asks it to stop (nothing is written); otherwise closes."""
        if self.busy and self.task is not None:
            self.task.cancel()
            return
        super().reject()
