"""背靠背评查: list where two blind reviews differ, record the agreed result, and turn the
problems of the agreed review into findings (source 'review', app/review/findings.py).

Two answers to an item differ when their status differs, or when both say `problem` with a
different deduction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.errors import UserError
from app.review.findings import finalise
from app.review.scoring import STATUSES
from app.review.service import (
    apply_score,
    campaign_for,
    case_reviews,
    find_case,
    items_of,
    now,
    review_dict,
)
from app.store import Store
from db import changelog
from db.models import CaseFile
from db.models_review import Review, ReviewItem


def _blind_pair(s: Session, case_no: str, campaign_id: int | None) -> tuple[CaseFile, list[Review], list[Review]]:
    case = find_case(s, case_no)
    camp = campaign_for(s, campaign_id)
    reviews = case_reviews(s, case.case_key, camp.id if camp else None)
    blind = [r for r in reviews if r.blind and r.kind == "single"]
    if len(blind) < 2:
        raise UserError(f"案卷「{case.case_no}」没有两份背靠背评查，无需比对。")
    waiting = [r.reviewer for r in blind if r.status != "submitted"]
    if waiting:
        raise UserError(f"评查人 {'、'.join(waiting)} 尚未提交，背靠背评查在双方提交前不能比对。")
    return case, blind, [r for r in reviews if r.kind == "consensus"]


def _differs(a: ReviewItem, b: ReviewItem) -> bool:
    return a.status != b.status or (a.status == "problem" and a.deduct != b.deduct)


def _compare(s: Session, blind: list[Review]) -> tuple[list[list[ReviewItem]], list[int]]:
    rows = list(zip(*(items_of(s, r) for r in blind), strict=True))
    differ = [row[0].item_no for row in rows if any(_differs(row[0], other) for other in row[1:])]
    return [list(row) for row in rows], differ


def disagreements(store: Store, case_no: str, *, campaign_id: int | None = None) -> list[dict[str, Any]]:
    """The items on which the two submitted blind reviews of a case differ."""
    with store.session() as s:
        _case, blind, _ = _blind_pair(s, case_no, campaign_id)
        rows, differ = _compare(s, blind)
        return [{"item_no": row[0].item_no, "section": row[0].section, "text": row[0].text, "veto": bool(row[0].veto),
                 "answers": {r.reviewer: {"status": i.status, "deduct": i.deduct, "note": i.note}
                             for r, i in zip(blind, row, strict=True)}}
                for row in rows if row[0].item_no in differ]


def record_consensus(store: Store, case_no: str, *, decisions: Mapping[int, Mapping[str, Any]] | None = None,
                     campaign_id: int | None = None, operator: str = "") -> dict[str, Any]:
    """Record the agreed review of a blind pair: agreed items as answered, each disagreement as
    decided in `decisions` {item_no: {"status", "deduct", "note"}} (every one must be decided).
    Under login a 评查员's work, recorded under their account."""
    actor = check(store, "reviews.review")
    operator = actor.name if actor else operator
    decisions = dict(decisions or {})
    with store.writing() as s:
        case, blind, done = _blind_pair(s, case_no, campaign_id)
        if done:
            raise UserError(f"案卷「{case.case_no}」的合议结果已经记录。")
        rows, differ = _compare(s, blind)
        undecided = [str(n) for n in differ if n not in decisions]
        if undecided:
            raise UserError(f"还有 {len(undecided)} 项意见不一致未合议（第 {'、'.join(undecided)} 项），未记录。")
        unknown = sorted(set(decisions) - {row[0].item_no for row in rows})
        if unknown:
            raise UserError(f"评查单没有第 {'、'.join(map(str, unknown))} 项。")
        review = Review(campaign_id=blind[0].campaign_id, case_key=case.case_key, reviewer=operator or "合议",
                        kind="consensus", blind=True, status="submitted", started_at=now(), submitted_at=now())
        s.add(review)
        s.flush()
        items = [_agreed(review.id, row, blind, decisions.get(row[0].item_no)) for row in rows]
        s.add_all(items)
        s.flush()
        apply_score(s, review, items)
        finalise(s, review, items, operator)
        out = review_dict(s, review)
        changelog.append(s, operator=operator, action="create", table_name="reviews", record_id=review.id,
                         after={**{k: v for k, v in out.items() if k != "items"}, "decisions": decisions})
        return out


def _agreed(review_id: int, row: list[ReviewItem], blind: list[Review], decision: Mapping[str, Any] | None) -> ReviewItem:
    first = row[0]
    notes = "；".join(f"{r.reviewer}：{i.note}" for r, i in zip(blind, row, strict=True) if i.note)
    evidence = list(dict.fromkeys(e for i in row for e in json.loads(i.evidence_json)))
    status, deduct = first.status, first.deduct
    if decision is not None:
        status = str(decision.get("status", ""))
        if status not in STATUSES:
            raise UserError(f"第 {first.item_no} 项的合议结论「{status}」有误，应为 ok、problem 或 na。")
        deduct = int(decision.get("deduct") or 0) if status == "problem" else 0
        if not 0 <= deduct <= 100:
            raise UserError(f"第 {first.item_no} 项的扣分应在 0 到 100 之间。")
        if decision.get("note"):
            notes = str(decision["note"]).strip()
    return ReviewItem(review_id=review_id, item_no=first.item_no, section=first.section, text=first.text,
                      source=first.source, code=first.code, finding_id=first.finding_id, veto=first.veto,
                      status=status, note=notes, deduct=deduct, evidence_json=json.dumps(evidence, ensure_ascii=False))
