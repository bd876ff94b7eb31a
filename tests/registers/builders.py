"""Stores for the register tests: decided cases of three units entered through the records
service (in any order), and a campaign when a test needs its taxonomy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.records.service import save
from app.store import Store, open_store

UNITS = ("沈阳市水务事务服务与行政执法中心", "沈阳市浑河管理处", "沈阳市节约用水办公室")


def decided_cases(count: int = 30) -> list[dict[str, Any]]:
    """`count` decided cases, every seventh one without a decision date (out of the visit population)."""
    out = []
    for i in range(count):
        out.append({"case_no": f"沈水罚字[{2018 + i % 2}]第{i + 1:03d}号", "party": f"当事人{i:02d}",
                    "unit": UNITS[i % 3], "fine_fen": "50000",
                    "decided_on": "" if i % 7 == 6 else f"{2018 + i % 2}-0{1 + i % 9}-10"})
    return out


def store_with(path: Path, cases: list[dict[str, Any]]) -> Store:
    store = open_store(path)
    for values in cases:
        save(store, "cases", values)
    return store
