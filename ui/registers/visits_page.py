"""回访 page: the parties drawn for a return visit and what each visit found, the satisfaction
by unit, and the steps — 抽取回访对象, 登记回访, 打印回访记录表 (PDF, a page per party) and the
满意度统计表 (PDF or Excel)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.rectify.categories import category_mapping
from app.registers import visit_print, visits
from app.store import Store
from ui.common import worker
from ui.common.columns import record_table
from ui.common.events import Events, follow
from ui.common.messages import show_info
from ui.common.service_dialog import ServiceDialog
from ui.registers.register_rows import DictRowsModel, ask_save_path, write_off_thread
from ui.registers.visit_dialogs import DrawDialog, RecordVisitDialog
from ui.system.role_gate import gate_by_role

COLUMNS = (("id", "编号"), ("draw_id", "批次"), ("case_no", "案号"), ("party", "当事人"), ("unit", "执法单位"),
           ("status", "状态"), ("visited_on", "回访日期"), ("way", "方式"), ("visitor", "回访人"),
           ("satisfaction", "满意程度"), ("problem_ids", "反映问题"), ("statement", "当事人意见"))
WIDTHS = {0: 44, 1: 40, 2: 170, 3: 170, 4: 190, 5: 64, 6: 90, 7: 48, 8: 70, 9: 74, 10: 70}


def summary_text(data: dict[str, Any]) -> str:
    t = data["total"]
    rate = "—" if t["rate"] is None else f"{t['rate'] * 100:.1f}%"
    units = "；".join(f"{u['unit']} {u['visited']}/{u['drawn']}" for u in data["units"])
    return (f"抽取 {t['drawn']} 户，已回访 {t['visited']} 户：满意 {t['满意']}，基本满意 {t['基本满意']}，"
            f"不满意 {t['不满意']}，满意率 {rate}" + (f"（各单位已回访/抽取：{units}）" if units else ""))


class VisitsPage(QWidget):
    """Announces "registers" (and "problems" when a visit raised some); follows "registers"
    and the case register (its decided cases are the population)."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_visits")
        self.store, self.operator = store, operator
        self.events = events if events is not None else Events(self)
        self.dialog: QDialog | None = None
        self.task: worker.Task | None = None
        self.folder = Path.home()
        self.model = DictRowsModel(COLUMNS, self)
        self.table = record_table(self.model, "visitsTable", WIDTHS)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.draw_button = self._button("抽取回访对象…", "drawButton", self.draw)
        self.record_button = self._button("登记回访…", "recordButton", self.record)
        self.sheet_button = self._button("打印回访记录表…", "sheetButton", self.write_sheets)
        self.summary_button = self._button("满意度统计表…", "summaryButton", self.write_summary)
        for b in (self.draw_button, self.record_button):
            gate_by_role(b, store, "records.register")  # under login the 录入员's (app/accounts/roles.py)
        buttons = QHBoxLayout()
        for b in (self.draw_button, self.record_button, self.sheet_button, self.summary_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("随机选择处罚对象进行回访；选中一行可只打印该户的记录表"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()
        follow(self.events, self, ("registers", "cases"), self.refresh)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    def refresh(self) -> None:
        self.model.set_rows(visits.list_visits(self.store))
        self.summary_label.setText(summary_text(visits.visit_summary(self.store)))
        self._update_buttons()

    def current(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.row(index.row())

    def select(self, visit_id: int) -> None:
        row = self.model.row_of(visit_id)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        v = self.current()
        self.record_button.setEnabled(v is not None and v["visited_on"] is None)
        self.sheet_button.setEnabled(self.model.rowCount() > 0)

    def _open(self, dialog: ServiceDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, result: Any) -> None:
        self.refresh()
        raised = isinstance(result, dict) and bool(result.get("problem_ids"))
        if isinstance(result, dict) and "id" in result:
            self.select(int(result["id"]))
        self.events.announce("registers", *(("problems",) if raised else ()), by=self)

    def draw(self) -> QDialog:
        return self._open(DrawDialog(self.store, self, operator=self.operator))

    def record(self) -> QDialog | None:
        v = self.current()
        if v is None:
            return None
        categories = list(category_mapping(self.store)["categories"])
        return self._open(RecordVisitDialog(self.store, v, categories, self, operator=self.operator))

    def write_sheets(self, out: Path | None = None) -> worker.Task | None:
        v = self.current()
        name = f"回访记录表_{v['party']}.pdf" if v else "回访记录表.pdf"
        out = out or ask_save_path(self, "保存回访记录表", self.folder, name)
        if out is None:
            return None
        self.folder = out.parent
        store, ids = self.store, [int(v["id"])] if v else None
        self.task = write_off_thread(self, "正在生成回访记录表…",
                                     lambda: visit_print.write_visit_sheets(store, out, visit_ids=ids),
                                     lambda path: show_info(self, f"已写出 {path}", "回访记录表"))
        return self.task

    def write_summary(self, out: Path | None = None) -> worker.Task | None:
        out = out or ask_save_path(self, "保存满意度统计表（.pdf 或 .xlsx）", self.folder, "回访满意度统计表.pdf")
        if out is None:
            return None
        self.folder = out.parent
        store = self.store
        self.task = write_off_thread(self, "正在生成满意度统计表…", lambda: visit_print.write_visit_summary(store, out),
                                     lambda path: show_info(self, f"已写出 {path}", "满意度统计表"))
        return self.task
