"""What this user opened and produced lately: the last five stores (文件 → 最近打开) and the
reports and forms the window wrote (最近生成的文件), kept in `recent.json` beside config.json in
the user's config directory — paths only, nothing secret, per user rather than per store.

    recent_stores() · remember_store(path)            newest first, at most MAX_STORES
    recent_outputs() · remember_output(path, kind)    newest first, at most MAX_OUTPUTS

A file that cannot be read is treated as empty (it only remembers conveniences) and rewritten on
the next change; entries whose file is gone are kept out of the lists shown.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.store import config_path

MAX_STORES = 5
MAX_OUTPUTS = 30


@dataclass(frozen=True)
class RecentOutput:
    path: Path
    kind: str
    at: datetime


def recent_path() -> Path:
    return config_path().with_name("recent.json")


def _load() -> dict[str, Any]:
    try:
        data = json.loads(recent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any]) -> None:
    path = recent_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def _key(path: Path | str) -> str:
    return str(Path(path).expanduser().resolve())


def recent_stores(*, existing_only: bool = True, limit: int = MAX_STORES) -> list[Path]:
    """The stores opened lately, newest first (the one open now among them: the menu leaves it
    out and still shows five others, so one more is kept)."""
    stores = [Path(p) for p in _load().get("stores", []) if isinstance(p, str)]
    return [p for p in stores if p.exists() or not existing_only][:limit]


def remember_store(path: Path | str) -> list[Path]:
    data = _load()
    key = _key(path)
    stores = [key, *(p for p in data.get("stores", []) if isinstance(p, str) and p != key)]
    data["stores"] = stores[:MAX_STORES + 1]
    _save(data)
    return [Path(p) for p in data["stores"]]


def recent_outputs(*, existing_only: bool = True) -> list[RecentOutput]:
    out = []
    for item in _load().get("outputs", []):
        try:
            entry = RecentOutput(Path(item["path"]), str(item.get("kind", "")), datetime.fromisoformat(item["at"]))
        except (KeyError, TypeError, ValueError):
            continue
        if entry.path.exists() or not existing_only:
            out.append(entry)
    return out[:MAX_OUTPUTS]


def remember_output(path: Path | str, kind: str, when: datetime | None = None) -> None:
    data = _load()
    key = _key(path)
    item = {"path": key, "kind": kind, "at": (when or datetime.now()).replace(microsecond=0).isoformat()}
    outputs = [item, *(o for o in data.get("outputs", []) if isinstance(o, dict) and o.get("path") != key)]
    data["outputs"] = outputs[:MAX_OUTPUTS]
    _save(data)
