"""Dates from spreadsheet cells and typed text.

Cells arrive as `date`/`datetime` (a formatted date cell), as Excel serial numbers (a date
column whose format was lost), or as text in the half-dozen ways people type dates in China.
Anything that names a day that does not exist is an error, never a guess.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from app.domain.errors import ValueParseError

# Excel's 1900 date system: serial 1 = 1900-01-01, and serial 60 is 1900-02-29, a day that never
# was (Lotus 1-2-3's leap-year bug, kept for compatibility). From serial 61 on, the day count is
# off by one, so the epoch for those serials is 1899-12-30.
_EPOCH_BEFORE_LEAP_BUG = date(1899, 12, 31)
_EPOCH_AFTER_LEAP_BUG = date(1899, 12, 30)
_EPOCH_AFTER_ORDINAL = _EPOCH_AFTER_LEAP_BUG.toordinal()
MAX_SERIAL = 2958465  # 9999-12-31
# Earliest year accepted from text; Excel itself has no dates before 1900.
MIN_YEAR = 1900

_TIME = r"(?:(?:T|\s)\s*[0-9]{1,2}(?::[0-9]{1,2}){1,2}(?:\.[0-9]+)?)?"
_PATTERNS = (
    re.compile(r"([0-9]{4})\s*([-/.])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})" + _TIME + r"\Z"),
    re.compile(r"([0-9]{4})\s*(年)\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?" + _TIME + r"\Z"),
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})" + _TIME + r"\Z"),
)


def excel_serial_to_date(serial: float) -> date:
    """Excel 1900-system serial → date; a fractional part is a time of day and is dropped."""
    if isinstance(serial, bool) or not isinstance(serial, (int, float)) or not math.isfinite(serial):
        raise ValueParseError(f"无法识别的日期「{serial}」")
    day = math.floor(serial)
    if not 1 <= day <= MAX_SERIAL:
        raise ValueParseError(f"日期序号超出范围「{serial}」")
    if day == 60:
        raise ValueParseError("日期不存在「1900-02-29」（Excel 日期序号 60）")
    if day < 60:
        return _EPOCH_BEFORE_LEAP_BUG + timedelta(days=day)
    return _EPOCH_AFTER_LEAP_BUG + timedelta(days=day)


def parse_date(value: object) -> date | None:
    """A cell or text → date; None for a blank. Raises ValueParseError with a Chinese reason."""
    # datetime is a subclass of date, so test it first; exact date objects are the common case.
    if value.__class__ is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, bool):
        raise ValueParseError(f"无法识别的日期「{value}」")
    if isinstance(value, (int, float)):
        # Common case first: a serial after Excel's fake leap day (NaN fails the comparison).
        if 61 <= value <= MAX_SERIAL:
            return date.fromordinal(_EPOCH_AFTER_ORDINAL + int(value))
        return _parse_number(value)
    raise ValueParseError(f"无法识别的日期「{value}」")


def _parse_number(value: float) -> date:
    # A number typed as 20190305 into a General-format cell is yyyymmdd, not a serial: serials
    # stop at 2958465 (9999-12-31), so the two ranges cannot be confused.
    if isinstance(value, float) and value.is_integer() and 19_000_101 <= value <= 99_991_231:
        value = int(value)
    if isinstance(value, int) and 19_000_101 <= value <= 99_991_231:
        return _make(value // 10_000, value // 100 % 100, value % 100, str(value))
    return excel_serial_to_date(value)


def _parse_text(raw: str) -> date | None:
    s = raw.strip()
    if not s:
        return None
    # Fast path for the ISO form that CSV exports and our own forms write.
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s.isascii():
        y, m, d = s[:4], s[5:7], s[8:]
        if y.isdigit() and m.isdigit() and d.isdigit():
            return _make(int(y), int(m), int(d), raw)
    # Full-width digits and punctuation (２０１９／３／５, ２０１９－０３－０５) become ASCII.
    s = unicodedata.normalize("NFKC", s).strip()
    for pattern in _PATTERNS:
        found = pattern.match(s)
        if found:
            return _make(int(found.group(1)), int(found.group(3)), int(found.group(4)), raw)
    raise ValueParseError(f"无法识别的日期「{raw.strip()}」")


def _make(year: int, month: int, day: int, raw: str) -> date:
    if year < MIN_YEAR:
        raise ValueParseError(f"日期年份不合理「{raw.strip()}」")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueParseError(f"日期不存在「{raw.strip()}」") from None
