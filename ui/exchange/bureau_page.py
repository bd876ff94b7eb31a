"""上级汇总 (bureau side): import the offices' packages (verified first, on the worker), the table
of offices and the per-category table from bureau_summary. A refusal is shown in red with the
member and the check; a package signed by a new key offers NewKeyDialog → accept_new_key, then
the import is run again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.exchange import PackageRejected, accept_new_key, accept_new_office, bureau_summary, import_package
from app.store import Store
from ui.common import worker
from ui.common.events import Events, follow
from ui.common.table_view import make_sheet
from ui.exchange.new_key_dialog import NewKeyDialog, NewOfficeDialog
from ui.exchange.package_panel import BAD_STYLE, OK_STYLE, rejection_text

Index = QModelIndex | QPersistentModelIndex
OFFICE_COLUMNS = (("name", "单位"), ("sequence", "最近材料包序号"), ("problems", "发现问题数"), ("rectified", "已整改"),
                  ("overdue", "逾期"), ("people_handled", "处理人数"), ("sanctions", "党纪政务处分人数"))
CATEGORY_COLUMNS = (("category", "问题类别"), ("found", "发现问题数"), ("rectified", "已整改"),
                    ("people_handled", "处理人数"), ("sanctions", "党纪政务处分人数"))
ALL_OFFICES = "全部单位（合计）"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class SummaryModel(QAbstractTableModel):
    """Read-only rows (dicts) under fixed columns; numbers right-aligned; an optional 合计 row."""

    def __init__(self, columns: tuple[tuple[str, str], ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        value = self.rows[index.row()].get(self.columns[index.column()][0])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if isinstance(value, int) else _LEFT)
        if role == Qt.ItemDataRole.FontRole and self.rows[index.row()].get("_total"):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1] if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _table(model: SummaryModel, name: str, title: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    make_sheet(view, title=title, key=name)  # copy, export, print, column chooser
    return view


class BureauPage(QWidget):
    """Announces "package" after a package is imported; follows the packages."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_bureau")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.task: worker.Task | None = None
        self.dialog: NewKeyDialog | None = None
        self.summary: dict[str, Any] = {"offices": [], "by_category": {}, "total": {}}
        self.folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                           or str(Path.home()))
        self.import_button = QPushButton("导入材料包…")
        self.import_button.setObjectName("importPackage")
        self.import_button.clicked.connect(lambda: self.import_file())
        self.status_label = QLabel()
        self.status_label.setObjectName("importStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.hide()
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLabel")
        self.offices_model = SummaryModel(OFFICE_COLUMNS, self)
        self.offices_view = _table(self.offices_model, "officesTable", "上级汇总（各单位）")
        self.category_model = SummaryModel(CATEGORY_COLUMNS, self)
        self.category_view = _table(self.category_model, "categoryTable", "上级汇总（问题类别）")
        self.scope_box = QComboBox()
        self.scope_box.setObjectName("scopeBox")
        self.scope_box.currentIndexChanged.connect(lambda _i: self._fill_categories())
        self._layout()
        self.refresh()
        follow(self.events, self, ("package",), self.refresh)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        hint = QLabel("导入各单位报送的材料包：先核验签名与每个文件，通过后按单位保存；重复或较旧的材料包会被拒绝。")
        hint.setStyleSheet("color:#616161;")
        hint.setWordWrap(True)
        top.addWidget(hint, 1)
        offices = QGroupBox("各单位（取各单位最近一次材料包）")
        ocol = QVBoxLayout(offices)
        ocol.addWidget(self.offices_view)
        ocol.addWidget(self.totals_label)
        cats = QGroupBox("按问题类别")
        ccol = QVBoxLayout(cats)
        row = QHBoxLayout()
        row.addWidget(QLabel("范围"))
        row.addWidget(self.scope_box, 1)
        ccol.addLayout(row)
        ccol.addWidget(self.category_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(offices, 1)
        layout.addWidget(cats, 1)

    # --- reading the store ----------------------------------------------------------------------
    def refresh(self) -> None:
        self.summary = bureau_summary(self.store)
        offices = self.summary["offices"]
        self.offices_model.set_rows([{**o, "name": o["name"] or o["office_id"]} for o in offices])
        t = self.summary["total"]
        if offices:
            self.totals_label.setText(f"合计 {t['offices']} 个单位：发现问题 {t['problems']} 个，已整改 {t['rectified']} 个，"
                                      f"逾期 {t['overdue']} 个，处理 {t['people_handled']} 人，"
                                      f"党纪政务处分 {t['sanctions']} 人。")
        else:
            self.totals_label.setText("尚未导入任何单位的材料包。")
        current = self.scope_box.currentData()
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        self.scope_box.addItem(ALL_OFFICES, "")
        for o in offices:
            self.scope_box.addItem(o["name"] or o["office_id"], o["office_id"])
        at = self.scope_box.findData(current) if current else 0
        self.scope_box.setCurrentIndex(max(at, 0))
        self.scope_box.blockSignals(False)
        self._fill_categories()

    def _fill_categories(self) -> None:
        office_id = self.scope_box.currentData()
        by_cat = self.summary["by_category"]
        if office_id:
            by_cat = next((o["by_category"] for o in self.summary["offices"] if o["office_id"] == office_id), {})
        rows = [{"category": cat or "（未分类）", **c} for cat, c in by_cat.items()]
        if rows:
            keys = ("found", "rectified", "people_handled", "sanctions")
            rows.append({"category": "合计", "_total": True, **{k: sum(r[k] for r in rows) for k in keys}})
        self.category_model.set_rows(rows)

    def office_name(self, office_id: str) -> str:
        return next((o["name"] for o in self.summary["offices"] if o["office_id"] == office_id), "")

    # --- importing ------------------------------------------------------------------------------
    def ask_open_path(self) -> Path | None:
        chosen, _f = QFileDialog.getOpenFileName(self, "选择要导入的材料包", str(self.folder), "材料包 (*.zip)")
        return Path(chosen) if chosen else None

    def _say(self, text: str, good: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(OK_STYLE if good else BAD_STYLE)
        self.status_label.show()

    def import_file(self, path: Path | None = None) -> worker.Task | None:
        path = path or self.ask_open_path()
        if path is None:
            return None
        self.folder = path.parent
        store, operator = self.store, self.operator

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> dict[str, Any]:
            return import_package(store, path, operator=operator)

        def done(r: dict[str, Any]) -> None:
            self.import_button.setEnabled(True)
            gap = f"（注意：此前有 {r['missing_before']} 个材料包未导入）" if r.get("missing_before") else ""
            first = "，首次导入，已登记其签名密钥" if r.get("first_import") else ""
            self._say(f"✓ 已导入「{r['office_name'] or r['office_id']}」第 {r['sequence']} 号材料包"
                      f"（问题 {r['problems']} 个{first}）{gap}", True)
            self.refresh()
            self.events.announce("package", by=self)

        def failed(exc: BaseException) -> bool:
            self.import_button.setEnabled(True)
            if isinstance(exc, PackageRejected):
                self._say(f"✗ 未导入 {path.name}：{rejection_text(exc)}", False)
                if exc.check == "key" and exc.details.get("office_id"):
                    self.offer_new_key(path, exc)
                elif exc.check == "office" and exc.details.get("known_office_id"):
                    self.offer_new_office(path, exc)
                return True
            return False

        self.import_button.setEnabled(False)
        self.status_label.clear()
        self.task = worker.run_task(self, f"正在核验并导入 {path.name}…", work, on_success=done, on_failure=failed)
        return self.task

    def offer_new_key(self, path: Path, exc: PackageRejected) -> NewKeyDialog:
        d = exc.details
        dialog = NewKeyDialog(self.office_name(d["office_id"]), d["office_id"], d.get("pinned", ""),
                              d["fingerprint"], self.operator, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        dialog.accepted.connect(lambda: self._accept_key(path, d["office_id"], d["fingerprint"],
                                                         dialog.operator_name()))
        dialog.rejected.connect(lambda: self._say(f"✗ 已拒绝新密钥，{path.name} 未导入。", False))
        self.dialog = dialog
        dialog.open()
        return dialog

    def offer_new_office(self, path: Path, exc: PackageRejected) -> NewOfficeDialog:
        d = exc.details
        dialog = NewOfficeDialog(d["name"], d["office_id"], d["known_office_id"], d["fingerprint"], self.operator, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        dialog.accepted.connect(lambda: self._accept_office(path, d["office_id"], d["fingerprint"],
                                                            dialog.operator_name()))
        dialog.rejected.connect(lambda: self._say(f"✗ 未登记新单位，{path.name} 未导入。", False))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _accept_office(self, path: Path, office_id: str, fingerprint: str, operator: str) -> None:
        try:
            accept_new_office(self.store, office_id, fingerprint, operator)
        except UserError as exc:
            self._say(f"✗ {exc.message}", False)
            return
        self.import_file(path)

    def _accept_key(self, path: Path, office_id: str, fingerprint: str, operator: str) -> None:
        try:
            accept_new_key(self.store, office_id, fingerprint, operator)
        except UserError as exc:
            self._say(f"✗ {exc.message}", False)
            return
        self.import_file(path)
