"""报告 page: the office's details, the outputs (整改报告, 问题清单, 评查表, 整改通知书, the four Excel
forms) produced on the worker and saved where the user chooses, then previewed, printed,
signed (签名) and verified (验证PDF…)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import Cancelled
from app.office import OfficeDetailsMissingError, office_info, require_office_details
from app.recent import remember_output
from app.rectify import service as rectify
from app.reports import (
    case_review_sheet,
    problem_list_pdf,
    rectification_notice,
    rectification_report,
    write_forms,
)
from app.sampling import list_samples
from app.signing import active_signer
from app.store import Store
from ui.common import worker
from ui.common.events import Events, follow
from ui.common.messages import show_info, show_warning
from ui.exchange.package_panel import PackagePanel
from ui.reports.office_dialog import OfficeDialog
from ui.reports.office_refusal import show_office_refusal
from ui.reports.pdf_preview import PdfPreview
from ui.signing.sign_flow import SignFlow
from ui.signing.signing_dialogs import verdict_text

OUTPUTS = {"rectification": "整改报告", "problem_list": "问题清单", "review_sheet": "评查表", "notice": "整改通知书"}
OFFICIAL = ("rectification", "notice")  # numbered official documents: the office name and leader are required
OK_STYLE = "color:#2e7d32;"
BAD_STYLE = "color:#c62828;"


def safe_name(text: str) -> str:
    """A file-name part from a case number or unit (no path separators or reserved characters)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "", text)[:60]


def default_name(kind: str, subject: str = "", today: date | None = None) -> str:
    parts = [OUTPUTS[kind], safe_name(subject), (today or date.today()).isoformat()]
    return "-".join(p for p in parts if p) + ".pdf"


