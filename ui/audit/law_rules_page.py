"""本单位规则: the office's own rules that the law checks apply (DOMAIN §3.3) — sector periods
(规章另有规定), the local 较大数额 for hearings, the 法制审核目录清单 and the 历史积案 threshold.

The page shows the rules in force as Chinese lines, edits them piece by piece through small forms,
and offers the whole document as JSON for what the forms do not cover (several catalogues, end
dates, confiscation amounts). Every save goes through app/audit/law_settings.py, whose validation
refuses contradictory rules with a Chinese message (nothing is stored then); the page announces
"settings" after a save and follows it, so the 倒查 page and another copy of this page agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.audit import law_settings as ls
from app.audit.law import HearingThreshold, OfficeRules, ReviewCatalogue, SectorRule
from app.audit.law.office import SECTOR_TOPICS
from app.domain.amounts import parse_amount_fen
from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.errors import UserError
from app.store import Store
from ui.common.events import Events, follow
from ui.common.messages import show_user_error


def _day(text: str, what: str, required: bool = True) -> date | None:
    try:
        d = parse_date(text.strip()) if text.strip() else None
    except ValueParseError as exc:
        raise UserError(f"{what}「{text}」无法识别：{exc.reason}") from exc
    if d is None and required:
        raise UserError(f"请填写{what}。")
    return d


def _fen(text: str, what: str, required: bool = True) -> int | None:
    try:
        fen = parse_amount_fen(text.strip()) if text.strip() else None
    except ValueParseError as exc:
        raise UserError(f"{what}「{text}」无法识别：{exc.reason}") from exc
    if fen is None and required:
        raise UserError(f"请填写{what}。")
    return fen


def _items(text: str) -> list[str]:
    return [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]


def _edit(name: str, placeholder: str = "") -> QLineEdit:
    e = QLineEdit()
    e.setObjectName(name)
    e.setPlaceholderText(placeholder)
    return e


class LawRulesPage(QWidget):
    """Announces "settings" after a save; follows "settings"."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lawRulesPage")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.summary = QListWidget()
        self.summary.setObjectName("lawRulesSummary")
        box = QGroupBox("现行本单位规则（倒查时按各案日期适用）")
        QVBoxLayout(box).addWidget(self.summary)
        column.addWidget(box)
        column.addWidget(self._sector_box())
        column.addWidget(self._threshold_box())
        column.addWidget(self._catalogue_box())
        column.addWidget(self._backlog_box())
        column.addWidget(self._document_box())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()
        follow(self.events, self, ("settings",), self.refresh)

    # --- building ----------------------------------------------------------------------------------
    def _button(self, text: str, name: str, action: Callable[[], object]) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(lambda: action())
        return b

    def _sector_box(self) -> QGroupBox:
        box = QGroupBox("规章另有规定的期限")
        form = QFormLayout(box)
        self.sector_topic = QComboBox()
        self.sector_topic.setObjectName("sectorTopic")
        for key, label in SECTOR_TOPICS.items():
            self.sector_topic.addItem(label, key)
        self.sector_field = _edit("sectorField", "如 水利（空白：全部领域）")
        self.sector_days = QSpinBox()
        self.sector_days.setObjectName("sectorDays")
        self.sector_days.setRange(1, 3650)
        self.sector_days.setValue(90)
        self.sector_working = QCheckBox("按工作日计算")
        self.sector_from = _edit("sectorFrom", "YYYY-MM-DD")
        self.sector_citation = _edit("sectorCitation", "规章名称和条文")
        for label, w in (("事项", self.sector_topic), ("执法领域", self.sector_field), ("期限（日）", self.sector_days),
                         ("", self.sector_working), ("生效日期", self.sector_from), ("依据 *", self.sector_citation)):
            form.addRow(label, w)
        form.addRow("", self._button("增加规章期限", "addSectorRule", self.add_sector_rule))
        return box

    def _threshold_box(self) -> QGroupBox:
        box = QGroupBox("听证的较大数额标准")
        form = QFormLayout(box)
        self.threshold_person = _edit("thresholdPerson", "元")
        self.threshold_org = _edit("thresholdOrg", "元")
        self.threshold_from = _edit("thresholdFrom", "YYYY-MM-DD")
        self.threshold_field = _edit("thresholdField", "空白：全部领域")
        self.threshold_citation = _edit("thresholdCitation", "地方规定名称和条文")
        for label, w in (("对公民（元以上）", self.threshold_person), ("对法人或者其他组织（元以上）", self.threshold_org),
                         ("生效日期", self.threshold_from), ("执法领域", self.threshold_field),
                         ("依据", self.threshold_citation)):
            form.addRow(label, w)
        form.addRow("", self._button("设定较大数额", "setThreshold", self.set_threshold))
        return box

    def _catalogue_box(self) -> QGroupBox:
        box = QGroupBox("重大执法决定法制审核目录清单")
        form = QFormLayout(box)
        self.catalogue_kinds = _edit("catalogueKinds", "如 吊销许可证、责令停产停业")
        self.catalogue_person = _edit("cataloguePerson", "元（空白：不按金额）")
        self.catalogue_org = _edit("catalogueOrg", "元（空白：不按金额）")
        self.catalogue_hearing = QCheckBox("经过听证程序的")
        self.catalogue_fields = _edit("catalogueFields", "空白：全部领域")
        self.catalogue_from = _edit("catalogueFrom", "YYYY-MM-DD")
        self.catalogue_citation = _edit("catalogueCitation", "目录清单名称、文号")
        for label, w in (("处罚种类", self.catalogue_kinds), ("对公民罚款达到", self.catalogue_person),
                         ("对组织罚款达到", self.catalogue_org), ("", self.catalogue_hearing),
                         ("执法领域", self.catalogue_fields), ("生效日期", self.catalogue_from),
                         ("依据", self.catalogue_citation)):
            form.addRow(label, w)
        form.addRow("", self._button("设定目录清单", "setCatalogue", self.set_catalogue))
        return box

    def _backlog_box(self) -> QGroupBox:
        box = QGroupBox("历史积案标准")
        row = QHBoxLayout(box)
        row.addWidget(QLabel("立案后超过"))
        self.backlog_days = QSpinBox()
        self.backlog_days.setObjectName("backlogDays")
        self.backlog_days.setRange(1, 3650)
        row.addWidget(self.backlog_days)
        row.addWidget(QLabel("日仍未决定、未结案的"))
        row.addWidget(self._button("保存", "saveBacklog", self.save_backlog))
        row.addStretch(1)
        return box

    def _document_box(self) -> QGroupBox:
        box = QGroupBox("整体编辑（JSON，与 caseaudit law rules show --json 相同格式）")
        lay = QVBoxLayout(box)
        self.document = QPlainTextEdit()
        self.document.setObjectName("lawRulesDocument")
        lay.addWidget(self.document)
        lay.addWidget(self._button("保存全部规则", "saveDocument", self.save_document))
        return box

    # --- showing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            rules = ls.get_office_rules(self.store)
        except UserError as exc:  # a document stored by another version the page cannot read
            self.summary.clear()
            self.summary.addItem(f"本单位规则无法读取：{exc.message}")
            return
        self.rules = rules
        self.summary.clear()
        self.summary.addItems(ls.describe(rules))
        self.backlog_days.setValue(rules.backlog_days)
        self.document.setPlainText(json.dumps(rules.to_json(), ensure_ascii=False, indent=1))

    # --- actions -----------------------------------------------------------------------------------
    def _save(self, write: Callable[[], OfficeRules]) -> bool:
        try:
            write()
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.refresh()
        self.events.announce("settings", by=self)
        return True

    def add_sector_rule(self) -> bool:
        def write() -> OfficeRules:
            first = _day(self.sector_from.text(), "生效日期")
            assert first is not None
            rule = SectorRule(str(self.sector_topic.currentData()), self.sector_field.text().strip(),
                              self.sector_days.value(), "working" if self.sector_working.isChecked() else "calendar",
                              first, self.sector_citation.text().strip())
            return ls.add_sector_rule(self.store, rule, operator=self.operator)

        return self._save(write)

    def set_threshold(self) -> bool:
        def write() -> OfficeRules:
            person, org = _fen(self.threshold_person.text(), "对公民的较大数额"), _fen(
                self.threshold_org.text(), "对组织的较大数额")
            first = _day(self.threshold_from.text(), "生效日期")
            assert person is not None and org is not None and first is not None
            t = HearingThreshold(person, org, first, self.threshold_citation.text().strip(),
                                 self.threshold_field.text().strip())
            return ls.set_threshold(self.store, t, operator=self.operator)

        return self._save(write)

    def set_catalogue(self) -> bool:
        def write() -> OfficeRules:
            first = _day(self.catalogue_from.text(), "生效日期")
            assert first is not None
            doc = {"effective_from": first.isoformat(), "penalty_kinds": _items(self.catalogue_kinds.text()),
                   "fine_person_fen": _fen(self.catalogue_person.text(), "对公民罚款标准", False),
                   "fine_organisation_fen": _fen(self.catalogue_org.text(), "对组织罚款标准", False),
                   "after_hearing": self.catalogue_hearing.isChecked(),
                   "fields": _items(self.catalogue_fields.text()), "citation": self.catalogue_citation.text().strip()}
            return ls.set_catalogue(self.store, ReviewCatalogue.from_json(doc), operator=self.operator)

        return self._save(write)

    def save_backlog(self) -> bool:
        return self._save(lambda: ls.set_backlog_days(self.store, self.backlog_days.value(), operator=self.operator))

    def save_document(self) -> bool:
        return self._save(lambda: ls.set_office_rules(self.store, ls.parse_document(self.document.toPlainText()),
                                                      operator=self.operator))
