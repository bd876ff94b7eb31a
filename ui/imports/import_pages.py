"""The import wizard's first two pages: choose kind and file; check sheet, header and columns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.errors import Cancelled, UserError
from app.records import service
from app.records.fields import FIELDS, KIND_LABELS, REGISTER_FIELDS, FieldType, field_by_name
from ui.common.formatting import display_value
from ui.imports.column_grid import ColumnGrid, units_text
from ui.imports.import_job import IMPORT_KINDS, ImportJob
from ui.imports.import_results import summary_text

KIND_HINTS = {"cases": "处罚案卷（案号、当事人、罚款金额、各环节日期、执法人员…）",
              "ledger": "处罚台账（案号、当事人、罚款金额、决定日期、缴款日期、票据号…）",
              "receipts": "罚没款收据（票据号、开票日期、缴款人、金额…）",
              "officers": "执法人员名单（姓名、执法证号、有效期、证件状态…）"}
FILE_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;所有文件 (*)"
ERROR_STYLE = "color: #c62828;"
SAMPLE_ROWS = 8
MAX_HEADER_ROW = 300  # as far down as the header is looked for (app/imports/headers.py)


def sample_fields(kind: str, columns: Sequence[Any], records: Sequence[dict[str, Any]]) -> list[str]:
    """The register's fields the sample shows: the mapped ones in the file's order, then any other
    the rows were given a value for (an ID chosen from a second code column, a fine read from the
    处罚内容 text). Fields an import reads but does not store (a second ID column) are left out."""
    stored = [f.name for f in REGISTER_FIELDS[kind]]
    mapped = [c.field for c in columns if c.field in stored]
    derived = [n for n in stored if n not in mapped and any(rec.get(n) not in (None, "", False) for rec in records)]
    return mapped + derived


class ChooseFilePage(QWizardPage):
    """(1) what to import, from which file, and the unit for rows that name none."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__()
        self.job = job
        self.setTitle("选择要导入的表格")
        self.setSubTitle("选择表格内容和文件（.xlsx、.xls、.ods 或 .csv）。表头不必在第一行，列的顺序也不限。")
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
            self.job.sheet, self.job.mapping, self.job.header_row, self.job.scales = None, None, None, None
        self.job.kind, self.job.path = kind, path
        self.job.unit = self.unit_edit.text().strip() or None
        return True


