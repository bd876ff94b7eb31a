"""设置: the office's details, the report font, the backup folder and rotation, the signing
certificate. Also the two system pages' place in the navigation (备份 · 设置).

The report font is kept by app.reports.font_setting (settings key `report.font_path`; the
file is checked there: it must embed in a PDF).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actor import logged_in
from app.backups import BackupSettings, backup_folder, backup_settings, save_backup_settings
from app.errors import UserError
from app.office import office_info, set_office_info
from app.reports.font_setting import REPORT_FONT_KEY, set_report_font
from app.store import Store, read_settings
from ui.common.events import Events, follow
from ui.common.messages import show_info, show_user_error
from ui.system.accounts_dialog import AccountsDialog, OwnPasswordDialog
from ui.system.login_dialog import account_text
from ui.system.role_gate import gate_by_role

OFFICE_FIELDS = (("office_name", "单位名称 *"), ("office_unit", "执法单位/部门"),
                 ("principal_leader", "主要负责人"), ("doc_prefix", "文号前缀"))


class SettingsPage(QWidget):
    """Announces "office", "settings" or "signer" after a save; follows them (报告 edits the office too)."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self._office_box())
        column.addWidget(self._font_box())
        column.addWidget(self._backup_box())
        column.addWidget(self._signer_box())
        column.addWidget(self._accounts_box())
        column.addStretch(1)
        for button in (self.office_save, self.backup_save, *self.font_buttons):
            gate_by_role(button, store, "settings.write")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()
        follow(self.events, self, ("office", "settings", "signer"), self.refresh)

    # --- building ----------------------------------------------------------------------------------
    def _office_box(self) -> QGroupBox:
        box = QGroupBox("单位信息（报告的落款与签名栏）")
        form = QFormLayout(box)
        self.office_edits: dict[str, QLineEdit] = {}
        for key, label in OFFICE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            form.addRow(label, edit)
            self.office_edits[key] = edit
        self.office_save = QPushButton("保存单位信息")
        self.office_save.setObjectName("saveOffice")
        self.office_save.clicked.connect(self.save_office)
        form.addRow("", self.office_save)
        return box

    def _font_box(self) -> QGroupBox:
        box = QGroupBox("报表字体（嵌入 PDF 的 TrueType 字体）")
        row = QHBoxLayout(box)
        self.font_label = QLabel()
        self.font_label.setObjectName("fontPath")
        self.font_label.setWordWrap(True)
        choose = QPushButton("选择字体文件…")
        self.font_buttons: list[QPushButton] = [choose]
        choose.clicked.connect(self._browse_font)
        reset = QPushButton("恢复默认")
        self.font_buttons.append(reset)
        reset.setObjectName("resetFont")
        reset.clicked.connect(lambda: self.choose_font(None))
        row.addWidget(self.font_label, 1)
        row.addWidget(choose)
        row.addWidget(reset)
        return box

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("备份（启动时每日一次、导入前、升级前自动备份）")
        form = QFormLayout(box)
        self.backup_folder = QLineEdit()
        self.backup_folder.setObjectName("backupFolder")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse_backup_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(browse)
        form.addRow("备份文件夹", folder_row)
        self.keep: dict[str, QSpinBox] = {}
        for key, label in (("keep_daily", "保留每日备份（天）"), ("keep_weekly", "保留每周备份（周）"),
                           ("keep_monthly", "保留每月备份（月）"), ("keep_imports", "保留导入前备份（每次导入一份，最多）")):
            spin = QSpinBox()
            spin.setObjectName(key)
            spin.setRange(0, 1000)
            spin.setMaximumWidth(120)
            form.addRow(label, spin)
            self.keep[key] = spin
        self.backup_save = QPushButton("保存备份设置")
        self.backup_save.setObjectName("saveBackup")
        self.backup_save.clicked.connect(self.save_backup)
        form.addRow("", self.backup_save)
        return box

    def _signer_box(self) -> QGroupBox:
        box = QGroupBox("签名证书（报告的电子签名）")
        column = QVBoxLayout(box)
        self.signer_label = QLabel()
        self.signer_label.setObjectName("signerInfo")
        self.signer_label.setWordWrap(True)
        create = QPushButton("新建证书…")
        create.setObjectName("createSigner")
        create.clicked.connect(self.create_signer)
        imp = QPushButton("导入证书（.p12）…")
        imp.clicked.connect(self._browse_p12)
        for button in (create, imp):  # under login the 负责人's: the key belongs with who signs
            gate_by_role(button, self.store, "signers.manage")
        row = QHBoxLayout()
        row.addWidget(create)
        row.addWidget(imp)
        row.addStretch(1)
        column.addWidget(self.signer_label)
        column.addLayout(row)
        return box

    def _accounts_box(self) -> QGroupBox:
        box = QGroupBox("账户与角色（多人使用时各自登录）")
        row = QHBoxLayout(box)
        self.accounts_button = QPushButton("账户管理…")
        self.accounts_button.setObjectName("accountsButton")
        self.accounts_button.clicked.connect(self.open_accounts)
        gate_by_role(self.accounts_button, self.store, "accounts.manage")
        row.addWidget(self.accounts_button)
        actor = logged_in(self.store)
        self.own_password_button = QPushButton("修改我的密码…")
        self.own_password_button.setObjectName("ownPassword")
        self.own_password_button.setEnabled(actor is not None)
        self.own_password_button.setToolTip(account_text(actor) if actor else "未登录（本数据库没有账户）")
        self.own_password_button.clicked.connect(self.open_own_password)
        row.addWidget(self.own_password_button)
        row.addStretch(1)
        return box

    def open_own_password(self) -> OwnPasswordDialog | None:
        actor = logged_in(self.store)
        if actor is None:
            return None
        self.own_password_dialog = OwnPasswordDialog(self.store, actor.name, self)
        self.own_password_dialog.open()
        return self.own_password_dialog

    def open_accounts(self) -> AccountsDialog:
        self.accounts_dialog = AccountsDialog(self.store, self, operator=self.operator)
        self.accounts_dialog.open()
        return self.accounts_dialog

    # --- state ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        info = office_info(self.store)
        for key, edit in self.office_edits.items():
            edit.setText(info.get(key, ""))
        font = read_settings(self.store, REPORT_FONT_KEY).get("")
        self.font_label.setText(font or "自动（Windows 上用系统的仿宋/黑体，否则用随程序附带的文泉驿微米黑）")
        s = backup_settings(self.store)
        self.backup_folder.setText(s.folder)
        self.backup_folder.setPlaceholderText(str(backup_folder(self.store)))
        for key, spin in self.keep.items():
            spin.setValue(getattr(s, key))
        self._show_signer()

    def _signer_changed(self) -> None:
        self._show_signer()
        self.events.announce("signer", by=self)

    def _show_signer(self) -> None:
        from app.signing import active_signer

        signer = active_signer(self.store)
        if signer is None:
            self.signer_label.setText("尚未设置签名证书。")
        else:
            self.signer_label.setText(f"当前证书：{signer['name']}（有效期 {signer['not_before']} 至 "
                                      f"{signer['not_after']}，指纹 {signer['fingerprint'][:16]}…）")

    # --- actions ------------------------------------------------------------------------------------
    def save_office(self) -> None:
        try:
            set_office_info(self.store, operator=self.operator,
                            **{k: e.text() for k, e in self.office_edits.items()})
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.events.announce("office", by=self)
        show_info(self, "单位信息已保存。", "设置")

    def choose_font(self, path: Path | str | None) -> bool:
        try:
            set_report_font(self.store, path, operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.refresh()
        self.events.announce("settings", by=self)
        return True

    def _browse_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择报表字体", "", "TrueType 字体 (*.ttf *.ttc)")
        if path:
            self.choose_font(path)

    def _browse_backup_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择备份文件夹", str(backup_folder(self.store)))
        if chosen:
            self.backup_folder.setText(chosen)

    def save_backup(self) -> bool:
        wanted = BackupSettings(self.backup_folder.text().strip(),
                                **{k: spin.value() for k, spin in self.keep.items()})
        try:
            save_backup_settings(self.store, wanted, operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.refresh()
        self.events.announce("settings", by=self)
        show_info(self, f"备份设置已保存。备份文件夹：{backup_folder(self.store)}", "设置")
        return True

    def create_signer(self) -> QWidget:
        from ui.signing.signing_dialogs import CreateSignerDialog

        dialog = CreateSignerDialog(self.store, office_info(self.store)["office_name"], self,
                                    operator=self.operator)
        dialog.ok_button.setText("创建")
        dialog.created.connect(lambda *_: self._signer_changed())
        dialog.open()
        return dialog

    def _browse_p12(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入签名证书", "", "PKCS#12 证书 (*.p12 *.pfx)")
        if path:
            self.import_signer(Path(path))

    def import_signer(self, p12: Path) -> QWidget:
        from app.signing import import_signer
        from ui.signing.signing_dialogs import PassphraseDialog

        dialog = PassphraseDialog(f"请输入证书文件 {p12.name} 的口令。", p12.name, self)
        dialog.ok_button.setText("导入")

        def entered(secret: str) -> None:
            try:
                import_signer(self.store, p12, secret, operator=self.operator)
            except UserError as exc:
                dialog.show_error(exc.message)
                return
            dialog.done_ok()
            self._signer_changed()

        dialog.entered.connect(entered)
        dialog.open()
        return dialog
