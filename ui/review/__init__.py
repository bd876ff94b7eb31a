"""评查: the review checklist, scores and the consensus."""
