"""Every table of the window behaves like a spreadsheet a clerk knows (Excel/WPS).

`make_sheet(view, title=…, key=…)` gives any QTableView (or QTableWidget):
  * several rows selected at once (click, Shift+click, Ctrl+click, Ctrl+A);
  * Ctrl+C: the selected rows as tab-separated text with the header line (pastes into Excel);
  * Tab leaves the table, Ctrl+Tab / Ctrl+Shift+Tab move from cell to cell inside it; Delete
    asks the page to delete (`deleteRequested`; the page confirms); Enter opens (Qt's activated);
  * a right-click menu: 复制, 导出Excel… (Ctrl+E), 打印预览… (Ctrl+P), 筛选此列…, and on the header
    筛选此列… (when the model filters that column: the registers, the findings, the problems —
    ui/common/column_filter.py), 清除全部筛选, 隐藏此列, 列… (the column chooser);
  * column widths, order, hidden columns and the sort remembered per table (QSettings);
  * the first (key) column frozen at the left while the rest scroll (ui/common/frozen_column.py).
Export and print write the whole current view — every row the filters and the sort give, not
only the rows fetched so far (ui/common/table_export.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from ui.common.ui_settings import load_bytes, save_bytes

SAVE_DELAY_MS = 400
_SHEET_ATTR = "_sheet_behaviour"


class SheetBehaviour(QObject):
    """The spreadsheet habits of one table view (see the module docstring)."""

    deleteRequested = Signal()
    exported = Signal(str)  # the path written

    def __init__(self, view: QTableView, *, title: str, key: str | None = None, frozen: bool = True) -> None:
        super().__init__(view)
        self.view = view
        self.title = title
        self.key = key or view.objectName() or title
        self.frozen: Any = None
        self.last_task: Any = None  # the export/print running or last run (tests wait on it)
        self.preview: QWidget | None = None
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setTabKeyNavigation(False)  # Tab leaves the table; Ctrl+Tab moves inside it
        view.installEventFilter(self)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._cell_menu)
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_state)
        self.restored = self.restore_state()
        for signal in (header.sectionResized, header.sectionMoved, header.sortIndicatorChanged):
            signal.connect(lambda *_a: self._save_timer.start())
        self.copy_action = self._action("复制", QKeySequence.StandardKey.Copy, self.copy)
        self.export_action = self._action("导出Excel…", QKeySequence("Ctrl+E"), lambda: self.export_xlsx())
        self.print_action = self._action("打印预览…", QKeySequence("Ctrl+P"), lambda: self.print_preview())
        if frozen:
            from ui.common.frozen_column import FrozenColumn

            self.frozen = FrozenColumn(view)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot: Any) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    # --- settings -----------------------------------------------------------------------------
    @property
    def settings_key(self) -> str:
        return f"tables/{self.key}/header"

    def save_state(self) -> None:
        self._save_timer.stop()
        save_bytes(self.settings_key, self.view.horizontalHeader().saveState())

    def restore_state(self) -> bool:
        """Widths, order, hidden columns and sort as the clerk left them (False: none saved, or
        saved for a different set of columns)."""
        state = load_bytes(self.settings_key)
        header = self.view.horizontalHeader()
        model = self.view.model()
        if state is None or model is None or not header.restoreState(state):
            return False
        if header.count() != model.columnCount():
            header.reset()
            return False
        if header.isSectionHidden(header.logicalIndex(0)) or header.visualIndex(0) != 0:
            header.showSection(0)  # the key column stays first and shown
            header.moveSection(header.visualIndex(0), 0)
        return True

    def apply_saved_sort(self) -> None:
        """Sort the model as the restored header says (the page connects its sort first)."""
        header = self.view.horizontalHeader()
        model = self.view.model()
        if self.restored and model is not None and header.sortIndicatorSection() >= 0 \
                and header.isSortIndicatorShown():
            model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    # --- columns and rows ---------------------------------------------------------------------
    def visible_columns(self) -> list[int]:
        """Logical column numbers in the order shown, hidden ones left out."""
        header = self.view.horizontalHeader()
        cols = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in cols if not header.isSectionHidden(c)]

    def header_texts(self, cols: list[int]) -> list[str]:
        model = self.view.model()
        return [_plain_header(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
                for c in cols]

    def selected_rows(self) -> list[int]:
        sel = self.view.selectionModel()
        return sorted({i.row() for i in sel.selectedIndexes()}) if sel is not None else []

    def copy_text(self) -> str:
        """The selected rows (or the current cell's row) as TSV with a header line."""
        rows = self.selected_rows()
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        cols = self.visible_columns()
        model = self.view.model()
        lines = ["\t".join(self.header_texts(cols))]
        for r in rows:
            lines.append("\t".join(_tsv(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)) for c in cols))
        return "\n".join(lines) + "\n"

    def copy(self) -> str:
        text = self.copy_text()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        return text

    def export_xlsx(self, path: str | None = None) -> Any:
        from ui.common.table_export import export_view

        self.last_task = export_view(self, path)
        return self.last_task

    def print_preview(self, path: str | None = None) -> Any:
        from ui.common.table_export import print_view

        self.last_task = print_view(self, path)
        return self.last_task

    def choose_columns(self) -> QMenu:
        from ui.common.column_filter import column_menu

        return column_menu(self)

    def filter_column(self, column: int) -> Any:
        from ui.common.column_filter import open_filter

        return open_filter(self, column)

    # --- keys and menus -----------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        if event.matches(QKeySequence.StandardKey.Copy):  # Qt's own copies only the current cell
            self.copy()
            return True
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and ctrl:
            self._step(-1 if key == Qt.Key.Key_Backtab or mods & Qt.KeyboardModifier.ShiftModifier else 1)
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            from ui.common.screen_fit import move_focus

            move_focus(self.view, forward=key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier)
            return True
        if key == Qt.Key.Key_Delete and not mods:
            if self.selected_rows():
                self.deleteRequested.emit()
            return True
        return False

    def _step(self, delta: int) -> None:
        """Ctrl+Tab: the next cell to the right (then the next row), in the order shown."""
        cols = self.visible_columns()
        model = self.view.model()
        current = self.view.currentIndex()
        if not cols or model is None or model.rowCount() == 0:
            return
        row = max(current.row(), 0)
        pos = cols.index(current.column()) if current.isValid() and current.column() in cols else -1
        pos += delta
        if pos >= len(cols):
            row, pos = min(row + 1, model.rowCount() - 1), 0
        elif pos < 0:
            row, pos = max(row - 1, 0), len(cols) - 1
        self.view.setCurrentIndex(model.index(row, cols[pos]))

    def _cell_menu(self, pos: QPoint) -> QMenu:
        menu = QMenu(self.view)
        menu.setObjectName("tableMenu")
        for action in (self.copy_action, self.export_action, self.print_action):
            menu.addAction(action)
        menu.addSeparator()
        self._add_filter_actions(menu, self.view.columnAt(pos.x()))
        menu.addAction("列…", lambda: self.choose_columns().popup(self.view.mapToGlobal(pos)))
        menu.popup(self.view.viewport().mapToGlobal(pos))
        return menu

    def _add_filter_actions(self, menu: QMenu, column: int) -> None:
        """筛选此列… and 清除全部筛选, when the model filters `column` (ui/common/column_filter.py)."""
        from ui.common.column_filter import filter_field

        model: Any = self.view.model()
        if column >= 0 and filter_field(model, column) is not None:
            menu.addAction("筛选此列…", lambda: self.filter_column(column))
            if getattr(model, "filters", None):
                menu.addAction("清除全部筛选", model.clear_filters)

    def _header_menu(self, pos: QPoint) -> QMenu:
        header = self.view.horizontalHeader()
        column = header.logicalIndexAt(pos)
        menu = QMenu(header)
        menu.setObjectName("headerMenu")
        self._add_filter_actions(menu, column)
        if column > 0:
            menu.addAction("隐藏此列", lambda: header.hideSection(column))
        menu.addAction("列…", lambda: self.choose_columns().popup(header.mapToGlobal(pos)))
        menu.popup(header.mapToGlobal(pos))
        return menu


