"""The one table of pages in the left navigation: key, title and builder, in navigation order.

A builder gets what a page needs — the store, the shared events object, the operator and the
parent widget — never the window, so no page module knows the window and the window knows
the pages only through this table. Each page module is imported when its page is first built
(the window starts as fast with twelve pages as with one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.records.fields import KIND_LABELS
from app.store import Store
from ui.common.events import RECORD_KINDS, Events


@dataclass(frozen=True)
class PageContext:
    store: Store
    events: Events
    operator: str
    parent: QWidget


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    build: Callable[[PageContext], QWidget]


def _register(kind: str) -> Callable[[PageContext], QWidget]:
    def build(c: PageContext) -> QWidget:
        from ui.registers.register_page import RegisterPage

        return RegisterPage(c.store, kind, c.parent, operator=c.operator, events=c.events)

    return build


def _dashboard(c: PageContext) -> QWidget:
    from ui.campaigns.dashboard_page import DashboardPage

    return DashboardPage(c.store, c.parent, operator=c.operator, events=c.events)


def _campaigns(c: PageContext) -> QWidget:
    from ui.campaigns.campaign_page import CampaignPage

    return CampaignPage(c.store, c.parent, operator=c.operator, events=c.events)


def _audit(c: PageContext) -> QWidget:
    from ui.audit.audit_page import AuditPage

    return AuditPage(c.store, c.parent, operator=c.operator, events=c.events)


def _law_rules(c: PageContext) -> QWidget:
    from ui.audit.law_rules_page import LawRulesPage

    return LawRulesPage(c.store, c.parent, operator=c.operator, events=c.events)


def _review(c: PageContext) -> QWidget:
    from ui.review.review_page import ReviewPage

    return ReviewPage(c.store, c.parent, operator=c.operator, events=c.events)


def _problems(c: PageContext) -> QWidget:
    from ui.rectify.problems_page import ProblemsPage

    return ProblemsPage(c.store, c.parent, operator=c.operator, events=c.events)


def _complaints(c: PageContext) -> QWidget:
    from ui.registers.complaints_page import ComplaintsPage

    return ComplaintsPage(c.store, c.parent, operator=c.operator, events=c.events)


def _visits(c: PageContext) -> QWidget:
    from ui.registers.visits_page import VisitsPage

    return VisitsPage(c.store, c.parent, operator=c.operator, events=c.events)


def _surveys(c: PageContext) -> QWidget:
    from ui.registers.surveys_page import SurveysPage

    return SurveysPage(c.store, c.parent, operator=c.operator, events=c.events)


def _reports(c: PageContext) -> QWidget:
    from ui.reports.reports_page import ReportsPage

    return ReportsPage(c.store, c.parent, operator=c.operator, events=c.events)


def _bureau(c: PageContext) -> QWidget:
    from ui.exchange.bureau_page import BureauPage

    return BureauPage(c.store, c.parent, operator=c.operator, events=c.events)


def _process_records(c: PageContext) -> QWidget:
    from ui.process.records_page import RecordsPage

    return RecordsPage(c.store, c.parent, operator=c.operator, events=c.events)


def _plan_tasks(c: PageContext) -> QWidget:
    from ui.process.tasks_page import TasksPage

    return TasksPage(c.store, c.parent, operator=c.operator, events=c.events)


def _annual(c: PageContext) -> QWidget:
    from ui.process.annual_page import AnnualPage

    return AnnualPage(c.store, c.parent, operator=c.operator, events=c.events)


def _backups(c: PageContext) -> QWidget:
    from ui.system.backups_page import BackupsPage

    return BackupsPage(c.store, c.parent, operator=c.operator, events=c.events)


def _settings(c: PageContext) -> QWidget:
    from ui.system.settings_page import SettingsPage

    return SettingsPage(c.store, c.parent, operator=c.operator, events=c.events)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", "首页", _dashboard),
    *(PageSpec(kind, KIND_LABELS[kind], _register(kind)) for kind in RECORD_KINDS),
    PageSpec("campaigns", "专项活动", _campaigns),
    PageSpec("audit", "倒查", _audit),
    PageSpec("law_rules", "本单位规则", _law_rules),
    PageSpec("review", "评查", _review),
    PageSpec("problems", "问题整改", _problems),
    PageSpec("complaints", "投诉举报", _complaints),
    PageSpec("visits", "回访", _visits),
    PageSpec("surveys", "问卷调查", _surveys),
    PageSpec("reports", "报告", _reports),
    PageSpec("bureau", "上级汇总", _bureau),
    PageSpec("process_records", "全过程记录", _process_records),
    PageSpec("plan_tasks", "任务推进表", _plan_tasks),
    PageSpec("annual", "统计年报", _annual),
    PageSpec("backups", "备份", _backups),
    PageSpec("settings", "设置", _settings),
)
KEYS: tuple[str, ...] = tuple(p.key for p in PAGES)
REGISTER_KEYS: tuple[str, ...] = RECORD_KINDS


def position(key: str) -> int:
    """The page's row in the navigation (KeyError for an unknown page)."""
    try:
        return KEYS.index(key)
    except ValueError:
        raise KeyError(key) from None
