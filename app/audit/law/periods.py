"""Period arithmetic: "within N days" counted in calendar days or in working days.

The 2021 text (第八十五条) counts its 二日/三日/五日/七日 in working days, which follow the State
Council's holiday notices through `Calendar`; every other period, and every period of the 2017
text, is in calendar days. The day the period starts from is not counted, and the last day is
still in time (the deadline itself is "within").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from app.domain.calendar import Calendar

DayKind = Literal["calendar", "working"]
DAY_KINDS: tuple[DayKind, ...] = ("calendar", "working")


@dataclass(frozen=True)
class Deadline:
    """The last day still in time, and whether working days were guessed (weekends only) for a
    year with no holiday data — every result that used the guess must say so."""

    due: date
    fallback: bool = False

    def missed_by(self, d: date) -> bool:
        """True when `d` falls after the last day in time."""
        return d > self.due


def deadline(start: date, period: int, day_kind: DayKind, calendar: Calendar | None = None) -> Deadline:
    """The last day of a period of `period` days (of `day_kind`) running from `start`.

    Calendar days need no calendar; working days do, and report the weekends-only fallback when a
    year between the start and the due day has no holiday data."""
    if period < 1:
        raise ValueError("period must be at least 1 day")
    if day_kind == "calendar":
        return Deadline(start + timedelta(days=period))
    if calendar is None:
        raise ValueError("working-day periods need a Calendar")
    due = calendar.add_workdays(start, period)
    return Deadline(due, bool(calendar.fallback_years(start, due)))


def elapsed(start: date, end: date, day_kind: DayKind, calendar: Calendar | None = None) -> int:
    """How many days of `day_kind` after `start` up to and including `end` (0 if end ≤ start):
    the count in which `end` falls, so `end` is in time when it is at most the period."""
    if end <= start:
        return 0
    if day_kind == "calendar":
        return (end - start).days
    if calendar is None:
        raise ValueError("working-day periods need a Calendar")
    n, d = 0, start
    while d < end:
        d += timedelta(days=1)
        if calendar.is_workday(d):
            n += 1
    return n


def describe(period: int, day_kind: DayKind) -> str:
    """"15日" / "7个工作日" for messages."""
    return f"{period}个工作日" if day_kind == "working" else f"{period}日"
