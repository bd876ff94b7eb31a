"""The working-day calendar as the program uses it: shipped years plus years the office added.

Years added by hand live in the store's `calendar_years` table (backed up with the data) and
override the shipped data for that year.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import Calendar, YearData, load_bundled
from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_audit import CalendarYear


def stored_years(s: Session) -> list[YearData]:
    return [YearData(year=row.year, holidays=frozenset(date.fromisoformat(d) for d in json.loads(row.holidays_json)),
                     workdays=frozenset(date.fromisoformat(d) for d in json.loads(row.workdays_json)),
                     source=row.source, origin="store")
            for row in s.scalars(select(CalendarYear))]


def calendar_for(s: Session) -> Calendar:
    return Calendar.bundled(stored_years(s))


def parse_dates(text: str, what: str) -> list[date]:
    """"2027-01-01,2027/1/2 …" → dates; UserError naming the bad one."""
    out: list[date] = []
    for part in text.replace("，", ",").replace("、", ",").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            d = parse_date(part)
        except ValueParseError as exc:
            raise UserError(f"{what}中的日期「{part}」无法识别：{exc}") from exc
        if d is None:
            continue
        out.append(d)
    return sorted(set(out))


def add_year(store: Store, year: int, holidays: list[date], workdays: list[date], *, source: str = "",
             operator: str = "") -> YearData:
    """Record a year's holidays and adjusted working weekends (replacing what was there)."""
    if not 1990 <= year <= 2200:
        raise UserError(f"年份 {year} 不合理。")
    if not holidays:
        raise UserError(f"请给出 {year} 年的法定节假日（--holidays）。")
    for d in holidays:
        if d.year != year:
            raise UserError(f"节假日 {d.isoformat()} 不在 {year} 年内。")
    for d in workdays:
        if not (d.year == year or (d.year == year - 1 and d.month == 12)):
            raise UserError(f"调休上班日 {d.isoformat()} 不在 {year} 年内（或上一年十二月）。")
        if d.weekday() < 5:
            raise UserError(f"调休上班日 {d.isoformat()} 是周{'一二三四五'[d.weekday()]}，本来就是工作日。")
    both = set(holidays) & set(workdays)
    if both:
        raise UserError(f"日期 {min(both).isoformat()} 不能既是节假日又是调休上班日。")
    data = YearData(year, frozenset(holidays), frozenset(workdays),
                    source or f"国务院办公厅关于{year}年部分节假日安排的通知（手工录入）", "store")
    with store.writing() as s:
        row = s.get(CalendarYear, year)
        before = _row_dict(row) if row else None
        if row is None:
            row = CalendarYear(year=year)
            s.add(row)
        row.holidays_json = json.dumps(sorted(d.isoformat() for d in holidays))
        row.workdays_json = json.dumps(sorted(d.isoformat() for d in workdays))
        row.source, row.operator = data.source, operator
        row.added_at = datetime.now().replace(microsecond=0)
        s.flush()
        changelog.append(s, operator=operator, action="update" if before else "create",
                         table_name="calendar_years", record_id=year, before=before, after=_row_dict(row))
    return data


def _row_dict(row: CalendarYear) -> dict[str, object]:
    return {"year": row.year, "holidays": json.loads(row.holidays_json), "workdays": json.loads(row.workdays_json),
            "source": row.source}


def show_year(store: Store, year: int) -> dict[str, object]:
    """The year as the calendar sees it: data, where it came from, or that it falls back."""
    with store.session() as s:
        stored = {y.year: y for y in stored_years(s)}
    data = stored.get(year) or load_bundled().get(year)
    if data is None:
        return {"year": year, "origin": "fallback", "source": "无数据：按周一至周五为工作日推算",
                "holidays": [], "workdays": []}
    return data.to_json()
