"""The three shipped problem taxonomies (DOMAIN.md §2), read from resources/taxonomies/.

They are data, copied verbatim from the customer's documents; a campaign takes its own copy
on creation, so editing a campaign's taxonomy never touches the templates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from app.errors import UserError

TEMPLATE_IDS = ("A", "B", "C")


def taxonomies_dir() -> Path:
    """resources/taxonomies beside the package (or inside a PyInstaller bundle)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "taxonomies"


def load_template(template_id: str, directory: Path | None = None) -> dict[str, Any]:
    """The template as {"id","name","source","categories":[{"name","manifestations":[…]}]}."""
    key = (template_id or "").strip().upper()
    if key not in TEMPLATE_IDS:
        raise UserError(f"未知的问题分类模板「{template_id}」，应为 A、B、C 之一"
                        "（A：2017/2019 年五类问题；B：2021 年四类执法乱象；C：2022 年不作为乱作为）。")
    path = (directory or taxonomies_dir()) / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"无法读取问题分类模板 {path}（{exc}）。") from exc
    check_taxonomy(data, str(path))
    return data


def check_taxonomy(data: Any, origin: str) -> None:
    """Refuse a template that is not the expected shape (raises UserError naming the problem)."""
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list) or not data["categories"]:
        raise UserError(f"问题分类模板 {origin} 格式不对：缺少 categories。")
    seen: set[str] = set()
    for cat in data["categories"]:
        name = cat.get("name") if isinstance(cat, dict) else None
        items = cat.get("manifestations") if isinstance(cat, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(items, list):
            raise UserError(f"问题分类模板 {origin} 格式不对：类别须有 name 和 manifestations。")
        if name in seen:
            raise UserError(f"问题分类模板 {origin} 中类别「{name}」重复。")
        seen.add(name)
        if len(set(items)) != len(items) or not all(isinstance(i, str) and i.strip() for i in items):
            raise UserError(f"问题分类模板 {origin} 类别「{name}」的具体表现有空项或重复。")