class ReportsPage(QWidget):
    """Announces "office", "reports", "signer" and "package" after its writes; follows the office,
    the latest sample (its case box), the problems (its unit box) and the certificate."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_reports")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.task: worker.Task | None = None
        self.current_pdf: Path | None = None
        self.current_kind = ""
        self.office_dialog: OfficeDialog | None = None
        self.refusal: QWidget | None = None  # the open "cannot issue" box (tests reach it here)
        self.folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                           or str(Path.home()))
        self.sign_flow = SignFlow(store, self, operator=operator)
        self.sign_flow.signed.connect(self._signed)
        self.sign_flow.verified.connect(lambda v: self._show_verdict(v))

        self.office_labels = {key: QLabel() for key in ("office_name", "principal_leader", "doc_prefix")}
        for key, label in self.office_labels.items():
            label.setObjectName(key)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.office_button = self._button("修改单位信息…", "editOffice", self.edit_office)

        self.report_button = self._button("整改报告…", "produceReport", lambda: self.produce("rectification"))
        self.list_button = self._button("问题清单（PDF）…", "produceList", lambda: self.produce("problem_list"))
        self.case_box = QComboBox()
        self.case_box.setObjectName("caseBox")
        self.case_box.setEditable(True)
        case_edit = self.case_box.lineEdit()
        assert case_edit is not None  # an editable combo box has one
        case_edit.setPlaceholderText("案号")
        self.review_button = self._button("评查表…", "produceReview", lambda: self.produce("review_sheet"))
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitBox")
        self.notice_button = self._button("整改通知书…", "produceNotice", lambda: self.produce("notice"))
        self.forms_button = self._button("导出四张表格…", "exportForms", lambda: self.export_forms())
        self.letters_button = self._button("发文（监督函、建议书、移送函、通报）…", "issueLetters", self.issue_letters)

        self.file_label = QLabel("尚未生成文件。")
        self.file_label.setObjectName("fileLabel")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sign_button = self._button("签名", "signButton", self.sign_current)
        self.sign_button.setEnabled(False)
        self.verify_button = self._button("验证PDF…", "verifyButton", lambda: self.verify_file())
        self.signer_label = QLabel()
        self.signer_label.setObjectName("signerLabel")
        self.signer_label.setWordWrap(True)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdictLabel")
        self.verdict_label.setWordWrap(True)
        self.preview = PdfPreview()
        self.package_panel = PackagePanel(store, self, operator=operator, folder=lambda: self.folder)
        self.package_panel.exported.connect(lambda _r: self.events.announce("package", by=self))
        self._layout()
        self.refresh()
        follow(self.events, self, ("office", "sample", "problems", "signer"), self.refresh)

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    def _layout(self) -> None:
        office = QGroupBox("单位信息")
        form = QFormLayout(office)
        form.addRow("单位名称", self.office_labels["office_name"])
        form.addRow("主要负责人", self.office_labels["principal_leader"])
        form.addRow("文号前缀", self.office_labels["doc_prefix"])
        form.addRow("", self.office_button)
        outputs = QGroupBox("生成")
        col = QVBoxLayout(outputs)
        col.addWidget(self.report_button)
        col.addWidget(self.list_button)
        for combo, button in ((self.case_box, self.review_button), (self.unit_box, self.notice_button)):
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            row.addWidget(button)
            col.addLayout(row)
        col.addWidget(self.forms_button)
        col.addWidget(self.letters_button)
        hint = QLabel("PDF 生成后在右侧预览，可打印、签名。")
        hint.setStyleSheet("color:#616161;")
        hint.setWordWrap(True)
        col.addWidget(hint)
        signing = QGroupBox("当前文件 · 签名")
        scol = QVBoxLayout(signing)
        scol.addWidget(self.file_label)
        row = QHBoxLayout()
        row.addWidget(self.sign_button)
        row.addWidget(self.verify_button)
        scol.addLayout(row)
        scol.addWidget(self.verdict_label)
        scol.addWidget(self.signer_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for box in (office, outputs, signing, self.package_panel):
            left_layout.addWidget(box)
        left_layout.addStretch(1)
        scroll = QScrollArea()  # the groups are taller than a small screen
        scroll.setObjectName("reportsLeft")
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(left.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([370, 830])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # --- reading the store --------------------------------------------------------------------
    def refresh(self) -> None:
        info = office_info(self.store)
        for key, label in self.office_labels.items():
            label.setText(info.get(key) or "（未填写）")
        text = self.case_box.currentText()
        self.case_box.clear()
        samples = list_samples(self.store)
        if samples:
            self.case_box.addItems(samples[0]["sample"])
        self.case_box.setEditText(text)
        unit = self.unit_box.currentText()
        self.unit_box.clear()
        open_units = {p["unit"] for p in rectify.list_problems(self.store) if p["unit"] and p["status"] != "已销号"}
        self.unit_box.addItems(sorted(open_units))
        if unit:
            self.unit_box.setCurrentText(unit)
        signer = active_signer(self.store)
        self.signer_label.setText(f"签名证书：{signer['name']}" if signer else "尚未设置签名证书（签名时可新建）。")

    def edit_office(self) -> OfficeDialog:
        dialog = OfficeDialog(self.store, self, operator=self.operator)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _info: self._office_saved())
        self.office_dialog = dialog
        dialog.open()
        return dialog

    # --- producing ----------------------------------------------------------------------------
    def _office_saved(self) -> None:
        self.refresh()
        self.events.announce("office", by=self)

    def ask_save_path(self, title: str, name: str) -> Path | None:
        chosen, _f = QFileDialog.getSaveFileName(self, title, str(self.folder / name), "PDF 文件 (*.pdf)")
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def ask_folder(self, title: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, title, str(self.folder))
        return Path(chosen) if chosen else None

    def produce(self, kind: str, out: Path | None = None) -> worker.Task | None:
        subject = ""
        if kind == "review_sheet":
            subject = self.case_box.currentText().strip()
            if not subject:
                show_warning(self, "请先选择或输入要生成评查表的案号。")
                return None
        elif kind == "notice":
            subject = self.unit_box.currentText().strip()
            if not subject:
                show_warning(self, "没有尚未销号问题的单位，无需发整改通知书。")
                return None
        if kind in OFFICIAL:
            try:  # asked before the save dialog: no file is chosen for a document that cannot be made
                require_office_details(office_info(self.store), OUTPUTS[kind])
            except OfficeDetailsMissingError as exc:
                self.refusal = show_office_refusal(self, exc, self.edit_office)
                return None
        out = out or self.ask_save_path(f"保存{OUTPUTS[kind]}", default_name(kind, subject))
        if out is None:
            return None
        self.folder = out.parent
        store = self.store

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> Path:
            if kind == "rectification":
                return rectification_report(store, out, progress=progress, cancel=cancel)
            if kind == "problem_list":
                return problem_list_pdf(store, out, progress=progress, cancel=cancel)
            if kind == "review_sheet":
                return case_review_sheet(store, subject, out, progress=progress, cancel=cancel)
            return rectification_notice(store, subject, out, progress=progress, cancel=cancel)

        self._busy(True)
        self.task = worker.run_task(self, f"正在生成{OUTPUTS[kind]}…", work,
                                    on_success=lambda path: self._produced(Path(path), kind),
                                    on_failure=self._failed)
        return self.task

    def issue_letters(self) -> QDialog:
        """The documents dialog; what it issues or opens is shown in this page's preview."""
        from ui.rectify.documents_dialog import DocumentsDialog

        dialog = DocumentsDialog(self.store, self, operator=self.operator, folder=self.folder)
        dialog.page_previews = True
        dialog.opened.connect(lambda path: self.show_pdf(Path(path), "report"))
        dialog.issued.connect(lambda _r: self.events.announce("reports", "problems", by=self))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.letters_dialog = dialog
        dialog.open()
        return dialog

    def export_forms(self, folder: Path | None = None) -> worker.Task | None:
        folder = folder or self.ask_folder("选择保存四张表格的文件夹")
        if folder is None:
            return None
        store = self.store

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> list[Path]:
            def checked(done: int, total: int, label: str) -> None:
                if cancel():
                    raise Cancelled("已取消，未写入表格。")
                progress(done, total, label)

            return write_forms(store, folder, progress=checked)

        def done(paths: list[Path]) -> None:
            self._busy(False)
            for p in paths:
                remember_output(Path(p), "表格")
            show_info(self, f"已导出到 {folder}：\n" + "\n".join(Path(p).name for p in paths), "导出四张表格")

        self._busy(True)
        self.task = worker.run_task(self, "正在导出四张表格…", work, on_success=done,
                                    on_failure=lambda _e: self._busy(False))
        return self.task

    def _failed(self, exc: BaseException) -> bool:
        self._busy(False)
        if isinstance(exc, OfficeDetailsMissingError):  # cleared in another window meanwhile
            self.refusal = show_office_refusal(self, exc, self.edit_office)
            return True
        return False  # let the worker show the message

    def _busy(self, busy: bool) -> bool:
        for b in (self.report_button, self.list_button, self.review_button, self.notice_button, self.forms_button):
            b.setEnabled(not busy)
        self.sign_button.setEnabled(not busy and self.current_pdf is not None)
        return False  # as an on_failure handler: let the worker show the message

    def _produced(self, path: Path, kind: str) -> None:
        self._busy(False)
        remember_output(path, OUTPUTS.get(kind, kind))  # 文件 → 最近生成的文件
        self.show_pdf(path, kind)

    def show_pdf(self, path: Path, kind: str = "report") -> None:
        self.current_pdf, self.current_kind = path, kind
        self.file_label.setText(f"{path.name}（未签名）")
        self.file_label.setToolTip(str(path))
        self.verdict_label.clear()
        self.sign_button.setEnabled(True)
        self.preview.load(path)

    # --- signing ------------------------------------------------------------------------------
    def sign_current(self) -> None:
        if self.current_pdf is not None:
            self.sign_flow.sign(self.current_pdf, kind=self.current_kind or "report")

    def _signed(self, info: dict[str, Any], verdict: dict[str, Any]) -> None:
        path = Path(info["path"])
        self.file_label.setText(f"{path.name}（已签名）")
        self.sign_button.setEnabled(False)  # a signed report is not changed again
        self._show_verdict(verdict)
        self.preview.load(path)
        self.refresh()
        self.events.announce("reports", "signer", by=self)  # signing may have made the certificate

    def _show_verdict(self, verdict: dict[str, Any]) -> None:
        good = bool(verdict.get("intact") and verdict.get("trusted"))
        self.verdict_label.setText(f"{Path(verdict.get('file', '')).name}：{verdict_text(verdict)}")
        self.verdict_label.setStyleSheet(OK_STYLE if good else BAD_STYLE)

    def verify_file(self, path: Path | None = None) -> worker.Task | None:
        if path is None:
            chosen, _f = QFileDialog.getOpenFileName(self, "选择要验证的 PDF", str(self.folder), "PDF 文件 (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        return self.sign_flow.verify(path)
