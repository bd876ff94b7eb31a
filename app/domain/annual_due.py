"""When the annual enforcement statistics (统计年报) are due (reference/002: 每年1月31日前公布上一年度的
统计数据). A pure date rule, kept apart from app/reports so the dashboard can show it without
importing the report writers."""

from __future__ import annotations

from datetime import date


def annual_due(as_of: date) -> date | None:
    """The report's due date while it is due: from 1 December to 31 January (else None)."""
    if as_of.month == 12:
        return date(as_of.year + 1, 1, 31)
    if as_of.month == 1:
        return date(as_of.year, 1, 31)
    return None
