"""发文: the documents that carry the dispositions out of the office — 行政执法监督函, 监督建议书,
纪律检查建议书, 移送函, 通报 — issued from the window, and the register of every document issued
with its number (文号 from the office's sequence), opened again in the preview.

The service picks what goes in (app.reports.doc_letters): the unit's problems carrying a
disposition of that kind not yet sent, the problems referred to that body, or the typical-case
register for a 通报. The dialog says beforehand which problems that will be, and shows the
service's refusal (nothing pending, no unit …) in red, staying open. A document is opened from
the folder it was saved in; a file changed since it was issued (its SHA-256 differs) is named.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rectify import service as rectify
from app.rectify.dispositions import REFERRALS
from app.reports.doc_letters import LETTER_KINDS, issue_letter, kind_of, letter_data
from app.reports.docnumbers import file_sha256, list_documents
from app.store import Store
from ui.common.service_dialog import ERROR_COLOR, date_edit, to_date
from ui.common.table_view import make_sheet

HEADERS = ("文号", "种类", "成文日期", "主送", "标题", "文件")
BROADCAST = "各行政执法单位"  # a 通报's default addressee


# The services' hints name the command line; in the window the same step is a button.
WINDOW_WORDS = (("（先用 dispose 记录处置，或用 --problem 指定问题）", "（先在问题整改页用「分类处置…」记录处置）"),
                ("（先用 typical add 登记）", "（先在「专项工作 ▸ 典型案例登记…」中登记）"),
                ("（--to，如 纪检监察机关）", "（如 纪检监察机关）"), ("（--unit）", ""))


def in_window_words(message: str) -> str:
    for cli, window in WINDOW_WORDS:
        message = message.replace(cli, window)
    return message


def safe_part(text: str) -> str:
    return "".join(ch for ch in text if ch not in '\\/:*?"<>|' and not ch.isspace())[:40]


class DocumentsDialog(QDialog):
    """Emits `issued(record)` after a document is issued and `opened(path)` when one is opened."""

    issued = Signal(object)
    opened = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 folder: Path | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsDialog")
        self.setWindowTitle("发文：监督函、建议书、移送函、通报")
        self.store = store
        self.operator = operator
        self.folder = folder or Path.home()
        self.documents: list[dict[str, Any]] = []
        self.preview: QDialog | None = None
        self.page_previews = False  # True: the page showing `opened` files has its own preview

        self.kind = QComboBox()
        self.kind.setObjectName("letterKind")
        for short, full in LETTER_KINDS.items():
            self.kind.addItem(full, short)
        self.unit = QComboBox()
        self.unit.setObjectName("letterUnit")
        self.unit.setEditable(True)
        self.unit.addItems(sorted({p["unit"] for p in rectify.list_problems(store) if p["unit"]}))
        self.to = QComboBox()
        self.to.setObjectName("letterTo")
        self.to.setEditable(True)
        self.issued_on = date_edit(today, "letterDate")
        self.folder_edit = QLineEdit(str(self.folder))
        self.folder_edit.setObjectName("letterFolder")
        browse = QPushButton("选择…")
        browse.clicked.connect(self.choose_folder)
        self.pending = QLabel()
        self.pending.setObjectName("pendingText")
        self.pending.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color:{ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.issue_button = QPushButton("生成并编号")
        self.issue_button.setObjectName("issueLetter")
        self.issue_button.clicked.connect(lambda: self.issue())

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("issuedDocuments")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        make_sheet(self.table, title="已发文书", key="issuedDocuments", frozen=False)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.open_button = QPushButton("打开所选…")
        self.open_button.setObjectName("openDocument")
        self.open_button.clicked.connect(lambda: self.open_selected())
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)

        box = QGroupBox("发文")
        form = QFormLayout(box)
        form.addRow("文书种类", self.kind)
        self.unit_label, self.to_label = QLabel("发往单位"), QLabel("移送机关")
        form.addRow(self.unit_label, self.unit)
        form.addRow(self.to_label, self.to)
        form.addRow("成文日期", self.issued_on)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        form.addRow("保存到", folder_row)
        form.addRow(self.pending)
        form.addRow(self.error)
        form.addRow("", self.issue_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(QLabel("已发文书（文号取自本单位的发文字号序列）"))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(900, 640)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_chosen())
        self.unit.currentTextChanged.connect(lambda _t: self.show_pending())
        self.to.currentTextChanged.connect(lambda _t: self.show_pending())
        self._kind_chosen()
        self.refresh()

    # --- what will be issued ------------------------------------------------------------------
    def current_kind(self) -> str:
        return kind_of(str(self.kind.currentData()))

    def _kind_chosen(self) -> None:
        kind = self.current_kind()
        to_unit = kind not in ("移送函", "通报")
        self.unit_label.setText("发往单位" if to_unit else "涉及单位（可空）")
        self.unit.setEnabled(kind != "通报")
        self.to.blockSignals(True)
        self.to.clear()
        if kind == "移送函":
            self.to.addItems([r for r in REFERRALS if r])
        elif kind == "通报":
            self.to.addItem(BROADCAST)
        self.to.blockSignals(False)
        self.to.setEnabled(not to_unit)
        self.to_label.setText("移送机关" if kind == "移送函" else "主送")
        self.show_pending()

    def _args(self) -> tuple[str, str]:
        """(unit, to) as the service takes them for the chosen kind."""
        kind = self.current_kind()
        unit = self.unit.currentText().strip() if kind != "通报" else ""
        to = self.to.currentText().strip() if kind in ("移送函", "通报") else ""
        return unit, to

    def show_pending(self) -> str:
        """Which problems (or typical cases) the service would put in the document now."""
        try:
            unit, to = self._args()
            data = letter_data(self.store, self.current_kind(), unit=unit, to=to, as_of=to_date(self.issued_on))
        except UserError as exc:
            text = f"暂不能发文：{in_window_words(exc.message)}"
        else:
            if data["kind"] == "通报":
                text = f"将通报典型案例 {len(data['cases'])} 起：" + "、".join(c["title"] for c in data["cases"])
            else:
                text = f"将列入 {len(data['problems'])} 个尚未发文的问题：" + "、".join(
                    f"#{p['id']} {p['category']}" for p in data["problems"])
        self.pending.setText(text)
        return text

    # --- issuing --------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择保存文书的文件夹", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def out_path(self) -> Path:
        unit, to = self._args()
        subject = safe_part(unit or to)
        name = "-".join(p for p in (self.current_kind(), subject, to_date(self.issued_on).isoformat()) if p)
        return Path(self.folder_edit.text().strip() or str(self.folder)) / f"{name}.pdf"

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def issue(self) -> dict[str, Any] | None:
        out = self.out_path()
        if not out.parent.is_dir():
            self.show_error(f"文件夹 {out.parent} 不存在，请重新选择。")
            return None
        unit, to = self._args()
        try:
            record = issue_letter(self.store, self.current_kind(), out, unit=unit, to=to,
                                  as_of=to_date(self.issued_on), operator=self.operator)
        except UserError as exc:
            self.show_error(in_window_words(exc.message))
            return None
        self.show_error("")
        self.folder = out.parent
        self.refresh()
        self.show_pending()
        self.issued.emit(record)
        self.open_path(out, record["kind"])
        return record

    # --- the register -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.documents = [d for d in list_documents(self.store) if d["kind"] in LETTER_KINDS.values()]
        self.table.setRowCount(len(self.documents))
        for r, d in enumerate(self.documents):
            for c, value in enumerate((d["doc_no"], d["kind"], d["issued_on"], d["addressee"], d["title"],
                                       d["file_name"])):
                self.table.setItem(r, c, QTableWidgetItem(str(value or "")))
        self.open_button.setEnabled(bool(self.documents))

    def open_selected(self, path: Path | None = None) -> Path | None:
        """Open the chosen document from the folder it was saved in (asked for when it is not
        there); a file whose SHA-256 is not the one recorded at issue is opened but named."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.documents):
            self.show_error("请先在已发文书中选中一份。")
            return None
        d = self.documents[row]
        path = path or self.folder / d["file_name"]
        if not path.is_file():
            chosen, _f = QFileDialog.getOpenFileName(self, f"找不到 {d['file_name']}，请指出文件位置",
                                                     str(self.folder), "PDF 文件 (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        if d["sha256"] and file_sha256(path) != d["sha256"]:
            self.show_error(f"{path.name} 与 {d['doc_no']} 发文时登记的文件不一致（SHA-256 不同），可能已被修改。")
        else:
            self.show_error("")
        self.open_path(path, d["kind"])
        return path

    def open_path(self, path: Path, title: str) -> None:
        from ui.reports.preview_dialog import show_preview

        self.opened.emit(path)
        if not self.page_previews:
            self.preview = show_preview(path, self, title, reuse=self.preview)
