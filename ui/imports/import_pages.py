"""The import wizard's first two pages: choose kind and file; check sheet, header and columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app.errors import Cancelled, UserError
from app.records import service
from app.records.fields import FIELDS, KIND_LABELS, field_by_name
from ui.common.formatting import display_value
from ui.imports.import_job import IMPORT_KINDS, ImportJob
from ui.imports.import_results import summary_text

KIND_HINTS = {"cases": "处罚案卷（案号、当事人、罚款金额、各环节日期、执法人员…）",
              "ledger": "处罚台账（案号、当事人、罚款金额、决定日期、缴款日期、票据号…）",
              "receipts": "罚没款收据（票据号、开票日期、缴款人、金额…）",
              "officers": "执法人员名单（姓名、执法证号、有效期、证件状态…）"}
NOT_IMPORTED = "不导入"
FILE_FILTER = "表格文件 (*.xlsx *.xls *.csv);;所有文件 (*)"
ERROR_STYLE = "color: #c62828;"
SAMPLE_ROWS = 8


class ChooseFilePage(QWizardPage):
    """(1) what to import, from which file, and the unit for rows that name none."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__()
        self.job = job
        self.setTitle("选择要导入的表格")
        self.setSubTitle("选择表格内容和文件（.xlsx、.xls 或 .csv）。表头不必在第一行，列的顺序也不限。")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for kind in IMPORT_KINDS:
            self.kind_combo.addItem(f"{KIND_LABELS[kind]} — {KIND_HINTS[kind]}", kind)
        self.kind_combo.setCurrentIndex(IMPORT_KINDS.index(job.kind))
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("fileEdit")
        self.file_edit.setPlaceholderText("点「浏览…」选择文件，或粘贴文件路径")
        self.file_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("unitEdit")
        self.unit_edit.setPlaceholderText("表格中没有“执法单位”列时，所有行记到这个单位")
        units = [str(u["name"]) for u in service.page(job.store, "units", sort="name", limit=1000)]
        self.unit_edit.setCompleter(QCompleter(units, self.unit_edit))
        form = QFormLayout(self)
        form.addRow("导入内容：", self.kind_combo)
        form.addRow("文件：", file_row)
        form.addRow("默认执法单位：", self.unit_edit)

    def browse(self) -> None:
        start = str(Path(self.file_edit.text()).parent) if self.file_edit.text() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "选择要导入的表格", start, FILE_FILTER)
        if path:
            self.file_edit.setText(path)

    def isComplete(self) -> bool:
        text = self.file_edit.text().strip()
        return bool(text) and Path(text).is_file()

    def validatePage(self) -> bool:
        kind = self.kind_combo.currentData()
        path = Path(self.file_edit.text().strip())
        if kind != self.job.kind or path != self.job.path:  # a new choice: detect afresh
            self.job.sheet, self.job.mapping = None, None
        self.job.kind, self.job.path = kind, path
        self.job.unit = self.unit_edit.text().strip() or None
        return True


