"""统计年报: the year's enforcement statistics per unit and in total, as the registers give them,
with its due date (31 January of the next year); exported as Excel and PDF; and the lists the
plans ask to publish (执法人员清单, 执法主体名录) as Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.office import office_info
from app.process.published_lists import write_officer_list, write_unit_list
from app.reports.annual import AnnualReport, annual_report
from app.reports.annual_files import annual_table, write_annual_pdf, write_annual_xlsx
from app.reports.table_data import cell_text
from app.store import Store
from ui.common.events import RECORD_KINDS, Events, follow
from ui.common.messages import show_info
from ui.process.sheet import fill, small_sheet


class AnnualPage(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annualReportPage")
        self.store, self.operator = store, operator
        self.events = events if events is not None else Events(self)
        column = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setObjectName("annualYear")
        self.year.setRange(1990, 2100)
        self.year.setValue(date.today().year - 1)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        bar.addWidget(QLabel("统计年度"))
        bar.addWidget(self.year)
        for text, name, slot in (("导出Excel…", "annualXlsx", self.export_xlsx), ("导出PDF…", "annualPdf", self.export_pdf),
                                 ("执法人员清单…", "publishOfficers", self.publish_officers),
                                 ("执法主体名录…", "publishUnits", self.publish_units)):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(lambda _=False, s=slot: s())
            bar.addWidget(b)
        bar.addStretch(1)
        column.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("annualSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.table = small_sheet("annualTable", "统计年报", ["执法单位"])
        column.addWidget(self.table, 1)
        self.report: AnnualReport | None = None
        self.refresh()
        follow(self.events, self, (*RECORD_KINDS, "problems", "process"), self.refresh)

    def refresh(self) -> None:
        self.report = annual_report(self.store, self.year.value())
        data = annual_table(self.report)
        self.table.setColumnCount(len(data.columns))
        self.table.setHorizontalHeaderLabels([c.header for c in data.columns])
        fill(self.table, [[cell_text(c.kind, v) for c, v in zip(data.columns, row, strict=False)]
                          for row in data.rows])
        self.summary.setText(data.subtitle)

    def _save(self, title: str, name: str, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, name, pattern)
        return Path(chosen) if chosen else None

    def export_xlsx(self, path: Path | None = None) -> None:
        path = path or self._save("导出统计年报", f"{self.year.value()}年度统计年报.xlsx", "Excel (*.xlsx)")
        if path is not None and self.report is not None:
            show_info(self, f"已写出 {write_annual_xlsx(path, self.report)}")

    def export_pdf(self, path: Path | None = None) -> None:
        path = path or self._save("导出统计年报", f"{self.year.value()}年度统计年报.pdf", "PDF (*.pdf)")
        if path is not None and self.report is not None:
            show_info(self, f"已写出 {write_annual_pdf(path, self.report)}")

    def publish_officers(self, path: Path | None = None) -> None:
        path = path or self._save("执法人员清单", "行政执法人员清单.xlsx", "Excel (*.xlsx)")
        if path is not None:
            n = write_officer_list(self.store, path, office=office_info(self.store).get("office_name", ""))
            show_info(self, f"已写出 {path}（{n} 人）")

    def publish_units(self, path: Path | None = None) -> None:
        path = path or self._save("执法主体名录", "行政执法主体名录.xlsx", "Excel (*.xlsx)")
        if path is not None:
            n = write_unit_list(self.store, path, office=office_info(self.store).get("office_name", ""))
            show_info(self, f"已写出 {path}（{n} 个）")
