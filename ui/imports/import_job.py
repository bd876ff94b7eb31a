"""One import as the wizard's pages build it up: the choices (kind, file, sheet, header row,
column mapping, default unit, skip_invalid), the preview and the report, and the work that runs
on the worker helper — the preview, the import itself and saving the problem list — so a
100,000-row ledger never freezes the window and 取消 leaves the store as it was.

The pages and the wizard share this object; none of them needs to know the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.imports import service as imports
from app.imports.problem_sheet import ProblemSheet, write_problem_sheet
from app.store import Store
from ui.common import worker

IMPORT_KINDS = ("cases", "ledger", "receipts", "officers")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], bool]


class ImportJob(QObject):
    """Emits `imported(kind)` after rows were written, `taskStarting(task)` before any work starts."""

    imported = Signal(str)
    taskStarting = Signal(object)

    def __init__(self, store: Store, kind: str | None = None, operator: str = "",
                 window: QWidget | None = None) -> None:
        super().__init__(window)
        self.window = window  # the progress dialog's parent
        self.store = store
        self.operator = operator
        self.kind: str = kind if kind in IMPORT_KINDS else "ledger"
        self.path: Path | None = None
        self.unit: str | None = None
        self.sheet: str | None = None
        self.header_row: int | None = None  # the row the user named (None: the one found)
        self.mapping: dict[int, str] | None = None
        self.scales: dict[int, str] | None = None  # units chosen for amount columns whose header states none
        self.skip_invalid = False
        self.preview: Any = None
        self.report: Any = None
        self.task: worker.Task | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def chosen_path(self) -> Path:
        if self.path is None:  # the first page does not let the user go on without a file
            raise RuntimeError("no file chosen")
        return self.path

    def start_preview(self, on_done: Done, on_error: Failed) -> worker.Task:
        """Read the file and check every row without writing (kind/path/sheet/mapping/unit)."""
        kind, path, sheet, mapping, unit = self.kind, self.chosen_path(), self.sheet, self.mapping, self.unit
        header_row, scales = self.header_row, self.scales

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> Any:
            return imports.preview_import(self.store, kind, path, sheet=sheet, mapping=mapping, unit=unit,
                                          progress=progress, cancel=cancel, header_row=header_row, scales=scales)

        return self._start(worker.Task(work, parent=self.window, label="正在读取表格…", on_success=on_done,
                                       on_failure=on_error))

    def start_import(self, on_done: Done, on_error: Failed) -> worker.Task:
        """The import itself: one transaction, all or nothing; cancel raises Cancelled."""
        kind, path, sheet, mapping, unit = self.kind, self.chosen_path(), self.sheet, self.mapping, self.unit
        skip, header_row, scales = self.skip_invalid, self.header_row, self.scales

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> Any:
            return imports.import_file(self.store, kind, path, sheet=sheet, mapping=mapping, unit=unit,
                                       skip_invalid=skip, operator=self.operator, progress=progress,
                                       cancel=cancel, header_row=header_row, scales=scales)

        return self._start(worker.Task(work, parent=self.window, label="正在导入…", on_success=on_done,
                                       on_failure=on_error))

    def start_save_problems(self, out: Path, on_done: Callable[[ProblemSheet], None],
                            on_error: Failed) -> worker.Task:
        """The previewed sheet with its problems marked, written to `out` for the unit to fix."""
        preview, path = self.preview, self.chosen_path()

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> Any:
            return write_problem_sheet(path, preview.sheet, preview.header_row, preview.rejected, preview.warnings,
                                       out, progress=progress, cancel=cancel)

        return self._start(worker.Task(work, parent=self.window, label="正在保存问题清单…", on_success=on_done,
                                       on_failure=on_error))

    def _start(self, task: worker.Task) -> worker.Task:
        self.task = task
        self.taskStarting.emit(task)
        return task.start()

    def cancel(self) -> bool:
        """Ask running work to stop (nothing is written); False when nothing runs."""
        if self.busy and self.task is not None:
            self.task.cancel()
            return True
        return False
