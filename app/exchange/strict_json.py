"""JSON from a package, read strictly: UTF-8, no duplicate keys, bounded depth.

Duplicate keys are refused because two readers may pick different values (json keeps the last,
others the first): a signed manifest must mean one thing. Depth is bounded because Python's
parser recurses — a manifest of 100 000 nested brackets, signed by any key, would otherwise end
the program with a RecursionError — and because everything after the parser walks the
document recursively too.
"""

from __future__ import annotations

import json
from typing import Any

from app.exchange.errors import PackageRejected


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def depth_of(doc: Any) -> int:
    """Nesting depth of lists and objects (a scalar is 0), walked without recursion."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def load(raw: bytes, *, member: str, check: str, max_depth: int, encoding: str = "utf-8") -> Any:
    """The parsed document, or PackageRejected(member, check) saying what is wrong with it."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise PackageRejected(member, check, f"不是有效的 {encoding.upper()} 文本") from None
    try:
        doc = json.loads(text, object_pairs_hook=_pairs)
    except _DuplicateKey as exc:
        raise PackageRejected(member, check, f"含重复的键「{exc.key[:80]}」（同一对象中出现两次，含义不唯一）") from None
    except RecursionError:
        raise PackageRejected(member, check, f"的嵌套层数过深（上限 {max_depth} 层）") from None
    except ValueError:
        raise PackageRejected(member, check, "不是有效的 JSON") from None
    if depth_of(doc) > max_depth:
        raise PackageRejected(member, check, f"的嵌套层数过深（上限 {max_depth} 层）")
    return doc
