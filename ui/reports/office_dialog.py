"""单位信息: the office's name, principal leader and document-number prefix (set_office_info),
printed on the reports' letterhead and signature lines."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from app.office import office_info, set_office_info
from app.store import Store
from ui.common.service_dialog import ServiceDialog

FIELDS = (("office_name", "单位名称 *", "如 沈阳市水务局"), ("office_unit", "内设机构", "如 政策法规处"),
          ("principal_leader", "主要负责人", "整改报告落款签字人"), ("doc_prefix", "文号前缀", "如 沈水法"))


class OfficeDialog(ServiceDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(store, "单位信息", parent, operator)
        self.setObjectName("officeDialog")
        info = office_info(store)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, hint in FIELDS:
            edit = QLineEdit(info.get(key, ""))
            edit.setObjectName(key)
            edit.setPlaceholderText(hint)
            self.form.addRow(label, edit)
            self.edits[key] = edit

    def submit(self) -> dict[str, Any]:
        return set_office_info(self.store, operator=self.operator,
                               **{key: edit.text() for key, edit in self.edits.items()})
