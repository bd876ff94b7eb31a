"""The campaign page's 进度与报送 tab: the phases (the current one marked), what is due this week,
and per unit what it must hand in and whether it did — late units in red, 问题零报告 units named
as the 重点抽查's targets. Read-only: phases and submissions are entered in the dialogs of
ui/campaigns/schedule_actions.py (or with `campaign phase add`, `submission expect|receive`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.campaigns.phases import Week, current_phase, list_milestones, list_phases
from app.campaigns.submissions import LATE, late_units, list_submissions, zero_report_units
from app.store import Store
from ui.common.table_view import make_sheet

PHASE_HEADERS = ("阶段", "起止日期", "报送期限", "")
SUBMISSION_HEADERS = ("单位", "材料", "报送期限", "状态", "收到日期", "接收人", "报告问题数", "文件（SHA-256）")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SHA_PREFIX = 12
LATE_BRUSH = QBrush(QColor("#c0392b"))


def _table(headers: tuple[str, ...], title: str, key: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(key)
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    make_sheet(t, title=title, key=key, frozen=False)
    return t


def _fill(table: QTableWidget, rows: list[tuple[Any, ...]], late: list[bool] | None = None,
          ids: list[int] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if ids is not None:
                item.setData(ID_ROLE, ids[r])
            if late is not None and late[r]:
                item.setForeground(LATE_BRUSH)
            table.setItem(r, c, item)


def file_text(r: dict[str, Any]) -> str:
    return f"{r['file_name']} · {r['sha256'][:SHA_PREFIX]}…" if r.get("file_name") else ""


class ScheduleView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.summary = QLabel()
        self.summary.setObjectName("scheduleSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.phases = _table(PHASE_HEADERS, "阶段", "phases")
        self.submissions = _table(SUBMISSION_HEADERS, "各单位报送", "submissions")
        self.rows: list[dict[str, Any]] = []  # the submissions shown, in table order
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("阶段"))
        layout.addWidget(self.phases, 1)
        layout.addWidget(QLabel("各单位报送"))
        layout.addWidget(self.submissions, 2)

    def show_campaign(self, campaign_id: int | None, as_of: date | None = None) -> None:
        as_of = as_of or date.today()
        if campaign_id is None:
            self.summary.setText("")
            self.rows = []
            _fill(self.phases, [])
            _fill(self.submissions, [])
            return
        phases = list_phases(self.store, campaign_id=campaign_id, as_of=as_of)
        subs = list_submissions(self.store, campaign_id=campaign_id, as_of=as_of)
        milestones = list_milestones(self.store, campaign_id=campaign_id)
        _fill(self.phases, [(p["name"], f"{p['from']} 至 {p['to']}", p["report_deadline"] or "—",
                             "当前" if p["current"] else "") for p in phases])
        self.rows = subs
        _fill(self.submissions, [(r["unit"], r["kind"], r["due_on"], r["status"] + (
            f"（{r['days_late']} 天）" if r["late"] else ""), r["received_on"] or "", r["received_by"],
            "" if r["problem_count"] is None else r["problem_count"], file_text(r)) for r in subs],
            [r["status"] in LATE for r in subs], [int(r["id"]) for r in subs])
        self.summary.setText(self.summary_text(phases, milestones, subs, as_of))

    def selected_submission(self) -> dict[str, Any] | None:
        """The submission of the current row (None when no row is chosen)."""
        row = self.submissions.currentRow()
        item = self.submissions.item(row, 0) if row >= 0 else None
        if item is None or not self.submissions.selectionModel().isRowSelected(row, QModelIndex()):
            return None
        sid = item.data(ID_ROLE)
        return next((r for r in self.rows if r["id"] == sid), None)

    @staticmethod
    def summary_text(phases: list[dict[str, Any]], milestones: list[dict[str, Any]], subs: list[dict[str, Any]],
                     as_of: date) -> str:
        now = current_phase(phases, as_of)
        week = Week.of(as_of)
        due = [f"{m['due_on']:%m月%d日} {m['title']}" for m in milestones if week.holds(m["due_on"])]
        due += [f"{p['report_deadline']:%m月%d日} 「{p['name']}」阶段报送" for p in phases
                if week.holds(p["report_deadline"])]
        waiting = sorted({(r["due_on"], r["kind"]) for r in subs if r["received_on"] is None and week.holds(r["due_on"])})
        due += [f"{d:%m月%d日} {k}" for d, k in waiting]
        late, zero = late_units(subs), zero_report_units(subs)
        lines = [f"当前阶段：<b>{now['name']}</b>（{now['from']} 至 {now['to']}）" if now else "当前不在任何阶段内",
                 "本周到期：" + ("；".join(due) if due else "无")]
        lines.append(f"<span style='color:#c0392b'>逾期单位：{'、'.join(late)}</span>" if late else "逾期单位：无")
        lines.append(f"问题零报告单位（重点抽查对象）：{'、'.join(zero) if zero else '无'}")
        return "<br>".join(lines)
