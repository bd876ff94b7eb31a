"""The office's 音像记录事项清单: the penalty kinds and case types whose enforcement must be recorded
in full on audio/video (reference/002: 对查封扣押财产、强制拆除等……实行全程音像记录).

Kept as one office setting (a JSON list of words); a case is listed when one of the words appears
in its penalty, its 处罚类别, its cause or its 执行情况. The audit's RECORDING_MISSING rule reads the
same setting through its own connection (`LIST_KEY`), so the window, the CLI and the audit agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from app.errors import UserError
from app.settings import read_settings, write_settings
from app.store import Store

LIST_KEY = "process.recording_list"
DEFAULT_LIST: tuple[str, ...] = ("查封扣押", "强制拆除", "责令停产停业")
# The case columns a listed word is looked for in (the rule's SQL uses the same ones).
MATCHED_COLUMNS: tuple[str, ...] = ("penalty", "penalty_kinds", "cause", "enforcement")


def parse_list(raw: str | None) -> list[str]:
    """The stored list; the default when nothing was set (an office that set [] listed nothing)."""
    if raw is None or raw == "":
        return list(DEFAULT_LIST)
    value = json.loads(raw)
    return [str(v) for v in value if str(v).strip()]


def recording_list(store: Store) -> list[str]:
    return parse_list(read_settings(store, "process.").get("recording_list"))


def set_recording_list(store: Store, items: Iterable[str], *, operator: str = "") -> list[str]:
    """Replace the list (words trimmed, duplicates dropped, order kept)."""
    words = list(dict.fromkeys(w.strip() for w in items if w and w.strip()))
    if any(len(w) > 50 for w in words):
        raise UserError("音像记录事项清单的每一项不超过50个字（如 查封扣押、强制拆除）。")
    write_settings(store, {LIST_KEY: json.dumps(words, ensure_ascii=False)}, operator=operator)
    return words


def listed_item(words: Iterable[str], *texts: str) -> str:
    """The first listed word found in the case's texts, "" when the case is not listed."""
    joined = "".join("".join((t or "").split()) for t in texts)
    for w in words:
        if "".join(w.split()) in joined:
            return w
    return ""
