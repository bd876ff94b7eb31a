"""Scoring rules: veto items, deductions that stop at zero, grade bands."""

from __future__ import annotations

from app.review.scoring import Answer, Score, grade_of, score_review

BANDS = [["优秀", 90], ["合格", 60]]


def test_full_marks_without_problems() -> None:
    assert score_review([Answer("ok"), Answer("na"), Answer("ok", veto=True)], BANDS) == Score(100, "优秀", False)


def test_deductions_count_only_on_problems_and_stop_at_zero() -> None:
    assert score_review([Answer("problem", 5), Answer("ok", 40)], BANDS) == Score(95, "优秀", False)
    assert score_review([Answer("problem", 25), Answer("problem", 10)], BANDS) == Score(65, "合格", False)
    assert score_review([Answer("problem", 70), Answer("problem", 70)], BANDS) == Score(0, "不合格", False)


def test_a_veto_problem_fails_the_case_whatever_else() -> None:
    assert score_review([Answer("problem", 0, veto=True), Answer("ok")], BANDS) == Score(0, "不合格", True)
    assert score_review([Answer("ok", veto=True), Answer("problem", 3)], BANDS) == Score(97, "优秀", False)


def test_grade_band_edges_and_custom_bands() -> None:
    assert [grade_of(s, BANDS) for s in (100, 90, 89, 60, 59, 0)] == ["优秀", "优秀", "合格", "合格", "不合格", "不合格"]
    custom = [["优秀", 85], ["良好", 75], ["合格", 70]]
    assert [grade_of(s, custom) for s in (86, 80, 70, 69)] == ["优秀", "良好", "合格", "不合格"]
