"""首页: what a leader asks first — which campaign, which phase, what is due, how many problems,
how many closed, how many overdue or under 挂牌督办, which units are late. The figures come
from app.campaigns.dashboard (the same numbers as the problem list and the forms); this page
only lays them out and refreshes when a campaign, a problem or a finding changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.campaigns.dashboard import Dashboard, Deadline, dashboard
from app.store import Store
from ui.common.charts import AMBER, BLUE, GREEN, RED, BarChart, ProgressChart, Segment
from ui.common.events import Events, follow

TILES = (("found", "发现问题"), ("rectified", "已销号"), ("in_progress", "整改中"), ("pending", "待整改"),
         ("overdue", "逾期预警"), ("supervised", "挂牌督办"))
TILE_COLORS = {"rectified": GREEN, "overdue": AMBER, "supervised": RED}


class Tile(QFrame):
    """A number in large type over its label."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel("0")
        big = QFont(self.number.font())
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        self.number.setFont(big)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption = QLabel(label)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.number)
        layout.addWidget(caption)

    def set_value(self, value: int, color: str = "") -> None:
        self.number.setText(str(value))
        self.number.setStyleSheet(f"color: {color};" if color and value else "")


def deadline_text(d: Deadline) -> str:
    when = "今天" if d.days_left == 0 else (f"还有 {d.days_left} 天" if d.days_left > 0 else f"已过 {-d.days_left} 天")
    return f"{d.due_on:%m月%d日}　{d.what}（{when}）"


class DashboardPage(QWidget):
    """The window's 首页. `as_of` fixes the day (tests, screenshots); None is today."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None, as_of: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_dashboard")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.as_of = as_of
        self.data: Dashboard | None = None

        self.heading = QLabel()
        self.heading.setObjectName("dashboardHeading")
        head_font = QFont(self.heading.font())
        head_font.setPointSizeF(head_font.pointSizeF() * 1.5)
        head_font.setBold(True)
        self.heading.setFont(head_font)
        self.heading.setWordWrap(True)
        self.phase = QLabel()
        self.phase.setObjectName("dashboardPhase")
        self.phase.setWordWrap(True)
        self.tiles = {key: Tile(label) for key, label in TILES}
        self.progress = ProgressChart("整改进度")
        self.by_category = BarChart("问题按类别")
        self.by_unit = BarChart("问题按执法单位（前 10）")
        self.deadlines = QListWidget()
        self.deadlines.setObjectName("deadlines")
        self.deadlines.setMaximumHeight(self.deadlines.fontMetrics().height() * 9 + 12)
        self.units = QLabel()
        self.units.setObjectName("lateUnits")
        self.units.setWordWrap(True)
        self.units.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        charts = QHBoxLayout()
        charts.addWidget(self.by_category, 1)
        charts.addWidget(self.by_unit, 1)
        lower = QGridLayout()
        lower.addWidget(QLabel("<b>近期节点</b>（本周到期的标 ★）"), 0, 0)
        lower.addWidget(QLabel("<b>报送情况</b>"), 0, 1)
        lower.addWidget(self.deadlines, 1, 0)
        lower.addWidget(self.units, 1, 1)
        lower.setColumnStretch(0, 1)
        lower.setColumnStretch(1, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.phase)
        layout.addLayout(tiles)
        layout.addWidget(self.progress)
        layout.addLayout(charts)
        layout.addLayout(lower)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()
        follow(self.events, self, ("campaign", "problems", "findings", "review", "units"), self.refresh)

    def refresh(self) -> None:
        d = self.data = dashboard(self.store, as_of=self.as_of)
        if d.campaign_id is None:
            self.heading.setText("尚未设立当前专项活动：以下为库中全部问题")
            self.phase.setText("在「专项活动」页新建活动后，这里显示其阶段、报送期限和各单位的报送情况。")
        else:
            self.heading.setText(f"{d.campaign_name}　{d.doc_no}")
            self.phase.setText(self._phase_text(d))
        values = {"found": d.status.found, "rectified": d.status.rectified, "in_progress": d.status.in_progress,
                  "pending": d.status.pending, "overdue": d.status.overdue, "supervised": d.supervised}
        for key, tile in self.tiles.items():
            color = TILE_COLORS.get(key)
            tile.set_value(values[key], color.name() if color else "")
        self.progress.set_segments(
            [Segment("已销号", d.status.rectified, GREEN), Segment("整改中、待整改", d.status.open - d.status.overdue, BLUE),
             Segment("逾期未销号", d.status.overdue, RED)],
            f"销号率 {d.status.rate:.0%}" if d.status.found else "")
        self.by_category.set_data([(c.label, c.value) for c in d.by_category])
        self.by_unit.set_data([(c.label, c.value) for c in d.by_unit])
        self.deadlines.clear()
        week = {(x.due_on, x.what) for x in d.this_week}
        shown = d.deadlines + [x for x in d.this_week if x not in d.deadlines]
        for x in sorted(shown, key=lambda x: x.due_on):
            self.deadlines.addItem(("★ " if (x.due_on, x.what) in week else "　 ") + deadline_text(x))
        if not shown:
            self.deadlines.addItem("没有待到期的节点。")
        self.units.setText(self._units_text(d))

    @staticmethod
    def _phase_text(d: Dashboard) -> str:
        parts = [f"倒查期间：{d.period}"]
        if d.phase is not None:
            left = f"，还剩 {d.phase.days_left} 天" if d.phase.days_left is not None else ""
            parts.append(f"当前阶段：<b>{d.phase.name}</b>（第 {d.phase.number}/{d.phase.of} 阶段，"
                         f"{d.phase.date_from} 至 {d.phase.date_to}{left}）")
        else:
            parts.append("当前不在任何阶段内")
        if d.next_phase is not None:
            parts.append(f"下一阶段：{d.next_phase.name}（{d.next_phase.date_from} 开始）")
        return "　".join(parts)

    @staticmethod
    def _units_text(d: Dashboard) -> str:
        if not d.submissions_expected:
            return "还没有登记各单位应报送的材料。"
        lines = [f"应报 {d.submissions_expected} 项，已收到 {d.submissions_received} 项。"]
        lines.append(f"<span style='color:{RED.name()}'>逾期单位：{'、'.join(d.late_units)}</span>"
                     if d.late_units else "没有逾期的单位。")
        if d.zero_report_units:
            lines.append(f"问题零报告单位（重点抽查对象）：{'、'.join(d.zero_report_units)}")
        return "<br>".join(lines)
