"""The sheet as the import reads it: one grid column per column of the file, lettered as Excel
letters them, with the header as written, the field it is imported as (a combo box the user may
change), the unit of an amount column (a combo box too where the header states none: 元, 千元 or
万元), and the first data rows numbered as Excel numbers them.

Every column is shown, the ones no header names too: a clerk recognises a column by its values
(a column of 沈浑罚字〔2019〕… is the case number whatever its header says) and maps it here. A
column not imported is shown grey, an amount column's unit stands out, so 万元 read as 元 — the
mistake that makes every amount 10,000 times too small — is seen before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableWidget, QTableWidgetItem, QWidget

from app.records.fields import FIELDS, FieldType

NOT_IMPORTED = "不导入"
HEADER_ROW, FIELD_ROW, SCALE_ROW = 0, 1, 2
FIRST_DATA_ROW = 3
ROW_LABELS = ("表头", "导入为", "金额单位")
NO_UNIT_STATED = "元（表头未注明）"
CHOOSABLE_UNITS = ((NO_UNIT_STATED, None), ("千元", "千元"), ("万元", "万元"))  # what a header without a unit may mean
MUTED = QBrush(QColor("#9e9e9e"))
UNIT_BRUSH = QBrush(QColor("#1565c0"))
HEADER_LINES = 3  # a long header (行政相对人代码_1（统一社会信用代码）) wraps over up to three lines
MIN_WIDTH, MAX_WIDTH = 84, 230


def is_amount(column: Any, kind: str) -> bool:
    types = {f.name: f.type for f in FIELDS[kind]}
    return column.field is not None and types.get(column.field) is FieldType.FEN


def unit_choosable(column: Any, kind: str) -> bool:
    """An amount column whose header states no unit: the user says which it is."""
    return is_amount(column, kind) and (not column.scale or bool(getattr(column, "scale_chosen", False)))


def scale_text(column: Any, kind: str) -> str:
    """What the 金额单位 row says for a column: the unit its header states or the user chose, or
    元 when an amount column's header states none; nothing for a column that is no amount."""
    if not is_amount(column, kind):
        return ""
    return str(column.scale) if column.scale else NO_UNIT_STATED


def units_text(columns: Sequence[Any], kind: str) -> str:
    """One line naming the unit each amount column is read in, so a 万元 column far to the right
    of a 30-column sheet is seen without scrolling to it."""
    parts = []
    for col in columns:
        unit = scale_text(col, kind)
        if unit:
            named = f"{col.letter} 列「{col.header}」" if col.header else f"{col.letter} 列"
            if getattr(col, "scale_chosen", False):
                parts.append(f"{named}表头未注明单位，按所选的{col.scale}读")
            else:
                parts.append(f"{named}按{col.scale}读" if col.scale else f"{named}表头未注明单位，按元读")
    return f"金额单位：{'；'.join(parts)}。" if parts else ""


