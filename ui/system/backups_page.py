"""备份: the store's backups (newest first), 立即备份, 校验, 恢复.

A restore is verified first; a backup from a newer program is refused; when the store changed
after the backup the user must confirm. The current store is backed up ('恢复前') before it is
replaced (app.backups.restore_backup, through SQLite's backup API under the writer lock).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.backups import (
    CURRENT_VERSION,
    REASON_LABELS,
    BackupInfo,
    backup_folder,
    backup_settings,
    list_backups,
    make_backup,
    restore_backup,
    store_changed_since,
    verify_backup,
)
from app.errors import UserError
from app.store import Store
from ui.common import worker
from ui.common.events import EVERYTHING, RECORD_KINDS, Events, follow
from ui.common.messages import confirm, show_info, show_user_error, show_warning
from ui.system.role_gate import gate_by_role

COLUMNS = ("时间", "类型", "大小", "校验", "文件")


class BackupsPage(QWidget):
    """Announces "backups" after a backup and everything after a restore (every page re-reads);
    follows the backup settings and the imports (each makes a backup first)."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsPage")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.backups: list[BackupInfo] = []
        self.task: worker.Task | None = None
        self.info_label = QLabel()
        self.info_label.setObjectName("backupInfo")
        self.info_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton("立即备份")
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.verify_button = QPushButton("校验")
        self.verify_button.setObjectName("verifyBackup")
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button = QPushButton("恢复…")
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.restore_selected)
        for button in (self.backup_button, self.restore_button):
            gate_by_role(button, store, "backups.manage")  # under login a 管理员's (app/accounts/roles.py)
        folder_button = QPushButton("打开备份文件夹")
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_folder(self.store)))))
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.verify_button, self.restore_button, folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.refresh()
        # the rotation settings, and the backup an import makes before it writes
        follow(self.events, self, ("settings", "backups", *RECORD_KINDS), self.refresh)

    def refresh(self) -> None:
        s = backup_settings(self.store)
        self.info_label.setText(f"备份文件夹：{backup_folder(self.store)}　保留：每日 {s.keep_daily} 份、每周 "
                                f"{s.keep_weekly} 份、每月 {s.keep_monthly} 份自动备份，保留期内每次导入前的备份各一份（最多 "
                                f"{s.keep_imports} 份）；手动、升级前、恢复前的备份全部保留。")
        self.backups = list_backups(self.store)
        self.table.setRowCount(len(self.backups))
        for row, b in enumerate(self.backups):
            values = (f"{b.taken_at:%Y-%m-%d %H:%M:%S}", REASON_LABELS.get(b.reason, b.reason),
                      f"{b.size / 1e6:.1f} MB", "未校验", b.path.name)
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def backup_now(self) -> worker.Task:
        self.backup_button.setEnabled(False)

        def work(_progress: worker.ProgressFn, _cancel: worker.CancelFn) -> Path:
            return make_backup(self.store, "manual")

        def done(path: Path) -> None:
            self.backup_button.setEnabled(True)
            self.refresh()
            self.events.announce("backups", by=self)
            show_info(self, f"已备份：{path}", "备份")

        def failed(_exc: BaseException) -> bool:
            self.backup_button.setEnabled(True)
            return False

        self.task = worker.run_task(self, "正在备份…", work, on_success=done, on_failure=failed)
        return self.task

    def verify_selected(self) -> bool | None:
        b = self.selected()
        if b is None:
            return None
        v = verify_backup(b.path)
        row = self.backups.index(b)
        text = f"完好（结构版本 {v.version}）" if v.ok else f"损坏：{v.detail}"
        self.table.setItem(row, 3, QTableWidgetItem(text))
        return v.ok

    def restore_selected(self) -> bool:
        """Verify, refuse or confirm, then restore; True when the store now holds the backup."""
        b = self.selected()
        if b is None:
            return False
        v = verify_backup(b.path)
        if not v.ok:
            show_warning(self, f"备份 {b.path.name} 未通过校验（{v.detail}），不能用于恢复。", "无法恢复")
            return False
        if v.version > CURRENT_VERSION:
            show_warning(self, f"备份 {b.path.name} 由更新版本的程序创建（结构版本 {v.version}），不能用于恢复。",
                         "无法恢复")
            return False
        newer = store_changed_since(b.path, self.store.path)
        question = (f"当前数据库在这份备份（{b.taken_at:%Y-%m-%d %H:%M}）之后还有改动，恢复后这些改动将丢失。\n"
                    "恢复前会先备份当前数据库。确定要恢复吗？" if newer else
                    f"用 {b.taken_at:%Y-%m-%d %H:%M} 的备份恢复数据库？恢复前会先备份当前数据库。")
        if not confirm(self, question, "恢复备份"):
            return False
        try:
            result = restore_backup(b.path, self.store.path, allow_newer=newer, store=self.store)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.refresh()
        self.events.announce(EVERYTHING, by=self)
        show_info(self, f"已用备份 {b.path.name} 恢复数据库。\n恢复前的数据库已备份为 {result.saved_current}。",
                  "已恢复")
        return True
