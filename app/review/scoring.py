"""Scoring a case review (评查评分, DOMAIN.md §3.4): pure functions, no store.

- A veto item (否决项: 主体不合法, 执法人员无资格 …) marked `problem` makes the case 不合格 with
  score 0, whatever else was found.
- Otherwise the score is the full score less the points deducted on `problem` items; it stops
  at zero and never goes negative.
- The grade is the first band whose floor the score reaches, bands from high to low
  (default 优秀 ≥ 90, 合格 ≥ 60); below every band the case is 不合格.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FULL_SCORE = 100
FAIL_GRADE = "不合格"
STATUSES = ("ok", "problem", "na")
STATUS_LABELS = {"ok": "无问题", "problem": "有问题", "na": "不适用", "": "未评"}


@dataclass(frozen=True)
class Answer:
    status: str
    deduct: int = 0
    veto: bool = False


@dataclass(frozen=True)
class Score:
    score: int
    grade: str
    vetoed: bool


def grade_of(score: int, bands: Sequence[Sequence[object]]) -> str:
    """The grade for a score: bands are [[name, floor], …] from the highest floor down."""
    for name, floor in bands:
        if score >= int(floor):  # type: ignore[call-overload]
            return str(name)
    return FAIL_GRADE


def score_review(answers: Iterable[Answer], bands: Sequence[Sequence[object]], full: int = FULL_SCORE) -> Score:
    items = list(answers)
    if any(a.veto and a.status == "problem" for a in items):
        return Score(0, FAIL_GRADE, True)
    lost = sum(a.deduct for a in items if a.status == "problem")
    score = max(0, full - lost)
    return Score(score, grade_of(score, bands), False)