def _plain_header(value: Any) -> str:
    """A header without the filter mark the model may add."""
    return str(value or "").replace(" ▾", "")


def _tsv(value: Any) -> str:
    """One cell for the clipboard: tabs and line breaks would split it in Excel."""
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def make_sheet(view: QTableView, *, title: str, key: str | None = None, frozen: bool = True) -> SheetBehaviour:
    """Give `view` the spreadsheet habits; returns the behaviour (also `sheet_of(view)`)."""
    existing = sheet_of(view)
    if existing is not None:
        return existing
    behaviour = SheetBehaviour(view, title=title, key=key, frozen=frozen)
    setattr(view, _SHEET_ATTR, behaviour)
    return behaviour


def sheet_of(view: QWidget | None) -> SheetBehaviour | None:
    behaviour = getattr(view, _SHEET_ATTR, None) if view is not None else None
    return behaviour if isinstance(behaviour, SheetBehaviour) else None


def current_sheet(page: QWidget | None) -> SheetBehaviour | None:
    """The table of `page` a window-wide command (Ctrl+E, Ctrl+P) means: the one with the focus,
    else the first visible one."""
    if page is None:
        return None
    focus = QGuiApplication.focusObject()
    w = focus if isinstance(focus, QWidget) else None
    while w is not None and w is not page:
        if sheet_of(w) is not None:
            return sheet_of(w)
        w = w.parentWidget()
    for view in page.findChildren(QTableView):
        if sheet_of(view) is not None and view.isVisible():
            return sheet_of(view)
    return None


def index_rows(indexes: list[QModelIndex]) -> list[int]:
    return sorted({i.row() for i in indexes})
