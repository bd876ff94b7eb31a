"""新建问卷: the title, the audience, an introduction and the questions, one a line:

    单选｜执法人员是否出示执法证件｜是｜否｜记不清
    多选｜您认为执法中存在哪些问题｜态度粗暴｜程序不规范｜处罚过重｜无
    问答｜您对规范执法有何意见建议

(｜ or | between the parts). The service checks the questionnaire (app/registers/surveys.py)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.registers import surveys as service
from app.store import Store
from ui.common.service_dialog import ServiceDialog

EXAMPLE = ("单选｜执法人员是否出示执法证件｜是｜否｜记不清\n多选｜您认为执法中存在哪些问题｜态度粗暴｜程序不规范｜处罚过重｜无\n"
           "问答｜您对规范执法有何意见建议")
SEPARATOR = re.compile(r"\s*[|｜]\s*")


def parse_questions(text: str) -> list[dict[str, Any]]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = SEPARATOR.split(line.strip())
        out.append({"kind": parts[0], "text": parts[1] if len(parts) > 1 else "", "options": parts[2:]})
    return out


class CreateSurveyDialog(ServiceDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(store, "新建问卷", parent, operator)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("surveyTitle")
        self.audience = QComboBox()
        self.audience.setObjectName("audience")
        self.audience.addItems(service.AUDIENCES)
        self.intro = QLineEdit()
        self.intro.setObjectName("intro")
        self.questions = QPlainTextEdit()
        self.questions.setObjectName("questions")
        self.questions.setPlaceholderText(EXAMPLE)
        self.questions.setMinimumHeight(140)
        for label, widget in (("问卷标题", self.title_edit), ("调查对象", self.audience), ("卷首语", self.intro),
                              ("题目", self.questions)):
            self.form.addRow(label, widget)
        self.form.addRow("", QLabel("每行一题：题型（单选/多选/问答）｜题目｜选项…"))

    def submit(self) -> Any:
        definition = {"title": self.title_edit.text(), "audience": self.audience.currentText(),
                      "intro": self.intro.text(), "questions": parse_questions(self.questions.toPlainText())}
        return service.create_survey(self.store, definition, operator=self.operator)["id"]
