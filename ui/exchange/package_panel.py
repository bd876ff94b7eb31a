"""「上报材料包」 on the 报告 page: export the package for the supervising bureau, verify a package
(a clear verdict naming the member and the check that failed), the publication list (公示名单)
and the change log's hash-chain check (校验变更日志). All of it runs on the worker.

The package key's passphrase is asked for exactly as the signing flow asks for the signing
passphrase (PassphraseDialog with the reason), only when neither CASEAUDIT_SIGNER_PASSPHRASE nor
the keyring has it; a wrong passphrase is shown in the dialog, which stays open for another try.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import Cancelled, UserError
from app.exchange import (
    CHECK_LABELS,
    PackageRejected,
    export_package,
    key_passphrase_needed,
    office_key,
    verify_package,
)
from app.exchange import verify_log as service_verify_log
from app.office import office_info
from app.publication.export import export_publication
from app.store import Store
from ui.common import worker
from ui.common.messages import show_info
from ui.common.service_dialog import to_date
from ui.signing.sign_flow import passphrase_reason
from ui.signing.signing_dialogs import PassphraseDialog

OK_STYLE = "color:#2e7d32;"
BAD_STYLE = "color:#c62828;"
KEY_NAME = "数据包签名密钥"
NEW_KEY_REASON = ("本单位还没有数据包签名密钥，首次导出时将新建。请设定保护该密钥的口令并牢记"
                  "（有系统密钥环时会保存在其中，否则每次导出时输入）。")


def _safe(text: str) -> str:
    import re

    return re.sub(r'[\\/:*?"<>|\s]+', "", text)[:60]


def package_name(office: str, today: date | None = None) -> str:
    parts = ["材料包", _safe(office), (today or date.today()).isoformat()]
    return "-".join(p for p in parts if p) + ".zip"


def rejection_text(exc: PackageRejected) -> str:
    """member — check：detail, the way the verdicts show a refusal."""
    detail = exc.detail[1:] if exc.detail.startswith("的") else exc.detail
    return f"{exc.member} — {CHECK_LABELS.get(exc.check, exc.check)}：{detail}"


def failed_verdict(exc: PackageRejected) -> str:
    return f"✗ 核验失败：{rejection_text(exc)}"


def good_verdict(office: str, sequence: int) -> str:
    return f"✓ 材料包完整、未被改动、签名有效（单位：{office or '未填写'}，第 {sequence} 号）"


class PeriodDialog(QDialog):
    """公示名单: the range of decision dates (inclusive)."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodDialog")
        self.setWindowTitle("公示名单 · 决定日期范围")
        today = today or date.today()
        self.date_from = QDateEdit(QDate(today.year, 1, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit, name in ((self.date_from, "dateFrom"), (self.date_to, "dateTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.error = QLabel()
        self.error.setStyleSheet(BAD_STYLE)
        self.error.hide()
        form = QFormLayout()
        form.addRow("起始日期", self.date_from)
        form.addRow("截止日期", self.date_to)
        note = QLabel("导出该期间作出的行政处罚决定；自然人只保留姓氏，证件号码、电话、账号和地址一律去除。")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("选择保存位置…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def period(self) -> tuple[date, date]:
        return to_date(self.date_from), to_date(self.date_to)

    def accept(self) -> None:
        start, end = self.period()
        if start > end:
            self.error.setText("起始日期晚于截止日期。")
            self.error.show()
            return
        super().accept()


class PackagePanel(QGroupBox):
    """The group box; `exported(result)` after an export (the store recorded it)."""

    exported = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 folder: Callable[[], Path] | None = None) -> None:
        super().__init__("上报材料包", parent)
        self.setObjectName("packagePanel")
        self.store = store
        self.operator = operator
        self._folder = folder or (lambda: Path.home())
        self.task: worker.Task | None = None
        self.dialog: QDialog | None = None
        self.export_button = self._button("导出材料包…", "exportPackage", lambda: self.export())
        self.unmasked_box = QCheckBox("包含完整证件号码（默认隐去）")
        self.unmasked_box.setObjectName("unmaskedBox")
        self.verify_button = self._button("核验材料包…", "verifyPackage", lambda: self.verify())
        self.publication_button = self._button("公示名单…", "exportPublication", lambda: self.publication())
        self.log_button = self._button("校验变更日志", "verifyLog", lambda: self.verify_log())
        self.result_label = self._label("packageResult")
        self.verdict_label = self._label("packageVerdict")
        col = QVBoxLayout(self)
        col.addWidget(self.export_button)
        col.addWidget(self.unmasked_box)
        col.addWidget(self.result_label)
        col.addWidget(self.verify_button)
        col.addWidget(self.verdict_label)
        col.addWidget(self.publication_button)
        col.addWidget(self.log_button)
        self.result_label.hide()
        self.verdict_label.hide()

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _say(self, label: QLabel, text: str, good: bool | None) -> None:
        label.setText(text)
        label.setStyleSheet("" if good is None else OK_STYLE if good else BAD_STYLE)
        label.show()

    def _busy(self, busy: bool) -> bool:
        for b in (self.export_button, self.verify_button, self.publication_button, self.log_button):
            b.setEnabled(not busy)
        return False

    # --- file choosers (tests replace these) ----------------------------------------------------
    def ask_save_path(self, title: str, name: str, kind: str = "zip") -> Path | None:
        filters = {"zip": "材料包 (*.zip)", "xlsx": "Excel 工作簿 (*.xlsx)"}
        chosen, _f = QFileDialog.getSaveFileName(self, title, str(self._folder() / name), filters[kind])
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == f".{kind}" else path.with_name(f"{path.name}.{kind}")

    def ask_open_path(self, title: str) -> Path | None:
        chosen, _f = QFileDialog.getOpenFileName(self, title, str(self._folder()), "材料包 (*.zip)")
        return Path(chosen) if chosen else None

    def ask_period(self) -> tuple[date, date] | None:
        dialog = PeriodDialog(self)
        return dialog.period() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- export -----------------------------------------------------------------------------------
    def export(self, out: Path | None = None) -> worker.Task | None:
        """Choose where, ask the key passphrase when needed, then export on the worker. Returns the
        task when it started at once (no passphrase to ask)."""
        office = office_info(self.store).get("office_name") or ""
        out = out or self.ask_save_path("导出上报材料包", package_name(office))
        if out is None:
            return None
        if key_passphrase_needed(self.store):
            known = office_key(self.store) is not None
            reason = passphrase_reason() if known else NEW_KEY_REASON
            dialog = PassphraseDialog(reason, KEY_NAME, self, new=not known)  # a new key's: typed twice
            dialog.setObjectName("packagePassphraseDialog")
            dialog.setWindowTitle("输入数据包签名密钥口令")
            dialog.ok_button.setText("导出")
            dialog.entered.connect(lambda secret: self._export(out, secret, dialog))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
            self.dialog = dialog
            dialog.open()
            return None
        return self._export(out, None, None)

    def _export(self, out: Path, secret: str | None, dialog: PassphraseDialog | None) -> worker.Task:
        store, operator, unmasked = self.store, self.operator, self.unmasked_box.isChecked()

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> dict[str, Any]:
            def checked(done: int, total: int, label: str) -> None:
                if cancel() and done < total:
                    raise Cancelled("已取消，未导出材料包。")
                progress(done, total, label)

            return export_package(store, out, passphrase=secret, unmasked=unmasked, operator=operator,
                                  progress=checked)

        def done(result: dict[str, Any]) -> None:
            self._busy(False)
            if dialog is not None:
                dialog.done_ok()
            self._exported(result)

        def failed(exc: BaseException) -> bool:
            self._busy(False)
            if dialog is not None and isinstance(exc, UserError) and not isinstance(exc, Cancelled):
                dialog.show_error(exc.message)  # a wrong passphrase: try again
                return True
            return False

        self._busy(True)
        self.task = worker.run_task(self, "正在导出上报材料包…", work, on_success=done, on_failure=failed)
        return self.task

    def _exported(self, r: dict[str, Any]) -> None:
        note = str(r.get("report_note") or ("整改报告已签名。" if r.get("report_signed") else "整改报告未签名。"))
        masked = "证件号码已隐去" if r.get("masked") else "含完整证件号码"
        members = [str(m) for m in r.get("members") or []]
        forms = [m for m in members if m.startswith("forms/")]
        shown = [m for m in members if not m.startswith("forms/")]
        if forms:
            shown.insert(1 if shown else 0, f"{len(forms)} 张表格")
        text = (f"✓ 已导出第 {r['sequence']} 号材料包：{Path(r['path']).name}\n"
                f"成员 {len(members)} 个：{'、'.join(shown)}\n{note.rstrip('。')}；{masked}。")
        self._say(self.result_label, text, bool(r.get("report_signed")) or None)
        self.result_label.setToolTip(f"{r['path']}\n" + "\n".join(members))
        self.exported.emit(r)

    # --- verify -----------------------------------------------------------------------------------
    def verify(self, path: Path | None = None) -> worker.Task | None:
        path = path or self.ask_open_path("选择要核验的材料包")
        if path is None:
            return None

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> tuple[str, int]:
            vp = verify_package(path, keep=frozenset())
            return vp.office_name, vp.sequence

        def done(result: tuple[str, int]) -> None:
            self._busy(False)
            self._say(self.verdict_label, f"{path.name}\n{good_verdict(*result)}", True)

        def failed(exc: BaseException) -> bool:
            self._busy(False)
            if isinstance(exc, PackageRejected):
                self._say(self.verdict_label, f"{path.name}\n{failed_verdict(exc)}", False)
                return True
            return False

        self._busy(True)
        self.verdict_label.clear()
        self.task = worker.run_task(self, f"正在核验 {path.name}…", work, on_success=done, on_failure=failed)
        return self.task

    # --- publication list -------------------------------------------------------------------------
    def publication(self, out: Path | None = None, period: tuple[date, date] | None = None) -> worker.Task | None:
        period = period or self.ask_period()
        if period is None:
            return None
        start, end = period
        out = out or self.ask_save_path("保存公示名单", f"行政处罚公示-{start.isoformat()}至{end.isoformat()}.xlsx",
                                        "xlsx")
        if out is None:
            return None
        store = self.store

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> dict[str, Any]:
            return export_publication(store, out, date_from=start, date_to=end)

        def done(r: dict[str, Any]) -> None:
            self._busy(False)
            text = f"公示名单已保存：{Path(r['path']).name}（{r['rows']} 条处罚决定）"
            if r.get("calendar_fallback_years"):
                years = "、".join(str(y) for y in r["calendar_fallback_years"])
                text += f"\n注意：{years} 年没有节假日数据，公示截止日期按周末推算。"
            self._say(self.result_label, text, None)
            show_info(self, text, "公示名单")

        self._busy(True)
        self.task = worker.run_task(self, "正在导出公示名单…", work, on_success=done,
                                    on_failure=lambda _e: self._busy(False))
        return self.task

    # --- change log -------------------------------------------------------------------------------
    def verify_log(self) -> worker.Task:
        store = self.store

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> dict[str, Any]:
            return service_verify_log(store)

        def done(r: dict[str, Any]) -> None:
            self._busy(False)
            if r["ok"]:
                self._say(self.verdict_label, f"✓ 变更日志完整（{r['entries']} 条）", True)
            else:
                self._say(self.verdict_label, f"✗ {r['message']}", False)

        self._busy(True)
        self.task = worker.run_task(self, "正在校验变更日志…", work, on_success=done,
                                    on_failure=lambda _e: self._busy(False))
        return self.task
