"""问卷调查 page: the questionnaires (left) and the chosen one's tallies (right: each option's
count and percentage, by unit, free-text answers), and the steps — 新建问卷, 打印问卷 (PDF form),
导出答卷表 (the Excel sheet to fill in), 导入答卷 (filled sheets back; a sheet whose columns do not
match is refused naming the column) and 统计结果 (PDF with bar charts, or Excel)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.registers import survey_print, survey_sheet, survey_tally, surveys
from app.store import Store
from ui.common import worker
from ui.common.columns import record_table
from ui.common.events import Events, follow
from ui.common.messages import show_info, show_user_error
from ui.registers.register_rows import DictRowsModel, ask_save_path, write_off_thread
from ui.registers.survey_dialogs import CreateSurveyDialog
from ui.system.role_gate import gate_by_role

COLUMNS = (("id", "编号"), ("title", "问卷"), ("audience", "调查对象"), ("questions_count", "题数"),
           ("responses", "答卷"))


def tally_text(data: dict[str, Any]) -> str:
    lines = [f"{data['survey']['title']}：收回答卷 {data['responses']} 份", ""]
    for q in data["questions"]:
        lines.append(f"{q['no']}. {q['text']}（{surveys.KIND_LABELS[q['kind']]}，作答 {q['answered']} 份）")
        if "options" in q:
            lines += [f"    {o['option']}：{o['count']}（{survey_tally.percent_text(o['percent'])}）" for o in q["options"]]
        else:
            lines += [f"    · {a}" for a in q["answers"]] or ["    （无人作答）"]
    for u in data["by_unit"]:
        lines += ["", f"【{u['unit']}】答卷 {u['responses']} 份"]
        for q in u["questions"]:
            if "options" in q:
                lines.append(f"    第 {q['no']} 题：" + "；".join(
                    f"{o['option']} {o['count']}（{survey_tally.percent_text(o['percent'])}）" for o in q["options"]))
    return "\n".join(lines)


class SurveysPage(QWidget):
    """Announces and follows "registers"."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_surveys")
        self.store, self.operator = store, operator
        self.events = events if events is not None else Events(self)
        self.dialog: QDialog | None = None
        self.task: worker.Task | None = None
        self.folder = Path.home()
        self.model = DictRowsModel(COLUMNS, self)
        self.table = record_table(self.model, "surveysTable", {0: 44, 1: 240, 2: 76, 3: 44})
        self.tally_view = QPlainTextEdit()
        self.tally_view.setObjectName("tallyView")
        self.tally_view.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.tally_view)
        split.setSizes([520, 760])
        self.create_button = self._button("新建问卷…", "createSurvey", self.create_survey)
        self.print_button = self._button("打印问卷 PDF…", "printForm", lambda: self.write("form"))
        self.sheet_button = self._button("导出答卷表 Excel…", "exportSheet", lambda: self.write("sheet"))
        self.import_button = self._button("导入答卷…", "importSheet", self.import_filled)
        self.tally_button = self._button("统计结果 PDF…", "tallyPdf", lambda: self.write("tally"))
        for b in (self.create_button, self.import_button):
            gate_by_role(b, store, "records.register")  # under login the 录入员's (app/accounts/roles.py)
        buttons = QHBoxLayout()
        for b in (self.create_button, self.print_button, self.sheet_button, self.import_button, self.tally_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        self.refresh()
        follow(self.events, self, ("registers",), self.refresh)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    def refresh(self, keep: int | None = None) -> None:
        current = self.current()
        keep = keep if keep is not None else (int(current["id"]) if current else None)
        self.model.set_rows([{**sv, "questions_count": len(sv["questions"])} for sv in surveys.list_surveys(self.store)])
        row = self.model.row_of(keep) if keep is not None else (0 if self.model.rowCount() else None)
        if row is not None:
            self.table.selectRow(row)
        self._show_current()

    def current(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.row(index.row())

    def _show_current(self) -> None:
        sv = self.current()
        self.tally_view.setPlainText(tally_text(survey_tally.tally(self.store, int(sv["id"]))) if sv else
                                     "还没有问卷。点“新建问卷…”设计一份：单选题、多选题、问答题。")
        for b in (self.print_button, self.sheet_button, self.import_button, self.tally_button):
            b.setEnabled(sv is not None)

    def create_survey(self) -> QDialog:
        dialog = CreateSurveyDialog(self.store, self, operator=self.operator)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda sid: self._changed(int(sid)))
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, survey_id: int) -> None:
        self.refresh(keep=survey_id)
        self.events.announce("registers", by=self)

    def import_filled(self, path: Path | None = None) -> dict[str, Any] | None:
        sv = self.current()
        if sv is None:
            return None
        if path is None:
            chosen, _f = QFileDialog.getOpenFileName(self, "选择填好的答卷表", str(self.folder), "Excel 表格 (*.xlsx *.xls)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            result = survey_sheet.import_sheet(self.store, int(sv["id"]), path, operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return None
        self._changed(int(sv["id"]))
        show_info(self, f"{result['file']} 已导入过，未重复导入。" if result["already_imported"]
                  else f"已从 {result['file']} 导入 {result['imported']} 份答卷。", "导入答卷")
        return result

    def write(self, what: str, out: Path | None = None) -> worker.Task | None:
        sv = self.current()
        if sv is None:
            return None
        names = {"form": (f"{sv['title']}.pdf", survey_print.print_survey),
                 "sheet": (f"{sv['title']}_答卷表.xlsx", survey_print.print_survey),
                 "tally": (f"{sv['title']}_统计结果.pdf", survey_tally.write_tally)}
        name, writer = names[what]
        out = out or ask_save_path(self, "保存", self.folder, name)
        if out is None:
            return None
        self.folder = out.parent
        store, sid = self.store, int(sv["id"])
        self.task = write_off_thread(self, "正在生成…", lambda: writer(store, sid, out),
                                     lambda path: show_info(self, f"已写出 {path}", "问卷调查"))
        return self.task
