"""Separation of duties (issue 16 point 3), checked inside the services that write.

Who owns a problem. The problem list keeps its 责任人 (`problems.owner`) as a typed name — the
person in the unit who answers for the rectification — and, under login, `measure_accounts`
records the account that entered the measure. Both are the problem's owners: an account whose
name is the 责任人, or which entered the measure (整改措施), may neither approve that measure nor
close the problem out (销号). The approver recorded is the logged-in account, never a typed name.

Blind reviews. Under login the reviewer of a review is the logged-in account: it starts its own
review (so the two reviews of a 背靠背 pair belong to two different accounts), and marks, submits
and reads only its own until both are submitted (app/review/service.py calls `own_review`).

On a store without accounts none of this applies (`actor` is None): one desk, as always.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.roles import Actor, PermissionDeniedError
from db.models_accounts import MeasureAccount

__all__ = ["check_may_approve_measure", "check_may_close", "measure_record", "note_measure_entered", "own_review",
           "owners_of", "reviewer_for"]


def measure_record(s: Session, problem_id: int) -> MeasureAccount | None:
    return s.scalar(select(MeasureAccount).where(MeasureAccount.problem_id == problem_id))


def note_measure_entered(s: Session, problem_id: int, actor: Actor | None) -> MeasureAccount | None:
    """Record (under login) that `actor` entered the problem's measure; a measure entered again
    needs approving again, so an earlier approval is cleared."""
    if actor is None:
        return None
    row = measure_record(s, problem_id)
    if row is None:
        row = MeasureAccount(problem_id=problem_id)
        s.add(row)
    row.entered_by, row.entered_at = actor.name, datetime.now().replace(microsecond=0)
    row.approved_by, row.approved_at = "", None
    s.flush()
    return row


def owners_of(s: Session, problem_id: int, owner: str) -> set[str]:
    """The names that own the problem: its 责任人 and the account that entered its measure."""
    row = measure_record(s, problem_id)
    return {n for n in ((owner or "").strip(), row.entered_by if row else "") if n}


def check_may_close(s: Session, problem_id: int, owner: str, actor: Actor | None) -> None:
    """Refuse 销号 by one of the problem's owners (the role was checked before)."""
    if actor is not None and actor.name in owners_of(s, problem_id, owner):
        raise PermissionDeniedError(f"问题 #{problem_id} 的责任人或整改措施录入人是「{actor.name}」本人，"
                                    "不能由本人销号，须由其他负责人或审核员办理，未作任何改动。",
                                    action="problems.close")


def check_may_approve_measure(s: Session, problem_id: int, owner: str, actor: Actor) -> None:
    """Refuse approval of one's own measure: nobody approves what they entered or answer for."""
    if actor.name in owners_of(s, problem_id, owner):
        raise PermissionDeniedError(f"问题 #{problem_id} 的整改措施由「{actor.name}」录入或负责，"
                                    "本人不能审核自己的整改措施，须由其他审核员办理，未作任何改动。",
                                    action="measures.approve")


def reviewer_for(actor: Actor | None, typed: str) -> str:
    """The reviewer to record: the logged-in account; a typed name for someone else is refused."""
    if actor is None:
        return typed
    if typed and typed != actor.name:
        raise PermissionDeniedError(f"已以账户「{actor.name}」登录，只能以本人身份评查，不能代「{typed}」评查，"
                                    "未作任何改动。", action="reviews.review")
    return actor.name


def own_review(reviewer: str, actor: Actor | None, review_id: int) -> None:
    """Refuse (under login) touching or reading another account's review."""
    if actor is not None and reviewer != actor.name:
        raise PermissionDeniedError(f"评查单 {review_id} 属于评查人「{reviewer}」，"
                                    f"账户「{actor.name}」不能查看或修改他人的评查单，未作任何改动。",
                                    action="reviews.review")