class MappingPage(QWizardPage):
    """(2) the sheet, the header row and each column's field — correctable, re-previewed."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__()
        self.job = job
        self.ready = False
        self.setTitle("核对工作表和列")
        self.setSubTitle("程序已按表头识别各列。如有不对，在「导入为」一栏改正，下方预览随之更新。")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        self.header_label = QLabel()
        self.header_label.setObjectName("headerLabel")
        self.message = QLabel()
        self.message.setObjectName("mappingMessage")
        self.message.setWordWrap(True)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setHorizontalHeaderLabels(["列", "文件中的表头", "导入为"])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        h = self.mapping_table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.sample_table = QTableWidget(0, 0)
        self.sample_table.setObjectName("sampleTable")
        self.sample_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sample_table.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(QLabel("工作表："))
        top.addWidget(self.sheet_combo, 1)
        top.addSpacing(16)
        top.addWidget(self.header_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.mapping_table, 3)
        layout.addWidget(QLabel("按上面的对应关系读出的前几行："))
        layout.addWidget(self.sample_table, 2)

    def initializePage(self) -> None:
        self.run_preview()

    def isComplete(self) -> bool:
        return self.ready and not self.job.busy

    # --- preview ------------------------------------------------------------------------------
    def run_preview(self) -> None:
        self.ready = False
        self.completeChanged.emit()
        self._set_enabled(False)
        self.message.setStyleSheet("")
        self.message.setText("正在读取表格…")
        self.job.start_preview(self._loaded, self._failed)

    def _loaded(self, preview: Any) -> None:
        self.job.preview = preview
        self.job.sheet = preview.sheet
        self._fill_sheets(preview)
        self.header_label.setText(f"表头在第 {preview.header_row} 行")
        self._fill_mapping(preview)
        self._fill_sample(preview)
        self.message.setStyleSheet("")
        self.message.setText(summary_text(preview))
        self._set_enabled(True)
        self.ready = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> bool:
        self._set_enabled(True)
        if isinstance(exc, UserError):
            text = "已取消读取。" if isinstance(exc, Cancelled) else exc.message
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(text)
            self.completeChanged.emit()
            return True
        self.message.setText("读取表格时程序出错。")
        self.completeChanged.emit()
        return False

    def _set_enabled(self, on: bool) -> None:
        self.sheet_combo.setEnabled(on)
        self.mapping_table.setEnabled(on)

    # --- widgets ------------------------------------------------------------------------------
    def _fill_sheets(self, preview: Any) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(preview.sheets))
        self.sheet_combo.setCurrentText(preview.sheet)
        self.sheet_combo.blockSignals(False)

    def _fill_mapping(self, preview: Any) -> None:
        fields = FIELDS[self.job.kind]
        self.mapping_table.setRowCount(len(preview.columns))
        for row, col in enumerate(preview.columns):
            self.mapping_table.setItem(row, 0, QTableWidgetItem(col.letter))
            self.mapping_table.setItem(row, 1, QTableWidgetItem(str(col.header or "")))
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, None)
            for f in fields:
                combo.addItem(f.label + ("（必填）" if f.required else ""), f.name)
            combo.setCurrentIndex(max(0, combo.findData(col.field)) if col.field else 0)
            combo.setProperty("column_index", col.index)
            combo.currentIndexChanged.connect(lambda _i, r=row: self._mapping_changed(r))
            self.mapping_table.setCellWidget(row, 2, combo)

    def _fill_sample(self, preview: Any) -> None:
        kind = self.job.kind
        names = [c.field for c in preview.columns if c.field]
        self.sample_table.clear()
        self.sample_table.setColumnCount(len(names))
        self.sample_table.setHorizontalHeaderLabels([field_by_name(kind, n).label for n in names])
        rows = list(preview.sample)[:SAMPLE_ROWS]
        self.sample_table.setRowCount(len(rows))
        for r, rec in enumerate(rows):
            for c, name in enumerate(names):
                text = display_value(field_by_name(kind, name), rec.get(name))
                self.sample_table.setItem(r, c, QTableWidgetItem(text))
        self.sample_table.resizeColumnsToContents()  # a handful of rows only

    def combo(self, row: int) -> QComboBox:
        w = self.mapping_table.cellWidget(row, 2)
        assert isinstance(w, QComboBox)
        return w

    def current_mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for row in range(self.mapping_table.rowCount()):
            combo = self.combo(row)
            if combo.currentData():
                out[int(combo.property("column_index"))] = str(combo.currentData())
        return out

    def _mapping_changed(self, row: int) -> None:
        chosen = self.combo(row).currentData()
        if chosen:  # one column per field: the column that had it no longer does
            for other in range(self.mapping_table.rowCount()):
                if other != row and self.combo(other).currentData() == chosen:
                    self.combo(other).blockSignals(True)
                    self.combo(other).setCurrentIndex(0)
                    self.combo(other).blockSignals(False)
        self.job.mapping = self.current_mapping()
        self.run_preview()

    def _sheet_changed(self, name: str) -> None:
        if name and name != self.job.sheet:
            self.job.sheet, self.job.mapping = name, None
            self.run_preview()

