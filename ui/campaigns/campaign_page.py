"""专项活动 page: the campaigns (newest first, the active one marked), 新建… in a dialog, 设为当前,
and the chosen campaign's details, its 进度与报送 (phases, due this week, late and 问题零报告 units)
with the buttons that enter phases, milestones, submissions and people (schedule_actions.py),
and its own taxonomy, editable in a tree."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.campaigns import get_campaign, list_campaigns, update_campaign
from app.errors import UserError
from app.store import Store
from ui.campaigns.campaign_dialog import CampaignDialog
from ui.campaigns.schedule_actions import ScheduleActions
from ui.campaigns.schedule_view import ScheduleView
from ui.campaigns.taxonomy_editor import TaxonomyEditor
from ui.common.events import Events, follow
from ui.common.messages import show_user_error

HEADERS = ("活动名称", "文号", "分类", "倒查期间", "状态")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def period_text(c: dict[str, Any]) -> str:
    start, end = c.get("period_from"), c.get("period_to")
    if not start and not end:
        return "不限"
    return f"{start or '…'} 至 {end or '今'}"


class CampaignPage(QWidget):
    """Announces "campaign" after a campaign is created, made current, its taxonomy edited, or a
    phase, milestone, submission or person entered."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_campaigns")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.dialog: CampaignDialog | None = None
        self.campaigns: list[dict[str, Any]] = []
        self.as_of: date | None = None  # the day 当前阶段 and 逾期 are judged on; None is today

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("campaignTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 200), (2, 44), (3, 190), (4, 56)):
            header.resizeSection(col, width)
        self.new_button = QPushButton("新建…")
        self.new_button.setObjectName("newCampaign")
        self.activate_button = QPushButton("设为当前活动")
        self.new_button.clicked.connect(self.new_campaign)
        self.activate_button.clicked.connect(self.activate_current)
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.taxonomy = TaxonomyEditor(store, self, operator=operator)
        self.schedule = ScheduleView(store, self)
        self.schedule_actions = ScheduleActions(store, self.schedule, self.current_id, self, operator=operator)
        self.schedule_actions.changed.connect(self._schedule_changed)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("专项活动（新建的活动自动成为当前活动，抽查与评查按当前活动的范围进行）"))
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.activate_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.details)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("本活动的问题分类（复制自模板，修改只影响本活动）"))
        right_layout.addWidget(self.taxonomy, 1)
        # left: the campaigns over the chosen one's 进度与报送; right: its taxonomy
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("<b>进度与报送</b>"))
        lower_layout.addWidget(self.schedule, 1)
        lower_layout.addWidget(self.schedule_actions)
        column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(left)
        column.addWidget(lower)
        column.setSizes([330, 420])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(column)
        splitter.addWidget(right)
        splitter.setSizes([640, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.taxonomy.changed.connect(lambda _t: self.events.announce("campaign", by=self))
        self.refresh()
        follow(self.events, self, ("campaign",), self.refresh)

    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id()
        self.campaigns = list_campaigns(self.store)
        self.table.setRowCount(len(self.campaigns))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, c in enumerate(self.campaigns):
            values = (c["name"], c["doc_no"], c["taxonomy_id"], period_text(c), "当前" if c["active"] else "")
            for col, text in enumerate(values):
                item = QTableWidgetItem(str(text or ""))
                item.setData(ID_ROLE, c["id"])
                item.setToolTip(str(text or ""))
                if c["active"]:
                    item.setFont(bold)
                self.table.setItem(row, col, item)
        rows = [r for r, c in enumerate(self.campaigns) if c["id"] == keep]
        if rows or self.campaigns:
            self.table.selectRow(rows[0] if rows else 0)
        self._chosen()

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return int(item.data(ID_ROLE)) if item is not None else None

    def names(self) -> list[str]:
        return [c["name"] for c in self.campaigns]

    def _chosen(self) -> None:
        cid = self.current_id()
        self.activate_button.setEnabled(cid is not None and not next(
            (c["active"] for c in self.campaigns if c["id"] == cid), False))
        if cid is None:
            self.details.setText("还没有专项活动。点「新建…」按活动方案录入名称、文号和问题分类。"
                                 if not self.campaigns else "")
            self.taxonomy.show_taxonomy(None, None)
            self.schedule.show_campaign(None)
            self.schedule_actions.update_buttons()
            return
        c = get_campaign(self.store, cid)
        lines = [f"<b>{c['name']}</b>", f"文号：{c['doc_no'] or '—'}　印发：{c['issuing_body'] or '—'}"
                 f"{'（' + str(c['issued_on']) + '）' if c['issued_on'] else ''}",
                 f"倒查期间：{period_text(c)}　执法单位：{'、'.join(c['units']) or '全部'}",
                 f"问题分类：{c['taxonomy_id']}　{c['taxonomy'].get('name', '')}"]
        if c["hotline"] or c["mailbox"]:
            lines.append(f"举报电话：{c['hotline'] or '—'}　邮箱：{c['mailbox'] or '—'}")
        self.details.setText("<br>".join(lines))
        self.taxonomy.show_taxonomy(cid, c["taxonomy"])
        self.schedule.show_campaign(cid, self.as_of)
        self.schedule_actions.update_buttons()

    def _schedule_changed(self) -> None:
        self.schedule.show_campaign(self.current_id(), self.as_of)
        self.schedule_actions.update_buttons()
        self.events.announce("campaign", by=self)

    def new_campaign(self) -> CampaignDialog:
        dialog = CampaignDialog(self.store, self, operator=self.operator)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._created)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _created(self, campaign: dict[str, Any]) -> None:
        self.refresh(select_id=campaign["id"])
        self.events.announce("campaign", by=self)

    def activate_current(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        try:
            update_campaign(self.store, cid, active=True, operator=self.operator)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh(select_id=cid)
        self.events.announce("campaign", by=self)