class ColumnGrid(QTableWidget):
    """Emits `mappingChanged()` when the user picks another field for a column (one column per
    field: the column that had the field before loses it), `scalesChanged()` when the user picks
    the unit of an amount column whose header states none."""

    mappingChanged = Signal()
    scalesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 0, parent)
        self.setObjectName("columnGrid")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kind = ""
        self.columns: list[Any] = []

    # --- filling ----------------------------------------------------------------------------
    def fill(self, kind: str, columns: Sequence[Any], grid: Sequence[Any]) -> None:
        """Show `columns` (ColumnInfo) and the data rows `grid` (GridRow: row, cells)."""
        self.kind, self.columns = kind, list(columns)
        self.clear()
        self.setColumnCount(len(self.columns))
        self.setRowCount(FIRST_DATA_ROW + len(grid))
        self.setHorizontalHeaderLabels([c.letter for c in self.columns])
        self.setVerticalHeaderLabels([*ROW_LABELS, *(str(g.row) for g in grid)])
        bold = QFont(self.font())
        bold.setBold(True)
        for c, col in enumerate(self.columns):
            imported = col.field is not None
            header = self._item(col.header, muted=not imported)
            header.setFont(bold)
            header.setToolTip(self._header_tip(col))
            self.setItem(HEADER_ROW, c, header)
            self.setCellWidget(FIELD_ROW, c, self._combo(col))
            unit = self._item(scale_text(col, kind))
            if col.scale:
                unit.setForeground(UNIT_BRUSH)
                unit.setFont(bold)
            self.setItem(SCALE_ROW, c, unit)
            if unit_choosable(col, kind):
                self.setCellWidget(SCALE_ROW, c, self._unit_combo(col, bold))
            for r, g in enumerate(grid):
                text = g.cells[c] if c < len(g.cells) else ""
                self.setItem(FIRST_DATA_ROW + r, c, self._item(text, muted=not imported))
        self._fit()

    def _item(self, text: str, muted: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if text:
            item.setToolTip(text)
        if muted:
            item.setForeground(MUTED)
        return item

    def _header_tip(self, col: Any) -> str:
        tip = f"{col.letter} 列「{col.header}」" if col.header else f"{col.letter} 列（没有表头）"
        if col.same_as is not None:
            other = self.columns[col.same_as]
            tip += f"：与 {other.letter} 列是同一项，只导入 {other.letter} 列"
        elif col.field is None:
            tip += "：不导入（如需导入，请在「导入为」中选择）"
        return tip

    def _combo(self, col: Any) -> QComboBox:
        combo = QComboBox()
        combo.addItem(NOT_IMPORTED, None)
        for f in FIELDS[self.kind]:
            combo.addItem(f.label + ("（必填）" if f.required else ""), f.name)
        combo.setCurrentIndex(max(0, combo.findData(col.field)) if col.field else 0)
        combo.setProperty("column_index", col.index)
        combo.setToolTip(f"{col.letter} 列导入为哪一项")
        combo.currentIndexChanged.connect(lambda _i, c=col.index: self._changed(c))
        return combo

    def _unit_combo(self, col: Any, bold: QFont) -> QComboBox:
        combo = QComboBox()
        for text, unit in CHOOSABLE_UNITS:
            combo.addItem(text, unit)
        combo.setCurrentIndex(max(0, combo.findData(col.scale)) if col.scale else 0)
        if col.scale:
            combo.setFont(bold)
        combo.setProperty("column_index", col.index)
        combo.setToolTip(f"{col.letter} 列的表头没有注明金额单位：请按表中金额的实际单位选择")
        combo.currentIndexChanged.connect(lambda _i: self.scalesChanged.emit())
        return combo

    def _fit(self) -> None:
        """Each column as wide as its values need (within bounds); the header row tall enough
        for a wrapped header; a handful of rows only, so measuring is cheap."""
        fm = self.fontMetrics()
        for c in range(self.columnCount()):
            texts = [self._text(r, c) for r in range(SCALE_ROW, self.rowCount())]
            need = max((fm.horizontalAdvance(t) for t in texts), default=0)
            need = max(need, fm.horizontalAdvance(self.combo(c).currentText()) + 36)
            if self.unit_combo(c) is not None:
                need = max(need, fm.horizontalAdvance(NO_UNIT_STATED) + 36)
            header = self._text(HEADER_ROW, c)
            need = max(need, fm.horizontalAdvance(header) // HEADER_LINES + fm.averageCharWidth() * 2)
            self.setColumnWidth(c, max(MIN_WIDTH, min(MAX_WIDTH, need + 16)))
        self.setRowHeight(HEADER_ROW, fm.lineSpacing() * HEADER_LINES + 10)

    # --- reading back -----------------------------------------------------------------------
    def _combos(self) -> list[QComboBox]:
        return [self.combo(c) for c in range(self.columnCount())]

    def combo(self, col: int) -> QComboBox:
        """The 导入为 combo box of grid column `col` (= the file's column index)."""
        w = self.cellWidget(FIELD_ROW, col)
        assert isinstance(w, QComboBox)
        return w

    def _text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""

    def header_text(self, col: int) -> str:
        return self._text(HEADER_ROW, col)

    def unit_combo(self, col: int) -> QComboBox | None:
        """The 金额单位 combo box of column `col`, for an amount column whose header states no unit."""
        w = self.cellWidget(SCALE_ROW, col)
        return w if isinstance(w, QComboBox) else None

    def unit_text(self, col: int) -> str:
        combo = self.unit_combo(col)
        return combo.currentText() if combo is not None else self._text(SCALE_ROW, col)

    def current_scales(self) -> dict[int, str]:
        """The units chosen for amount columns whose header states none (元 is no choice: it is
        how such a column is read anyway)."""
        out: dict[int, str] = {}
        for c in range(self.columnCount()):
            combo = self.unit_combo(c)
            if combo is not None and combo.currentData():
                out[int(combo.property("column_index"))] = str(combo.currentData())
        return out

    def data_rows(self) -> int:
        return max(self.rowCount() - FIRST_DATA_ROW, 0)

    def value(self, data_row: int, col: int) -> str:
        """The text of data row `data_row` (0 = the first under the header) in column `col`."""
        return self._text(FIRST_DATA_ROW + data_row, col)

    def column_of(self, header: str) -> int:
        """The index of the column whose header is `header` (ValueError if none)."""
        for c in range(self.columnCount()):
            if self.header_text(c) == header:
                return c
        raise ValueError(header)

    def current_mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for combo in self._combos():
            if combo.currentData():
                out[int(combo.property("column_index"))] = str(combo.currentData())
        return out

    def _changed(self, col: int) -> None:
        chosen = self.combo(col).currentData()
        if chosen:  # one column per field: the column that had it no longer does
            for other, combo in enumerate(self._combos()):
                if other != col and combo.currentData() == chosen:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self.mappingChanged.emit()
