"""Checking what a clerk typed for the registers: dates, required text, a choice from a list —
each refusal a UserError in Chinese naming the field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.errors import UserError


def a_date(value: object, what: str) -> date:
    """A date from a date or text ('2023-09-28', '2023年9月28日' …); required."""
    if isinstance(value, date):
        return value
    try:
        parsed = parse_date(value)
    except ValueParseError as exc:
        raise UserError(f"{what}「{value}」无法识别：{exc.reason}。") from None
    if parsed is None:
        raise UserError(f"{what}不能为空。")
    return parsed


def optional_date(value: object, what: str) -> date | None:
    return None if value is None or value == "" else a_date(value, what)


def required_text(value: object, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise UserError(f"{what}不能为空。")
    return text


def one_of(value: object, choices: Sequence[str], what: str) -> str:
    text = str(value or "").strip()
    if text not in choices:
        raise UserError(f"{what}「{text}」有误，应为 {'、'.join(choices)} 之一。")
    return text
