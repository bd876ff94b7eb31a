"""The change log, read by one reviewer, must not tell the marks of another's unfinished review.

`mark_item` and `submit_review` log each answer (status, note, points) and the score, so the log
viewer (`log list`, the 变更记录 dialog) would otherwise show a blind (背靠背) reviewer the other's
marks before both have submitted. Under login, the entries on a review the viewer may not yet
see — the same rule as app/review/service.view_reviews: another's draft, or a blind review while
its pair is not all submitted — are listed with their snapshots sealed, and a text search does
not match inside them. On a store without accounts nothing is sealed (one desk, as always).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_, select
from sqlalchemy.orm import Session

from app.accounts.actor import acting_account, has_accounts
from db.models import ChangeLogEntry
from db.models_review import Review, ReviewItem
from db.store import Store

__all__ = ["SEALED_SUMMARY", "not_sealed", "seal_entries", "sealed_records"]

SEALED_SUMMARY = "评查记录（双方提交前不显示内容）"


def sealed_records(store: Store, s: Session) -> dict[str, set[int]] | None:
    """{"reviews": ids, "review_items": ids} the logged-in viewer may not read yet; None when the
    store has no accounts."""
    if not has_accounts(store):
        return None
    actor = acting_account(store)
    viewer = actor.name if actor is not None else None
    reviews = list(s.scalars(select(Review).where(Review.kind == "single")))
    pending_blind = {r.case_key for r in reviews if r.blind and r.status != "submitted"}
    hidden = {r.id for r in reviews
              if r.reviewer != viewer and (r.status != "submitted" or (r.blind and r.case_key in pending_blind))}
    items = set(s.scalars(select(ReviewItem.id).where(ReviewItem.review_id.in_(hidden)))) if hidden else set()
    return {"reviews": hidden, "review_items": items}


def not_sealed(sealed: dict[str, set[int]]) -> ColumnElement[bool]:
    """A WHERE clause leaving out the sealed entries (for a text search inside snapshots)."""
    parts = [and_(ChangeLogEntry.table_name == table, ChangeLogEntry.record_id.in_(ids))
             for table, ids in sealed.items() if ids]
    return not_(or_(*parts)) if parts else ChangeLogEntry.id.is_not(None)


def seal_entries(entries: list[dict[str, Any]], sealed: dict[str, set[int]] | None) -> list[dict[str, Any]]:
    """The entries with the snapshots of sealed ones removed (their who, when and what stay)."""
    if not sealed:
        return entries
    for e in entries:
        if e["record_id"] in sealed.get(e["table"], ()):
            e.update(before=None, after=None, summary=SEALED_SUMMARY)
    return entries
