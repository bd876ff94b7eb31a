"""Case review (一案一查 / 评查): checklists, scoring, blind pairs and consensus."""

from app.review.consensus import disagreements, record_consensus
from app.review.scoring import grade_of, score_review
from app.review.service import mark_item, start_review, submit_review, view_reviews

__all__ = ["disagreements", "grade_of", "mark_item", "record_consensus", "score_review", "start_review",
           "submit_review", "view_reviews"]
