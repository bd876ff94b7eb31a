"""What an empty store shows: two ways to start — the demo data or the office's own sheets."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    demoRequested = Signal()
    importRequested = Signal()

    def __init__(self, store_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel("欢迎使用执法案卷倒查工作台")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            f"数据库「{store_name}」还是空的。\n\n"
            "可以先载入一套演示数据（某市水务局的案卷、台账、收据和执法人员），看看倒查怎样进行；"
            "也可以直接导入本单位的 Excel 表格（.xlsx、.xls 或 .csv）：处罚台账、罚没款收据、处罚案卷或执法人员名单。")
        text.setWordWrap(True)
        self.demo_button = QPushButton("加载演示数据")
        self.demo_button.setObjectName("demoButton")
        self.import_button = QPushButton("导入表格…")
        self.import_button.setObjectName("importButton")
        for b in (self.demo_button, self.import_button):
            b.setMinimumHeight(36)
            b.setMinimumWidth(150)
        self.demo_button.clicked.connect(self.demoRequested)
        self.import_button.clicked.connect(self.importRequested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(640)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(14)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addLayout(buttons)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
