"""「排除」: why a finding is not a problem. The reason is required — an empty one is refused
here with a message, and again by `dismiss_finding` (which keeps the reason across runs). Given
several findings, one reason dismisses them all at once (`dismiss_findings`, all or nothing).

The dismissal hands back the findings' versions as the page showed them. When another desk
changed one since, the clerk is asked: 重新载入 reads them again (and the page its list), the
reason typed stays in the dialog to send again; 取消 leaves the refusal shown in red."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.audit import service as audit
from app.concurrency import StaleRecordError
from app.errors import UserError
from app.store import Store
from ui.audit.audit_text import code_label, status_label
from ui.common.discard import DiscardGuard
from ui.common.stale_prompt import reload_or_raise

ERROR_COLOR = "#c62828"


class DismissDialog(DiscardGuard):
    """Emits `dismissed(finding)` after the store recorded the dismissal, and `reloaded()` after
    it read the findings again for a refused one (the page then reads its list again)."""

    dismissed = Signal(object)
    reloaded = Signal()

    def __init__(self, store: Store, finding: dict | list[dict], parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("dismissDialog")
        self.findings = list(finding) if isinstance(finding, list) else [finding]
        self.finding = self.findings[0]
        many = len(self.findings) > 1
        self.setWindowTitle(f"排除 {len(self.findings)} 条问题线索" if many else "排除问题线索")
        self.store = store
        self.operator = operator
        if many:
            listed = "<br>".join(f"#{f['id']}　{code_label(f['code'])}　{f.get('case_no') or f.get('receipt_no') or ''}"
                                 for f in self.findings[:8])
            more = f"<br>…… 共 {len(self.findings)} 条" if len(self.findings) > 8 else ""
            what = QLabel(f"以同一理由排除以下 {len(self.findings)} 条问题线索：<br>{listed}{more}")
        else:
            f = self.finding
            what = QLabel(f"<b>{code_label(f['code'])}</b>　{f.get('case_no') or f.get('receipt_no') or ''}"
                          f"<br>{f.get('message') or ''}")
        what.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("如：经核对，该笔收据已在2019年补充台账中登记，见补录表第3页。")
        self.reason.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("排除")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(QLabel("排除理由（必填，将记入变更日志，再次倒查时保持已排除）："))
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    def accept(self) -> None:
        text = self.reason.toPlainText().strip()
        if not text:
            self._refuse("请填写排除理由：没有理由不能排除问题线索。")
            return
        try:
            try:
                result = self._dismiss(text)
            except StaleRecordError as stale:
                reload_or_raise(self, stale, self._reload)
        except UserError as exc:
            self._refuse(exc.message)
            return
        self.dismissed.emit(result)
        super().accept()

    def _dismiss(self, reason: str) -> object:
        if len(self.findings) > 1:
            return audit.dismiss_findings(self.store, [int(f["id"]) for f in self.findings], reason,
                                          operator=self.operator,
                                          expected_versions={int(f["id"]): int(f["row_version"]) for f in self.findings})
        return audit.dismiss_finding(self.store, int(self.finding["id"]), reason, operator=self.operator,
                                     expected_version=self.finding.get("row_version"))

    def _reload(self) -> str:
        """Read the findings again (their new versions), have the page read its list, and say
        what each is now."""
        self.findings = [audit.get_finding(self.store, int(f["id"])) for f in self.findings]
        self.finding = self.findings[0]
        self.reloaded.emit()
        return "；".join(f"#{f['id']} 现为{status_label(f['status'])}"
                        + (f"（理由：{f['dismiss_reason']}）" if f.get("dismiss_reason") else "")
                        for f in self.findings[:8])

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.reason.setFocus()
