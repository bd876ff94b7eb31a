"""A complaint's two deadlines (reference/003: 一周内程序性回复、一个月内实体性办理), from the
office's settings (app/settings.py, keys under `complaints.`):

    complaints.reply_days     7         the procedural reply is due this many days after receipt
    complaints.reply_count    calendar  calendar days (自然日), or `working` days (工作日: the
                                        working-day calendar, holidays and 调休 included)
    complaints.result_months  1         the substantive result is due this many months after

"Within 7 days" counts from the day after receipt, as legal periods do: received on 09-28, due on
10-05 (calendar days). "One month" is the same day of the next month, clamped to its last day:
received on 01-31, due on 02-28 (02-29 in a leap year).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from app.errors import UserError
from app.settings import read_settings, write_settings
from app.store import Store

PREFIX = "complaints."
CALENDAR, WORKING = "calendar", "working"
COUNT_LABELS = {CALENDAR: "自然日", WORKING: "工作日"}


@dataclass(frozen=True)
class DeadlineRules:
    reply_days: int = 7
    reply_count: str = CALENDAR
    result_months: int = 1

    def describe(self) -> str:
        return (f"程序性回复：收到后 {self.reply_days} 个{COUNT_LABELS[self.reply_count]}内；"
                f"实体性办理：{self.result_months} 个月内")


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the last day of that month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _positive(text: str, what: str) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise UserError(f"{what}应为正整数，现为「{text}」。") from None
    if value < 1:
        raise UserError(f"{what}应为正整数，现为「{text}」。")
    return value


def read_rules(store: Store) -> DeadlineRules:
    values = read_settings(store, PREFIX)
    default = DeadlineRules()
    count = values.get("reply_count", default.reply_count)
    if count not in COUNT_LABELS:
        raise UserError(f"设置 complaints.reply_count 应为 calendar（自然日）或 working（工作日），现为「{count}」。")
    return DeadlineRules(reply_days=_positive(values.get("reply_days", str(default.reply_days)), "程序性回复期限天数"),
                         reply_count=count,
                         result_months=_positive(values.get("result_months", str(default.result_months)),
                                                 "实体性办理期限月数"))


def write_rules(store: Store, *, reply_days: int | None = None, reply_count: str | None = None,
                result_months: int | None = None, operator: str = "") -> DeadlineRules:
    """Change the office's complaint deadlines (for complaints received from now on)."""
    values: dict[str, str | None] = {}
    if reply_days is not None:
        values["reply_days"] = str(_positive(str(reply_days), "程序性回复期限天数"))
    if reply_count is not None:
        if reply_count not in COUNT_LABELS:
            raise UserError(f"回复期限的计算方式应为 calendar（自然日）或 working（工作日），现为「{reply_count}」。")
        values["reply_count"] = reply_count
    if result_months is not None:
        values["result_months"] = str(_positive(str(result_months), "实体性办理期限月数"))
    write_settings(store, {PREFIX + k: v for k, v in values.items()}, operator=operator)
    return read_rules(store)


def reply_due(received_on: date, rules: DeadlineRules, store: Store | None = None) -> date:
    """The procedural reply's deadline; working days need the store's calendar."""
    if rules.reply_count == CALENDAR:
        return received_on + timedelta(days=rules.reply_days)
    from app.audit.calendar_service import calendar_for

    if store is None:
        raise ValueError("working days need the store's calendar")
    with store.session() as s:
        return calendar_for(s).add_workdays(received_on, rules.reply_days)


def result_due(received_on: date, rules: DeadlineRules) -> date:
    return add_months(received_on, rules.result_months)
