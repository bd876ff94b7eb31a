"""The import wizard's last two pages: the problems found, then the import and its outcome."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app.errors import Cancelled, ImportRejectedError, UserError
from app.imports.problem_sheet import ProblemSheet
from ui.common.table_view import make_sheet
from ui.imports.import_job import ImportJob

MAX_ISSUES_SHOWN = 5000
ERROR_BRUSH = QBrush(QColor("#c62828"))
WARNING_BRUSH = QBrush(QColor("#e65100"))
UNCHANGED = "数据库未作任何改动。"


def problem_rows(issues: Sequence[Any]) -> int:
    """The rows the issues are about: a row with two bad cells is one row to fix, not two."""
    return len({i.row for i in issues})


def summary_text(preview: Any) -> str:
    bad = problem_rows(preview.rejected)
    cells = f"（共 {len(preview.rejected)} 处）" if len(preview.rejected) > bad else ""
    text = (f"读取 {preview.rows_read} 行：有效 {preview.valid} 行，有问题 {bad} 行{cells}，"
            f"提醒 {len(preview.warnings)} 条，空行 {preview.skipped_blank} 行。")
    if preview.already_imported:
        text += "\n注意：这个文件以前已经导入过（内容完全相同），再次导入不会增加记录。"
    return text


def _item(text: str, brush: QBrush | None = None, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if brush is not None:
        item.setForeground(brush)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class IssuesPage(QWizardPage):
    """(3) rejected rows and warnings: 行 · 列 · 值 · 原因; the choice to skip bad rows."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__()
        self.job = job
        self.setTitle("检查结果")
        self.setSubTitle("下面是表格中有问题的行（红色，不能导入）和需要留意的地方（橙色，可以导入）。")
        self.setCommitPage(True)
        self.summary = QLabel()
        self.summary.setObjectName("issuesSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("issuesTable")
        self.table.setHorizontalHeaderLabels(["类型", "行", "列", "值", "原因"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        h = self.table.horizontalHeader()
        for col in range(4):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        make_sheet(self.table, title="导入问题", frozen=False)  # copy, export, print
        self.skip = QCheckBox("跳过有问题的行，只导入有效行")
        self.skip.setObjectName("skipInvalid")
        self.skip.toggled.connect(self.completeChanged)
        self.skip.toggled.connect(self._update_note)
        self.note = QLabel()
        self.note.setObjectName("issuesNote")
        self.note.setWordWrap(True)
        self.save_button = QPushButton("保存问题清单（Excel）…")
        self.save_button.setObjectName("saveProblems")
        self.save_button.setToolTip("把表格连同标出的问题单元格另存为 Excel 文件，发给填报单位改正")
        self.save_button.clicked.connect(self.ask_and_save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(save_row)
        layout.addWidget(self.skip)
        layout.addWidget(self.note)

    def initializePage(self) -> None:
        p = self.job.preview
        self.summary.setText(summary_text(p))
        issues = [("错误", i, ERROR_BRUSH) for i in p.rejected] + [("提醒", i, WARNING_BRUSH) for i in p.warnings]
        shown = issues[:MAX_ISSUES_SHOWN]
        self.table.setRowCount(len(shown))
        for r, (what, issue, brush) in enumerate(shown):
            column = f"{issue.column_letter} {issue.column}".strip()
            for c, item in enumerate((_item(what, brush), _item(str(issue.row), right=True), _item(column),
                                      _item(str(issue.value)), _item(issue.reason, brush))):
                self.table.setItem(r, c, item)
        self.skip.setChecked(self.job.skip_invalid)
        self.skip.setEnabled(bool(p.rejected))
        self.save_button.setEnabled(bool(p.rejected or p.warnings))
        self.saved_label.setText("")
        self._update_note()

    # --- the problem list as a file for the unit ----------------------------------------------
    def default_save_path(self) -> Path:
        """Beside the file read: 「台账_问题清单.xlsx」."""
        source = self.job.chosen_path()
        return source.with_name(f"{source.stem}_问题清单.xlsx")

    def ask_and_save(self) -> None:
        chosen, _f = QFileDialog.getSaveFileName(self, "保存问题清单", str(self.default_save_path()),
                                                 "Excel 文件 (*.xlsx)")
        if chosen:
            path = Path(chosen)
            self.save_problems(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))

    def save_problems(self, out: Path) -> None:
        self.save_button.setEnabled(False)
        self.saved_label.setStyleSheet("")
        self.saved_label.setText("正在保存…")
        self.job.start_save_problems(out, self._saved, self._save_failed)

    def _saved(self, sheet: ProblemSheet) -> None:
        self.save_button.setEnabled(True)
        self.saved_label.setText(f"已保存：{sheet.path}（标出 {sheet.rows_marked} 行，共 {sheet.problems} 条问题）")

    def _save_failed(self, exc: BaseException) -> bool:
        self.save_button.setEnabled(True)
        if isinstance(exc, UserError):
            self.saved_label.setStyleSheet("color: #c62828;")
            self.saved_label.setText(exc.message)
            return True
        self.saved_label.setText("保存问题清单时程序出错。")
        return False

    def _update_note(self) -> None:
        p = self.job.preview
        if len(p.rejected) + len(p.warnings) > MAX_ISSUES_SHOWN:
            more = f"（只列出前 {MAX_ISSUES_SHOWN} 条）"
        else:
            more = ""
        if not p.rejected and not p.warnings:
            text = "没有发现问题。点「导入」开始。"
        elif p.rejected and not self.skip.isChecked():
            text = (f"有 {problem_rows(p.rejected)} 行有问题{more}。请改正表格后重新导入，"
                    "或勾选上面的选项只导入有效行（有问题的行不导入，导入后仍可查看本清单）。")
        else:
            text = f"将导入 {p.valid} 行有效数据{more}。"
        if p.valid == 0 and not p.already_imported:
            text = "没有可导入的有效行。"
        self.note.setText(text)

    def isComplete(self) -> bool:
        p = self.job.preview
        if p is None or (p.valid == 0 and not p.already_imported):
            return False
        return not p.rejected or self.skip.isChecked()

    def validatePage(self) -> bool:
        self.job.skip_invalid = self.skip.isChecked()
        return True


class ResultPage(QWizardPage):
    """(4) the import on the worker (progress, 取消), then what happened."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__()
        self.job = job
        self.finished = False
        self.outcome = ""  # "imported" | "already" | "cancelled" | "refused" | "failed"
        self.setTitle("导入")
        self.setSubTitle("整个导入是一个事务：要么全部写入，要么（出错或取消时）数据库保持原样。")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.result = QLabel()
        self.result.setObjectName("resultLabel")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.finished = False
        self.result.setText("正在导入，请稍候…（可以取消，取消后数据库不会改动）")
        self.bar.show()
        task = self.job.start_import(self._done, self._failed)
        task.progressed.connect(self._progress)

    def _progress(self, done: int, total: int, _label: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def isComplete(self) -> bool:
        return self.finished

    def _finish(self, text: str, outcome: str) -> None:
        self.bar.hide()
        self.result.setText(text)
        self.outcome = outcome
        self.finished = True
        self.completeChanged.emit()

    def _done(self, report: Any) -> None:
        self.job.report = report
        if report.already_imported:
            self._finish("这个文件以前已经导入过（内容完全相同），本次没有增加记录。", "already")
            return
        lines = [f"导入完成：新增 {report.imported} 行。"]
        if report.rejected:
            lines.append(f"跳过有问题的行 {problem_rows(report.rejected)} 行（未导入）。")
        if report.warnings:
            lines.append(f"有 {len(report.warnings)} 条提醒，已随数据导入。")
        self._finish("\n".join(lines), "imported")
        if report.imported:
            self.job.imported.emit(self.job.kind)

    def _failed(self, exc: BaseException) -> bool:
        if isinstance(exc, Cancelled):
            self._finish(f"已取消导入，{UNCHANGED}", "cancelled")
            return True
        if isinstance(exc, ImportRejectedError):
            self._finish(f"{exc.message}\n{UNCHANGED}", "refused")
            return True
        if isinstance(exc, UserError):
            self._finish(f"{exc.message}\n{UNCHANGED}", "refused")
            return True
        self._finish(f"导入时程序出错（已生成错误报告）。整个导入是一个事务，{UNCHANGED}", "failed")
        return False
