"""The words of the 三项制度 task table (reference/002 附件2): its columns, its 完成时限 as the plan
writes them (a month, a day, or 长期执行 / 长期推进) and a task's statuses."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.errors import UserError

# The plan's columns, in its order; 主要工作任务 spans two columns (the task and its part).
SEQ, MAIN, BREAKDOWN, REQUIREMENT, UNITS, DUE, DONE = ("序号", "主要工作任务", "任务分解", "工作要求", "责任单位",
                                                       "完成时限", "完成情况")
PLAN_COLUMNS = (SEQ, MAIN, BREAKDOWN, REQUIREMENT, UNITS, DUE)
STANDING = ("长期执行", "长期推进")
NOT_STARTED, IN_PROGRESS, DONE_STATUS = "未开始", "推进中", "已完成"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE_STATUS)

_MONTH = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*月?")


@dataclass(frozen=True)
class Due:
    text: str  # as written (2019年12月, 长期执行 …)
    on: date | None  # the last day it allows; None for a standing task


def parse_due(raw: object) -> Due:
    """A 完成时限: 长期执行 / 长期推进 (no date), a day (2019年12月20日), or a month (2019年12月: its last day)."""
    text = "".join(str(raw or "").split())
    if not text:
        raise UserError("完成时限为空。")
    if text in STANDING:
        return Due(text, None)
    m = _MONTH.fullmatch(text)
    if m is not None and 1 <= int(m.group(2)) <= 12:  # a month: the plan means by its end
        y, mo = int(m.group(1)), int(m.group(2))
        return Due(text, date(y, mo, calendar.monthrange(y, mo)[1]))
    try:
        day = parse_date(text)
    except ValueParseError:
        day = None
    if day is not None:
        return Due(text, day)
    raise UserError(f"完成时限「{text}」应为日期、年月（如 2019年12月）或 {' / '.join(STANDING)}。")


def norm_header(value: object) -> str:
    return "".join(str(value or "").split())