class MappingPage(QWizardPage):
    """(2) the sheet, the header row and each column's field — correctable, re-previewed."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__()
        self.job = job
        self.ready = False
        self.setTitle("核对工作表、表头和列")
        self.setSubTitle("下表是文件原样的前几行。请核对每一列「导入为」哪一项、金额的单位；"
                         "表头行不对时改「表头在第几行」。改动后，最下方的读取结果随之更新。")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("headerRowSpin")
        self.header_spin.setRange(1, MAX_HEADER_ROW)
        self.header_spin.setKeyboardTracking(False)  # re-read when the number is finished, not per digit
        self.header_spin.setToolTip("表头最后一行的行号（与 Excel 左侧的行号相同）")
        self.header_spin.valueChanged.connect(self._header_row_changed)
        self.header_note = QLabel()
        self.header_note.setObjectName("headerNote")
        self.auto_button = QPushButton("重新自动识别")
        self.auto_button.setObjectName("autoDetect")
        self.auto_button.setToolTip("按程序自动找到的表头行和对应关系重新读取")
        self.auto_button.clicked.connect(self._detect_again)
        self.message = QLabel()
        self.message.setObjectName("mappingMessage")
        self.message.setWordWrap(True)
        self.grid = ColumnGrid()
        self.grid.mappingChanged.connect(self._mapping_changed)
        self.grid.scalesChanged.connect(self._scales_changed)
        self.sample_table = QTableWidget(0, 0)
        self.sample_table.setObjectName("sampleTable")
        self.sample_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sample_table.setWordWrap(False)
        self.sample_table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        top = QHBoxLayout()
        top.addWidget(QLabel("工作表："))
        top.addWidget(self.sheet_combo, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("表头在第"))
        top.addWidget(self.header_spin)
        top.addWidget(QLabel("行"))
        top.addWidget(self.header_note)
        top.addSpacing(8)
        top.addWidget(self.auto_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("按上面的对应关系读出的结果（金额已换算为元）："))
        lower_layout.addWidget(self.sample_table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.grid)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

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
        self._show_header_row(preview.header_row, preview.header_top)
        self.grid.fill(self.job.kind, preview.columns, preview.grid)
        self._fill_sample(preview)
        self.message.setStyleSheet("")
        units = units_text(preview.columns, self.job.kind)
        self.message.setText(summary_text(preview) + (f"\n{units}" if units else ""))
        self._set_enabled(True)
        self.ready = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> bool:
        self._set_enabled(True)
        for table in (self.grid, self.sample_table):  # the last good reading no longer applies
            table.clear()
            table.setRowCount(0)
            table.setColumnCount(0)
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
        for w in (self.sheet_combo, self.header_spin, self.auto_button, self.grid, self.sample_table):
            w.setEnabled(on)

    # --- widgets ------------------------------------------------------------------------------
    def _fill_sheets(self, preview: Any) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(preview.sheets))
        self.sheet_combo.setCurrentText(preview.sheet)
        self.sheet_combo.blockSignals(False)

    def _show_header_row(self, row: int, top: int) -> None:
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(row)
        self.header_spin.blockSignals(False)
        self.header_note.setText(f"（表头共 {row - top + 1} 行：第 {top}–{row} 行）" if top < row else "")

    def _fill_sample(self, preview: Any) -> None:
        kind = self.job.kind
        rows = list(preview.sample)[:SAMPLE_ROWS]
        names = sample_fields(kind, preview.columns, rows)
        self.sample_table.clear()
        self.sample_table.setColumnCount(len(names))
        self.sample_table.setHorizontalHeaderLabels([field_by_name(kind, n).label for n in names])
        self.sample_table.setRowCount(len(rows))
        self.sample_table.setVerticalHeaderLabels([str(rec.get("source_row", "")) for rec in rows])
        for r, rec in enumerate(rows):
            for c, name in enumerate(names):
                text = display_value(field_by_name(kind, name), rec.get(name))
                self.sample_table.setItem(r, c, QTableWidgetItem(text))
        self.sample_table.resizeColumnsToContents()  # a handful of rows only

    def combo(self, col: int) -> QComboBox:
        """The 导入为 combo box of the file's column `col` (0 = A)."""
        return self.grid.combo(col)

    def current_mapping(self) -> dict[int, str]:
        return self.grid.current_mapping()

    def _mapping_changed(self) -> None:
        self.job.mapping = self.current_mapping()
        # a unit chosen for a column stays with it while the column is still imported as an amount
        amounts = {f.name for f in FIELDS[self.job.kind] if f.type is FieldType.FEN}
        kept = {i: u for i, u in (self.job.scales or {}).items() if self.job.mapping.get(i) in amounts}
        self.job.scales = kept or None
        self.run_preview()

    def _scales_changed(self) -> None:
        self.job.scales = self.grid.current_scales() or None
        self.run_preview()

    def _header_row_changed(self, row: int) -> None:
        """The user names the header row: the fields are found afresh from that row."""
        self.job.header_row, self.job.mapping, self.job.scales = row, None, None
        self.run_preview()

    def _detect_again(self) -> None:
        self.job.header_row, self.job.mapping, self.job.scales = None, None, None
        self.run_preview()

    def _sheet_changed(self, name: str) -> None:
        if name and name != self.job.sheet:
            self.job.sheet, self.job.mapping, self.job.header_row, self.job.scales = name, None, None, None
            self.run_preview()
