"""The first start: the office's name, unit and principal leader (for signature blocks), the data
folder, and whether to load the demo data. Skippable; shown once per store. On a first
installation it also offers 连接数据库服务器…: a desk joining an office whose store is already on
its PostgreSQL server names the server instead (ui/system/server_dialog.py); the office details
are then the server store's, asked after opening it only if that store is new. Nothing is written
to config.json then (it can name only a data folder, whose file would open next time): a desk
that works on the server is started with `--db postgresql://…` (its shortcut), or connects again.

    needs_first_run(store) -> bool          no office name, no records, not asked before
    FirstRunDialog(folder, folder_editable) real widgets; answers() after 完成
    apply_answers(store, answers, operator) saves the office details and marks the store as asked
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.office import office_info, set_office_info
from app.records import service
from app.store import Store, network_location, read_settings, write_settings
from ui.system.server_dialog import ServerFields, ask_server

DONE_KEY = "app.first_run_done"


@dataclass(frozen=True)
class FirstRunAnswers:
    office_name: str
    office_unit: str
    principal_leader: str
    folder: Path
    load_demo: bool
    server: str = ""  # a postgresql:// address chosen with 连接数据库服务器…, or "" for the local file


def needs_first_run(store: Store) -> bool:
    """A new store: no office name set, no records, and the dialog not shown for it before."""
    if read_settings(store, DONE_KEY).get("") or read_settings(store, "office.office_name").get(""):
        return False
    return service.is_empty(store)


def apply_answers(store: Store, answers: FirstRunAnswers | None, *, operator: str = "") -> None:
    """Save what was entered (None: skipped) and remember that this store was asked."""
    if answers is not None and answers.office_name:
        set_office_info(store, operator=operator, office_name=answers.office_name,
                        office_unit=answers.office_unit, principal_leader=answers.principal_leader)
    else:
        office_info(store)  # the stable office id, as on any first read
    write_settings(store, {DONE_KEY: "1"}, operator=operator)


class FirstRunDialog(QDialog):
    def __init__(self, folder: Path, *, folder_editable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.server_fields: ServerFields | None = None
        self.setWindowTitle("欢迎使用执法案卷倒查工作台")
        intro = QLabel("请填写本单位的基本信息。单位名称和主要负责人会出现在报告的落款和签名栏中，"
                       "以后可以在“设置”中修改。")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("officeName")
        self.name_edit.setPlaceholderText("例如：某市水务局")
        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("officeUnit")
        self.unit_edit.setPlaceholderText("例如：法制科")
        self.leader_edit = QLineEdit()
        self.leader_edit.setObjectName("principalLeader")
        self.folder_edit = QLineEdit(str(folder))
        self.folder_edit.setObjectName("dataFolder")
        self.folder_edit.setReadOnly(not folder_editable)
        self.browse_button = QPushButton("选择…")
        self.browse_button.setEnabled(folder_editable)
        self.browse_button.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.demo_check = QCheckBox("载入演示数据（某市水务局的案卷、台账、收据和执法人员）")
        self.demo_check.setObjectName("loadDemo")
        self.error_label = QLabel()
        self.error_label.setObjectName("firstRunError")
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("单位名称", self.name_edit)
        form.addRow("执法单位/部门", self.unit_edit)
        form.addRow("主要负责人", self.leader_edit)
        form.addRow("数据文件夹", folder_row)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("完成", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("firstRunOk")
        self.skip_button = buttons.addButton("跳过", QDialogButtonBox.ButtonRole.RejectRole)
        self.skip_button.setObjectName("firstRunSkip")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # only where the data folder is still to be chosen: a store already open is not switched here
        self.server_button = QPushButton("连接数据库服务器…")
        self.server_button.setObjectName("firstRunServer")
        self.server_button.clicked.connect(self._choose_server)
        self.server_row = QWidget()
        server_line = QHBoxLayout(self.server_row)
        server_line.setContentsMargins(0, 0, 0, 0)
        server_line.addWidget(QLabel("本单位的数据库已放在服务器上？"))
        server_line.addWidget(self.server_button)
        server_line.addStretch(1)
        self.server_row.setVisible(folder_editable)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.demo_check)
        layout.addWidget(self.server_row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择数据文件夹", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _choose_server(self) -> None:
        fields = ask_server(self, self.server_fields, offer_remember=False)
        if fields is not None:
            self.server_fields = fields
            super().accept()  # the office details belong to the server's store, not asked here

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def accept(self) -> None:
        if not self.name_edit.text().strip():
            self.error_label.setText("请填写单位名称（或点“跳过”，以后在“设置”中填写）。")
            self.name_edit.setFocus()
            return
        folder = self.folder()
        if not self.folder_edit.text().strip() or not folder.is_absolute():
            self.error_label.setText("请选择数据文件夹（完整路径）。")
            return
        kind = network_location(folder)
        if kind is not None:
            self.error_label.setText(f"数据文件夹在网络共享盘上（{kind}）。SQLite 无法在网络共享盘上可靠加锁，"
                                     "请把数据放在本机磁盘。")
            return
        super().accept()

    def answers(self) -> FirstRunAnswers:
        if self.server_fields is not None:
            return FirstRunAnswers("", "", "", self.folder(), False, server=self.server_fields.url)
        return FirstRunAnswers(self.name_edit.text().strip(), self.unit_edit.text().strip(),
                               self.leader_edit.text().strip(), self.folder(), self.demo_check.isChecked())


def ask(folder: Path, *, folder_editable: bool, parent: QWidget | None = None) -> FirstRunAnswers | None:
    """Show the dialog (blocking: the program cannot go on without the answer); None = skipped."""
    dialog = FirstRunDialog(folder, folder_editable=folder_editable, parent=parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    answers = dialog.answers() if accepted else None
    dialog.deleteLater()
    return answers
