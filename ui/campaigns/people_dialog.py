"""人员名单: the campaign's leadership group (组长 / 常务副组长 / 副组长 / 成员 / 联络员), its office,
the working groups and each unit's liaison with a phone — listed in print order, added and
removed here, and printed as the plan's 附件 名单 (PDF, previewed in the window; or Excel)
through app.campaigns.people_print, the service `campaign people print` uses.

A refusal (a role not in the list, a bad phone number, a liaison without a unit …) is shown in
red in the dialog, which keeps what was typed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
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

from app.campaigns.people import (
    LEADERSHIP_GROUP,
    LIAISON_GROUP,
    OFFICE_GROUP,
    PEOPLE_ROLES,
    WORKING_GROUPS,
    add_person,
    list_people,
    remove_person,
)
from app.campaigns.people_print import print_people
from app.campaigns.service import get_campaign
from app.errors import UserError
from app.store import Store
from ui.common.service_dialog import ERROR_COLOR
from ui.common.table_view import make_sheet

HEADERS = ("小组", "职务", "姓名", "单位", "职务（岗位）", "联系电话")
KEYS = ("group", "role", "name", "unit", "post", "phone")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUPS = (LEADERSHIP_GROUP, OFFICE_GROUP, *WORKING_GROUPS, LIAISON_GROUP)


class PeopleDialog(QDialog):
    """Emits `changed()` after a person is added or removed."""

    changed = Signal()

    def __init__(self, store: Store, campaign_id: int, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("peopleDialog")
        self.store = store
        self.campaign_id = campaign_id
        self.operator = operator
        self.people: list[dict[str, object]] = []
        self.preview: QDialog | None = None
        self.last_output: Path | None = None
        camp = get_campaign(store, campaign_id)
        self.setWindowTitle(f"人员名单 — {camp['name']}")

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("peopleTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        make_sheet(self.table, title="人员名单", key="peopleTable", frozen=False)

        self.group = QComboBox()
        self.group.setObjectName("personGroup")
        self.group.setEditable(True)  # an office may name its own working group
        self.group.addItems(list(GROUPS))
        self.role = QComboBox()
        self.role.setObjectName("personRole")
        self.role.addItems(list(PEOPLE_ROLES))
        self.name = self._line("personName", "姓名")
        self.post = self._line("personPost", "如：局长、法制科科长")
        self.unit = QComboBox()
        self.unit.setObjectName("personUnit")
        self.unit.setEditable(True)
        self.unit.addItems(["", *camp["units"]])
        self.phone = self._line("personPhone", "如：024-6169675")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color:{ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setStyleSheet("color:#2e7d32;")
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.group.currentTextChanged.connect(self._group_chosen)

        self.add_button = self._button("添加", "addPerson", self.add)
        self.remove_button = self._button("删除所选", "removePerson", self.remove_selected)
        self.pdf_button = self._button("打印名单（PDF）…", "printPeoplePdf", lambda: self.print_list("pdf"))
        self.xlsx_button = self._button("导出名单（Excel）…", "printPeopleXlsx", lambda: self.print_list("xlsx"))
        close = self._button("关闭", "closePeople", self.accept)

        form = QFormLayout()
        form.addRow("小组", self.group)
        form.addRow("职务", self.role)
        form.addRow("姓名", self.name)
        form.addRow("单位", self.unit)
        form.addRow("职务（岗位）", self.post)
        form.addRow("联系电话", self.phone)
        actions = QHBoxLayout()
        for b in (self.add_button, self.remove_button):
            actions.addWidget(b)
        actions.addStretch(1)
        for b in (self.pdf_button, self.xlsx_button, close):
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("领导小组、工作组和各单位联络员（按打印顺序）；单位联络员须写明单位和联系电话"))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_label)
        layout.addLayout(actions)
        self.resize(860, 620)
        self.refresh()

    @staticmethod
    def _line(name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    @staticmethod
    def _button(text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())  # type: ignore[operator]
        return button

    def _group_chosen(self, group: str) -> None:
        if group == LIAISON_GROUP:
            self.role.setCurrentText("联络员")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def refresh(self) -> None:
        self.people = list_people(self.store, campaign_id=self.campaign_id)
        self.table.setRowCount(len(self.people))
        for r, p in enumerate(self.people):
            for c, key in enumerate(KEYS):
                item = QTableWidgetItem(str(p.get(key) or ""))
                item.setData(ID_ROLE, p["id"])
                self.table.setItem(r, c, item)
        has = bool(self.people)
        for b in (self.remove_button, self.pdf_button, self.xlsx_button):
            b.setEnabled(has)

    def add(self) -> dict[str, object] | None:
        try:
            person = add_person(self.store, role=self.role.currentText(), name=self.name.text(),
                                post=self.post.text(), group=self.group.currentText(), unit=self.unit.currentText(),
                                phone=self.phone.text(), campaign_id=self.campaign_id, operator=self.operator)
        except UserError as exc:
            self.show_error(exc.message)
            return None
        self.show_error("")
        for edit in (self.name, self.post, self.phone):
            edit.clear()
        self.refresh()
        self.changed.emit()
        return person

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows(0)} or (
            {self.table.currentRow()} if self.table.selectionModel().isRowSelected(self.table.currentRow(),
                                                                                   QModelIndex()) else set())
        items = [self.table.item(r, 0) for r in sorted(rows)]
        return [int(item.data(ID_ROLE)) for item in items if item is not None]

    def remove_selected(self) -> int:
        ids = self.selected_ids()
        if not ids:
            self.show_error("请先在名单中选中要删除的人员。")
            return 0
        try:
            for pid in ids:
                remove_person(self.store, pid, operator=self.operator)
        except UserError as exc:
            self.show_error(exc.message)
        else:
            self.show_error("")
        self.refresh()
        self.changed.emit()
        return len(ids)

    def ask_path(self, kind: str) -> Path | None:
        name = f"{get_campaign(self.store, self.campaign_id)['name']}人员名单.{kind}"
        pattern = "PDF 文件 (*.pdf)" if kind == "pdf" else "Excel 文件 (*.xlsx)"
        chosen, _f = QFileDialog.getSaveFileName(self, "保存名单", str(Path.home() / name), pattern)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == f".{kind}" else path.with_name(f"{path.name}.{kind}")

    def print_list(self, kind: str, out: Path | None = None) -> Path | None:
        """The 名单 into `out` (asked for when not given): a PDF opens in the preview, an Excel
        form is named in the dialog."""
        out = out or self.ask_path(kind)
        if out is None:
            return None
        try:
            path = print_people(self.store, out, campaign_id=self.campaign_id)
        except UserError as exc:
            self.show_error(exc.message)
            return None
        self.last_output = path
        self.show_error("")
        self.saved_label.setText(f"名单已保存：{path}")
        if kind == "pdf":
            from ui.reports.preview_dialog import show_preview

            self.preview = show_preview(path, self, "人员名单", reuse=self.preview)
        return path
