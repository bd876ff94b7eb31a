"""接受新密钥？ — shown when an office's package is signed by another key than the one pinned at
its first import. Shows both fingerprints in blocks of four hex digits so they can be read out
over the telephone, a plain warning, the operator (required: the acceptance is recorded under
that name), and 「接受新密钥并导入」 / 「拒绝」."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

WARNING = ("该单位本次材料包使用的签名密钥与首次导入时登记的密钥不同。只有在已通过电话或公文等其他途径"
           "向该单位核实其确已更换密钥、且新指纹与下方一致时，才可接受；否则可能是伪造的材料包，请拒绝。")


def grouped(fingerprint: str) -> str:
    """'ab12cd34…' → 'AB12 CD34 …' (blocks of 4, eight blocks per line)."""
    fp = (fingerprint or "").upper()
    blocks = [fp[i:i + 4] for i in range(0, len(fp), 4)]
    return "\n".join(" ".join(blocks[i:i + 8]) for i in range(0, len(blocks), 8))


class NewKeyDialog(QDialog):
    def __init__(self, office: str, office_id: str, pinned: str, new: str, operator: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newKeyDialog")
        self.setWindowTitle("单位签名密钥已更换")
        self.office_id, self.fingerprint = office_id, new
        self.title_label = title = QLabel(f"单位「{office or office_id}」的签名密钥已更换")
        title.setObjectName("title")
        title.setStyleSheet("font-weight:bold;")
        self.warning = QLabel(WARNING)
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#c62828;")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.pinned_label = QLabel(grouped(pinned))
        self.new_label = QLabel(grouped(new))
        for label, name in ((self.pinned_label, "pinnedFingerprint"), (self.new_label, "newFingerprint")):
            label.setObjectName(name)
            label.setFont(mono)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_label.setStyleSheet("font-weight:bold;")
        self.operator = QLineEdit(operator)
        self.operator.setObjectName("operator")
        self.operator.setPlaceholderText("确认人姓名（记入变更日志）")
        form = QFormLayout()
        form.addRow("单位", QLabel(f"{office}（标识 {office_id}）" if office else office_id))
        form.addRow("已登记的密钥指纹", self.pinned_label)
        form.addRow("本次材料包的密钥指纹", self.new_label)
        form.addRow("确认人 *", self.operator)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.accept_button = QPushButton("接受新密钥并导入")
        self.accept_button.setObjectName("acceptKey")
        self.reject_button = QPushButton("拒绝")
        self.reject_button.setObjectName("rejectKey")
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.reject_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reject_button.setDefault(True)  # Enter does not accept a key by accident
        self.accept_button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def operator_name(self) -> str:
        return self.operator.text().strip()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        if not self.operator_name():
            self.show_error("请填写确认人：接受新密钥会以此姓名记入变更日志。")
            return
        super().accept()


OFFICE_WARNING = ("这个材料包来自一个从未登记过的单位标识，但它使用的单位名称已属于另一个已登记的单位。"
                  "两个同名单位会在汇总中被合计为一行。只有在已通过电话或公文核实这确是另一个单位"
                  "（例如同名的区县机构）后，才可登记；否则可能是冒名的材料包，请拒绝。")


class NewOfficeDialog(NewKeyDialog):
    """登记同名的新单位？ — a first package from a new office id under a name another office already
    holds (PackageRejected check "office"). The same layout as the new-key dialog: the known
    office's id and the newcomer's fingerprint, a warning, the operator, 「登记为另一个单位并导入」."""

    def __init__(self, name: str, office_id: str, known_office_id: str, fingerprint: str,
                 operator: str = "", parent: QWidget | None = None) -> None:
        super().__init__(name, office_id, "", fingerprint, operator, parent)
        self.setObjectName("newOfficeDialog")
        self.setWindowTitle("同名的新单位")
        self.title_label.setText(f"新的单位标识 {office_id} 使用了已登记单位的名称「{name}」")
        self.warning.setText(OFFICE_WARNING)
        self.pinned_label.setText(f"已登记的同名单位：标识 {known_office_id}")
        self.pinned_label.setFont(self.title_label.font())
        self.accept_button.setText("登记为另一个单位并导入")
        self.accept_button.setObjectName("acceptOffice")

    def accept(self) -> None:
        if not self.operator_name():
            self.show_error("请填写确认人：登记新单位会以此姓名记入变更日志。")
            return
        QDialog.accept(self)
