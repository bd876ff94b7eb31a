"""The return-visit steps as dialogs: 抽取回访对象 (n, seed, by unit) and 登记回访 (date, way,
visitor, what the party said, satisfaction, problems raised → the problem list)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from app.registers import visits as service
from app.store import Store
from ui.common.service_dialog import ServiceDialog, date_edit, to_date, wrapped


class DrawDialog(ServiceDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(store, "随机抽取回访对象", parent, operator)
        population, campaign = service.visit_population(store)
        self.n = QSpinBox()
        self.n.setObjectName("drawSize")
        self.n.setRange(1, max(1, len(population)))
        self.n.setValue(min(10, max(1, len(population))))
        self.seed = QSpinBox()
        self.seed.setObjectName("drawSeed")
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(random.SystemRandom().randrange(1, 1_000_000))
        self.by_unit = QCheckBox("按执法单位分层抽取")
        self.by_unit.setObjectName("drawByUnit")
        scope = "当前专项活动范围内" if campaign is not None else "全部案卷"
        self.form.addRow("总体", QLabel(f"已作出处罚决定的案件 {len(population)} 件（{scope}）"))
        self.form.addRow("抽取户数", self.n)
        self.form.addRow("随机种子", self.seed)
        self.form.addRow("", self.by_unit)
        self.form.addRow("", QLabel("同一数据、同一种子总是抽出同样的当事人；种子和总体指纹随抽样记录保存。"))

    def submit(self) -> Any:
        return service.draw_visits(self.store, n=self.n.value(), seed=self.seed.value(),
                                   by_unit=self.by_unit.isChecked(), operator=self.operator)


class RecordVisitDialog(ServiceDialog):
    def __init__(self, store: Store, visit: dict[str, Any], categories: list[str], parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(store, f"登记回访：{visit['party']}", parent, operator)
        self.visit_id = int(visit["id"])
        self.loaded_version: int | None = visit.get("row_version")
        self.on = date_edit(date.today(), "visitedOn")
        self.way = QComboBox()
        self.way.setObjectName("way")
        self.way.addItems(service.VISIT_WAYS)
        self.visitor = QLineEdit()
        self.visitor.setObjectName("visitor")
        self.statement = QPlainTextEdit()
        self.statement.setObjectName("statement")
        self.statement.setFixedHeight(70)
        self.satisfaction = QComboBox()
        self.satisfaction.setObjectName("satisfaction")
        self.satisfaction.addItems(service.SATISFACTION)
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("problemsRaised")
        self.problems.setPlaceholderText("当事人反映的问题，每行一条（列入问题清单）")
        self.problems.setFixedHeight(60)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItems(categories)
        self.form.addRow("当事人", wrapped(f"{visit['party']}（案号 {visit['case_no']}，{visit['unit'] or '—'}）"))
        for label, widget in (("回访日期", self.on), ("回访方式", self.way), ("回访人", self.visitor),
                              ("当事人意见", self.statement), ("满意程度", self.satisfaction),
                              ("反映的问题", self.problems), ("问题类别", self.category)):
            self.form.addRow(label, widget)

    def submit(self) -> Any:
        raised = [line for line in self.problems.toPlainText().splitlines() if line.strip()]
        return service.record_visit(self.store, self.visit_id, on=to_date(self.on), way=self.way.currentText(),
                                    visitor=self.visitor.text(), statement=self.statement.toPlainText(),
                                    satisfaction=self.satisfaction.currentText(), problems=raised,
                                    category=self.category.currentText() if raised else None,
                                    operator=self.operator, expected_version=self.loaded_version)
