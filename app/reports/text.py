"""Small text helpers shared by the forms and the PDF reports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

# Control characters neither XML (xlsx) nor a PDF text line can carry; tab/CR/LF are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: object) -> str:
    """User text as a printable string: None → '', dates as ISO, control characters dropped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return _CONTROL.sub("", str(value))


def cn_date(value: date | datetime | None) -> str:
    """2024年5月6日 (official documents write dates this way); '' for None."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def method_label(p: Mapping[str, Any]) -> str:
    """整改方式: 立行立改 or 限期整改 (blank while no measure or deadline is set)."""
    if p.get("immediate"):
        return "立行立改"
    if p.get("deadline") or p.get("timetable"):
        return "限期整改"
    return ""


def deadline_text(p: Mapping[str, Any]) -> str:
    parts = [cn_date(p.get("deadline"))] if p.get("deadline") else []
    if p.get("timetable"):
        parts.append(clean(p["timetable"]))
    return "\n".join(parts)


def status_text(p: Mapping[str, Any]) -> str:
    status = clean(p.get("status")) or "待整改"
    if p.get("overdue") and status != "已销号":
        return f"{status}（逾期）"
    return status


def dept_of(p: Mapping[str, Any]) -> str:
    """责任部门: the department named in the measure, else the unit the problem is in."""
    return clean(p.get("dept")) or clean(p.get("unit"))


def progress_text(entries: Iterable[Mapping[str, Any]]) -> str:
    lines = []
    for e in entries:
        when = e.get("on")
        lines.append(f"{clean(when)} {clean(e.get('note'))}".strip())
    return "\n".join(lines)


def evidence_text(files: Iterable[Mapping[str, Any]]) -> str:
    """Each evidence file as 'name（SHA-256 0123456789ab…）', one per line."""
    return "\n".join(f"{clean(f.get('file_name'))}（SHA-256 {clean(f.get('sha256'))[:12]}…）" for f in files)
