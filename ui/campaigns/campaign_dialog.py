"""新建专项活动: name, 文号, taxonomy template A/B/C, the period checked, issuing body and date,
units in scope, hotline and mailbox → `create_campaign` (which copies the template and makes
the new campaign the active one). Dates are typed as clerks write them; the service parses."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.campaigns import create_campaign
from app.campaigns.templates import TEMPLATE_IDS, load_template
from app.errors import UserError
from app.store import Store

ERROR_COLOR = "#c62828"
DATE_HINT = "如 2017-01-01 或 2017年1月1日"


class CampaignDialog(QDialog):
    """Emits `created(campaign)` with the service's campaign dict."""

    created = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("campaignDialog")
        self.setWindowTitle("新建专项活动")
        self.store = store
        self.operator = operator
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 继续深化开展规范文明执法和整治“三乱”专项活动")
        self.doc_no = QLineEdit()
        self.doc_no.setPlaceholderText("如 沈水依法办发〔2019〕04号")
        self.taxonomy = QComboBox()
        for key in TEMPLATE_IDS:
            self.taxonomy.addItem(f"{key}：{load_template(key).get('name', '')}", key)
        self.taxonomy_source = QLabel()
        self.taxonomy_source.setWordWrap(True)
        self.taxonomy_source.setStyleSheet("color:#616161;")
        self.issuing_body = QLineEdit()
        self.issuing_body.setPlaceholderText("如 沈阳市水务局依法行政领导小组")
        self.issued_on = QLineEdit()
        self.issued_on.setPlaceholderText(DATE_HINT)
        self.period_from = QLineEdit()
        self.period_from.setPlaceholderText(DATE_HINT)
        self.period_to = QLineEdit()
        self.period_to.setPlaceholderText("可不填（至今）")
        self.units = QLineEdit()
        self.units.setPlaceholderText("用顿号或逗号分隔；不填表示全部执法单位")
        self.hotline = QLineEdit()
        self.mailbox = QLineEdit()
        self.editors = {"name": self.name, "doc_no": self.doc_no, "issuing_body": self.issuing_body,
                        "issued_on": self.issued_on, "period_from": self.period_from, "period_to": self.period_to,
                        "units": self.units, "hotline": self.hotline, "mailbox": self.mailbox}
        for key, edit in self.editors.items():
            edit.setObjectName(key)
        self.taxonomy.setObjectName("taxonomy")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("活动名称 *", self.name)
        form.addRow("文号", self.doc_no)
        form.addRow("问题分类模板 *", self.taxonomy)
        form.addRow("", self.taxonomy_source)
        form.addRow("印发机关", self.issuing_body)
        form.addRow("印发日期", self.issued_on)
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel("至"))
        period.addWidget(self.period_to)
        form.addRow("倒查期间（决定日期）", period)
        form.addRow("执法单位", self.units)
        form.addRow("举报电话", self.hotline)
        form.addRow("举报邮箱", self.mailbox)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("创建")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("创建后该活动成为当前活动；问题分类复制自模板，可在专项活动页修改。"))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.taxonomy.currentIndexChanged.connect(lambda _i: self._template_changed())
        self._template_changed()
        self.setMinimumWidth(680)

    def _template_changed(self) -> None:
        template = load_template(self.taxonomy.currentData())
        cats = "、".join(c["name"] for c in template["categories"])
        self.taxonomy_source.setText(f"类别：{cats}\n出处：{template.get('source', '')}")

    def accept(self) -> None:
        units = [u for u in re.split(r"[、,，;；\s]+", self.units.text()) if u]
        try:
            campaign = create_campaign(
                self.store, name=self.name.text(), doc_no=self.doc_no.text(), taxonomy=self.taxonomy.currentData(),
                period_from=self.period_from.text().strip() or None, period_to=self.period_to.text().strip() or None,
                issuing_body=self.issuing_body.text(), issued_on=self.issued_on.text().strip() or None, units=units,
                hotline=self.hotline.text(), mailbox=self.mailbox.text(), operator=self.operator)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.created.emit(campaign)
        super().accept()
