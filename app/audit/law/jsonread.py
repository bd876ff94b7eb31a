"""Reading the office's rules back from JSON (the settings table, an imported package).

The document may come from another machine or an older version, so every value is checked and a
wrong one is an expected error (ValidationError) naming the place in Chinese, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from app.errors import ValidationError

T = TypeVar("T")


def fail(where: str, message: str) -> ValidationError:
    return ValidationError(f"{where}：{message}", {where: message})


def build(where: str, make: Callable[[], T]) -> T:
    """Construct a rule, naming its place in the document when its own validation refuses it."""
    try:
        return make()
    except ValidationError as e:
        if e.message.startswith(where):
            raise
        raise ValidationError(f"{where}：{e.message}", {where: e.message}) from None


def as_object(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise fail(where, "应为对象")
    return value


def as_list(value: object, where: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise fail(where, "应为列表")
    return value


def text(doc: Mapping[str, object], key: str, where: str, required: bool = False) -> str:
    value = doc.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise fail(where, f"「{key}」应为文字")
    value = value.strip()
    if required and not value:
        raise fail(where, f"「{key}」不能为空")
    return value


def whole(doc: Mapping[str, object], key: str, where: str, *, required: bool = True,
          minimum: int = 0, maximum: int | None = None) -> int | None:
    """An integer (days, fen); floats and 是/否 are refused so amounts stay exact."""
    value = doc.get(key)
    if value is None:
        if required:
            raise fail(where, f"缺少「{key}」")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(where, f"「{key}」应为整数")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"在 {minimum}～{maximum} 之间" if maximum is not None else f"不小于 {minimum}"
        raise fail(where, f"「{key}」应{bound}")
    return value


def day(doc: Mapping[str, object], key: str, where: str, required: bool = True) -> date | None:
    value = doc.get(key)
    if value is None or value == "":
        if required:
            raise fail(where, f"缺少「{key}」")
        return None
    if not isinstance(value, str):
        raise fail(where, f"「{key}」应为日期（YYYY-MM-DD）")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(where, f"「{key}」不是有效日期：{value}") from None


def flag(doc: Mapping[str, object], key: str, where: str) -> bool:
    value = doc.get(key, False)
    if not isinstance(value, bool):
        raise fail(where, f"「{key}」应为 true 或 false")
    return value


def texts(doc: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    out = []
    for i, v in enumerate(as_list(doc.get(key), f"{where}「{key}」")):
        if not isinstance(v, str) or not v.strip():
            raise fail(where, f"「{key}」第{i + 1}项应为非空文字")
        out.append(v.strip())
    return tuple(out)


def iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None
