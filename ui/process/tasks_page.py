"""任务推进表: the 三项制度 task table (reference/002 附件2) in its own columns with status and
完成情况; overdue tasks in red and counted; import the plan's sheet, export it back with 完成情况,
set a task done, add a dated progress note. Announces and follows "process"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.errors import UserError
from app.process.task_sheet import done_text, read_task_sheet, write_task_sheet
from app.process.tasks import add_progress, import_tasks, list_tasks, update_task
from app.store import Store
from ui.common.events import Events, follow
from ui.common.messages import confirm, show_info, show_user_error
from ui.process.sheet import fill, small_sheet
from ui.system.role_gate import gate_by_role

HEADERS = ("序号", "主要工作任务", "任务分解", "责任单位", "完成时限", "状态", "完成情况")


class TasksPage(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planTasksPage")
        self.store, self.operator = store, operator
        self.events = events if events is not None else Events(self)
        column = QVBoxLayout(self)
        bar = QHBoxLayout()
        for text, name, slot in (("导入推进表…", "importTasks", self.import_sheet),
                                 ("导出（含完成情况）…", "exportTasks", self.export_sheet),
                                 ("设为已完成", "taskDone", self.mark_done)):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(lambda _=False, s=slot: s())
            if name != "exportTasks":  # exporting is open to all; the rest is the 录入员's (app/accounts/roles.py)
                gate_by_role(b, store, "process.enter")
            bar.addWidget(b)
        bar.addStretch(1)
        column.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("tasksSummary")
        column.addWidget(self.summary)
        self.table = small_sheet("planTasks", "任务分解推进表", HEADERS)
        column.addWidget(self.table, 1)
        note = QHBoxLayout()
        self.note = QLineEdit()
        self.note.setObjectName("taskNote")
        self.note.setPlaceholderText("推进情况（登记到所选任务，日期为今天）")
        add = QPushButton("登记进展")
        add.setObjectName("addTaskProgress")
        add.clicked.connect(lambda: self.add_note())
        gate_by_role(add, store, "process.enter")
        note.addWidget(self.note, 1)
        note.addWidget(add)
        column.addLayout(note)
        self.tasks: list[dict[str, Any]] = []
        self.refresh()
        follow(self.events, self, ("process",), self.refresh)

    def refresh(self) -> None:
        self.tasks = list_tasks(self.store)
        fill(self.table, [(t["seq"], " / ".join(x for x in (t["main_task"], t["sub_task"]) if x), t["breakdown"],
                           t["units"], t["due_text"], t["status"] + (f"（逾期 {t['days_overdue']} 天）"
                                                                     if t["overdue"] else ""),
                           done_text(t).replace("\n", "；")) for t in self.tasks],
             [bool(t["overdue"]) for t in self.tasks])
        late = sum(bool(t["overdue"]) for t in self.tasks)
        done = sum(t["status"] == "已完成" for t in self.tasks)
        self.summary.setText(f"共 {len(self.tasks)} 项任务，已完成 {done} 项，逾期未完成 {late} 项"
                             if self.tasks else "尚未导入任务分解推进表：请用「导入推进表…」选择方案附件的 Excel 表。")

    def _selected_seq(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.tasks):
            show_user_error(self, UserError("请先在表中选择一项任务。"))
            return None
        return int(self.tasks[row]["seq"])

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.refresh()
        self.events.announce("process", by=self)
        return True

    def import_sheet(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "选择任务分解推进表", "", "Excel (*.xlsx)")
            if not chosen:
                return
            path = Path(chosen)
        replace = bool(self.tasks) and confirm(self, "库中已有任务分解推进表，以新表替换（原有进展一并删除）？")
        if self.tasks and not replace:
            return
        self._run(lambda: import_tasks(self.store, read_task_sheet(path), file=path, replace=replace,
                                       operator=self.operator))

    def export_sheet(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "导出任务分解推进表", "任务分解推进表.xlsx", "Excel (*.xlsx)")
            if not chosen:
                return
            path = Path(chosen)
        write_task_sheet(path, self.tasks)
        show_info(self, f"已写出 {path}")

    def mark_done(self) -> None:
        seq = self._selected_seq()
        if seq is not None:
            self._run(lambda: update_task(self.store, seq, status="已完成", operator=self.operator))

    def add_note(self) -> None:
        seq = self._selected_seq()
        if seq is not None and self._run(lambda: add_progress(self.store, seq, on=None, note=self.note.text(),
                                                               operator=self.operator)):
            self.note.clear()
