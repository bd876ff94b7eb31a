"""抽查: draw a reproducible random sample of case files (DOMAIN.md §3.3).

Method, size (N or a fraction) and seed → `draw_sample` on the worker helper → the list, with
the population size and its SHA-256 so the supervising bureau can re-draw the same sample from
the same list and seed. The list copies to the clipboard as tab-separated text (pastes into
Excel as columns); every draw is recorded by the service.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.amounts import format_fen
from app.errors import UserError
from app.sampling import draw_sample
from app.store import Store
from ui.common import worker
from ui.common.formatting import cell_text
from ui.common.messages import show_user_error
from ui.common.table_view import make_sheet

# key → (label, service keyword arguments besides seed and size)
METHODS: dict[str, tuple[str, dict[str, Any]]] = {
    "simple": ("简单随机（按数量）", {"method": "simple"}),
    "fraction": ("简单随机（按比例）", {"method": "simple"}),
    "by_unit": ("按执法单位分层（按数量）", {"method": "simple", "by_unit": True}),
    "mus": ("金额单位抽样（MUS，按数量）", {"method": "mus"}),
}
METHOD_NAMES = {"simple": "简单随机", "stratified": "按执法单位分层", "mus": "金额单位抽样"}
HEADERS = ("序号", "案号", "当事人", "执法单位", "罚款金额（元）")
DEFAULT_N = 100


def default_seed() -> int:
    """Today as 20190305: easy to write on the draw record and to type again."""
    return int(date.today().strftime("%Y%m%d"))


class SampleDialog(QDialog):
    """Emits `drawn(result)` with the service's sample dict."""

    drawn = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("sampleDialog")
        self.setWindowTitle("随机抽查案卷")
        self.store = store
        self.operator = operator
        self.drawn_sample: dict[str, Any] | None = None
        self.task: worker.Task | None = None

        self.method = QComboBox()
        self.method.setObjectName("method")
        for key, (label, _kw) in METHODS.items():
            self.method.addItem(label, key)
        self.n = QSpinBox()
        self.n.setObjectName("n")
        self.n.setRange(1, 1_000_000)
        self.n.setValue(DEFAULT_N)
        self.n.setSuffix(" 件")
        self.fraction = QLineEdit("0.1")
        self.fraction.setObjectName("fraction")
        self.fraction.setPlaceholderText("如 0.1 表示 10%")
        self.seed = QLineEdit(str(default_seed()))
        self.seed.setObjectName("seed")
        self.seed.setValidator(QIntValidator(0, 2_147_483_647, self))
        self.random_button = QPushButton("随机生成")
        self.random_button.setObjectName("randomSeed")
        self.random_button.clicked.connect(self.new_seed)
        self.draw_button = QPushButton("抽取")
        self.draw_button.setObjectName("drawButton")
        self.draw_button.setDefault(True)
        self.draw_button.clicked.connect(self.draw)
        self.copy_button = QPushButton("复制清单")
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        close_button = QPushButton("关闭")
        close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("抽样方法", self.method)
        self.n_label, self.fraction_label = QLabel("样本量"), QLabel("抽样比例")
        form.addRow(self.n_label, self.n)
        form.addRow(self.fraction_label, self.fraction)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.random_button)
        form.addRow("随机种子", seed_row)
        hint = QLabel("同一案卷总体、同一种子和方法，总能抽出同一份清单。")
        hint.setStyleSheet("color:#616161;")
        form.addRow("", hint)

        self.info = QLabel("尚未抽取。")
        self.info.setObjectName("info")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("sampleTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        for col, width in enumerate((48, 210, 230, 240)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        make_sheet(self.table, title="抽查样本", frozen=False)  # copy, export, print

        buttons = QHBoxLayout()
        buttons.addWidget(self.draw_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.method.currentIndexChanged.connect(lambda _i: self._method_changed())
        self._method_changed()
        self.resize(900, 620)

    def _method_changed(self) -> None:
        by_fraction = self.method.currentData() == "fraction"
        for count_widget in (self.n, self.n_label):
            count_widget.setVisible(not by_fraction)
        for fraction_widget in (self.fraction, self.fraction_label):
            fraction_widget.setVisible(by_fraction)

    def new_seed(self) -> None:
        self.seed.setText(str(secrets.randbelow(100_000_000)))

    def options(self) -> dict[str, Any]:
        """The service's keyword arguments for the current choices (UserError when incomplete)."""
        text = self.seed.text().strip()
        if not text.isdigit():
            raise UserError("请填写随机种子（非负整数），或点「随机生成」。")
        key = self.method.currentData()
        kwargs: dict[str, Any] = {"seed": int(text), **METHODS[key][1]}
        if key == "fraction":
            fraction = self.fraction.text().strip().rstrip("%")
            if not fraction:
                raise UserError("请填写抽样比例，如 0.1。")
            if self.fraction.text().strip().endswith("%"):
                try:
                    fraction = str(float(fraction) / 100)
                except ValueError:
                    raise UserError(f"抽样比例「{self.fraction.text()}」无法识别。") from None
            kwargs["fraction"] = fraction
        else:
            kwargs["n"] = self.n.value()
        return kwargs

    def draw(self) -> worker.Task | None:
        try:
            kwargs = self.options()
        except UserError as exc:
            show_user_error(self, exc)
            return None
        self.draw_button.setEnabled(False)

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> dict[str, Any]:
            return draw_sample(self.store, operator=self.operator, **kwargs)

        def failed(_exc: BaseException) -> bool:
            self.draw_button.setEnabled(True)
            return False

        self.task = worker.run_task(self, "正在抽取样本…", work, on_success=self._drawn, on_failure=failed)
        return self.task

    def _drawn(self, result: dict[str, Any]) -> None:
        self.draw_button.setEnabled(True)
        self.drawn_sample = result
        cases = result["cases"]
        self.table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            values = (str(row + 1), case["case_no"], case["party"], case["unit"],
                      format_fen(case["fine_fen"]) if case["fine_fen"] is not None else "")
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col in (0, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        method = METHOD_NAMES.get(result["method"], result["method"])
        self.info.setText(f"{method}，随机种子 {result['seed']}：从 {result['population']:,} 件案卷中抽取 "
                          f"{len(cases):,} 件（抽样记录第 {result['sample_id']} 号）。\n"
                          f"总体清单 SHA-256：{result['population_sha256']}")
        self.copy_button.setEnabled(bool(cases))
        self.drawn.emit(result)

    def sample_case_nos(self) -> list[str]:
        return [cell_text(self.table, r, 1) for r in range(self.table.rowCount())]

    def tsv(self) -> str:
        """The list as Excel pastes it: a few header lines, then one row per case."""
        if self.drawn_sample is None:
            return ""
        r = self.drawn_sample
        lines = [f"抽样方法\t{METHOD_NAMES.get(r['method'], r['method'])}", f"随机种子\t{r['seed']}",
                 f"总体数量\t{r['population']}", f"总体SHA-256\t{r['population_sha256']}", "", "\t".join(HEADERS)]
        for row in range(self.table.rowCount()):
            lines.append("\t".join(cell_text(self.table, row, c) for c in range(len(HEADERS))))
        return "\r\n".join(lines) + "\r\n"

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.tsv())
        self.info.setText(self.info.text().split("\n（已复制")[0] + "\n（已复制到剪贴板，可直接粘贴到 Excel。）")
