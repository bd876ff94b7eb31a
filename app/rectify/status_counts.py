"""The problem list counted the way the 首页 and the 整改报告's charts show it: found, 已销号,
整改中, 待整改 and overdue (预警), and labelled counts for the bar charts. Plain data, so the
report's charts (app/reports/report_charts.py) need not import the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.rectify.problems import CLOSED


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class StatusCounts:
    found: int = 0
    rectified: int = 0  # 已销号
    in_progress: int = 0  # 整改中
    pending: int = 0  # 待整改
    overdue: int = 0  # past the deadline and not closed (预警), a part of in_progress + pending

    @property
    def open(self) -> int:
        return self.found - self.rectified

    @property
    def rate(self) -> float:
        """The share closed (销号率), 0 with nothing found."""
        return self.rectified / self.found if self.found else 0.0


def status_counts(problems: list[dict[str, Any]]) -> StatusCounts:
    return StatusCounts(found=len(problems), rectified=sum(p["status"] == CLOSED for p in problems),
                        in_progress=sum(p["status"] == "整改中" for p in problems),
                        pending=sum(p["status"] == "待整改" for p in problems),
                        overdue=sum(bool(p["overdue"]) for p in problems))
