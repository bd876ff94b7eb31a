"""Case review use cases (一案一查 / 评查): start, mark items, submit, view.

A case is reviewed by one reviewer, or back to back (背靠背) by two: start with `blind=True`,
or let a second reviewer start while the first review is still a draft. Nobody ever sees
another reviewer's draft, and a blind review's answers stay hidden until every blind review of
the case has been submitted. A single review is final when submitted; a blind pair becomes
final through `record_consensus` (app/review/consensus.py). The problems of the final review
become findings with source 'review' (app/review/findings.py).

Under login (a store with accounts) the reviewer is the logged-in account, a 评查员: it starts,
marks, submits and reads its own review only, so the two reviews of a blind pair are two
different accounts and neither sees the other's marks through any call here before both are
submitted (app/accounts/duties.py; the change log viewer seals them too, app/accounts/blind_log.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import acting_account, check
from app.accounts.duties import own_review, reviewer_for
from app.accounts.enabled import has_accounts
from app.campaigns.scope import Scope, scope_of_campaign
from app.domain.numbers import normalise_case_no
from app.errors import UserError
from app.review.checklist import build_items, settings_for
from app.review.findings import finalise
from app.review.scoring import STATUSES, Answer, score_review
from app.store import Store
from db import changelog
from db.models import CaseFile
from db.models_campaign import Campaign
from db.models_review import Review, ReviewItem

MAX_REVIEWERS = 2


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def find_case(s: Session, case_no: str) -> CaseFile:
    key = normalise_case_no(case_no)
    case = s.scalar(select(CaseFile).where(CaseFile.case_key == key)) if key else None
    if case is None:
        raise UserError(f"找不到案号为「{case_no}」的案卷。")
    return case


def campaign_for(s: Session, campaign_id: int | None) -> Campaign | None:
    """The named campaign, else the active one, else None (taxonomy A applies)."""
    if campaign_id is not None:
        camp = s.get(Campaign, campaign_id)
        if camp is None:
            raise UserError(f"找不到专项活动（编号 {campaign_id}）。")
        return camp
    return s.scalar(select(Campaign).where(Campaign.active.is_(True)).order_by(Campaign.id.desc()).limit(1))


def case_reviews(s: Session, case_key: str, campaign_id: int | None) -> list[Review]:
    cond = Review.campaign_id.is_(None) if campaign_id is None else Review.campaign_id == campaign_id
    return list(s.scalars(select(Review).where(Review.case_key == case_key, cond).order_by(Review.id)))


def _check_in_scope(scope: Scope, case: CaseFile) -> None:
    """A campaign reviews only the case files its scope covers (app/campaigns/scope.py)."""
    if scope.covers_case(case.decided_on, case.unit_id):
        return
    period = f"{scope.period_from or '不限'} 至 {scope.period_to or '今'}"
    decided = case.decided_on.isoformat() if case.decided_on else "未填"
    raise UserError(f"案卷「{case.case_no}」（决定日期 {decided}）不在当前专项活动的范围内"
                    f"（倒查期间 {period}，执法单位 {'、'.join(scope.unit_names) or '全部'}），不能在本活动中评查。")


def is_final(r: Review) -> bool:
    return r.kind == "consensus" or (r.status == "submitted" and not r.blind)


def start_review(store: Store, case_no: str, *, reviewer: str, campaign_id: int | None = None,
                 blind: bool = False, operator: str = "") -> dict[str, Any]:
    """Open (or return the reviewer's existing) review of a case, with its checklist."""
    actor = check(store, "reviews.review")
    reviewer = reviewer_for(actor, reviewer.strip())
    operator = actor.name if actor else operator
    if not reviewer:
        raise UserError("请填写评查人姓名。")
    with store.writing() as s:
        case = find_case(s, case_no)
        camp = campaign_for(s, campaign_id)
        if camp is not None:
            _check_in_scope(scope_of_campaign(s, camp), case)
        others = case_reviews(s, case.case_key, camp.id if camp else None)
        if any(is_final(r) for r in others):
            raise UserError(f"案卷「{case.case_no}」的评查已经定稿，不能再开始新的评查。"
                            "（背靠背评查须两名评查人都在定稿前开始，或开始时注明背靠背。）")
        mine = [r for r in others if r.reviewer == reviewer and r.kind == "single"]
        if mine:
            return review_dict(s, mine[0])
        if len(others) >= MAX_REVIEWERS:
            raise UserError(f"案卷「{case.case_no}」已有 {len(others)} 名评查人，背靠背评查最多 {MAX_REVIEWERS} 人。")
        review = Review(campaign_id=camp.id if camp else None, case_key=case.case_key, reviewer=reviewer,
                        kind="single", blind=blind or bool(others), status="draft", started_at=now())
        s.add(review)
        s.flush()
        for other in others:
            other.blind = True
        if others:  # the same checklist as the first reviewer's, answers left blank
            specs = [(i.section, i.text, i.source, i.code, i.finding_id, i.veto) for i in items_of(s, others[0])]
        else:
            specs = [(i.section, i.text, i.source, i.code, i.finding_id, i.veto)
                     for i in build_items(s, settings_for(s, camp), case.case_key)]
        s.add_all(ReviewItem(review_id=review.id, item_no=n, section=sec, text=text, source=src, code=code,
                             finding_id=fid, veto=veto) for n, (sec, text, src, code, fid, veto)
                  in enumerate(specs, start=1))
        s.flush()
        out = review_dict(s, review)
        changelog.append(s, operator=operator or reviewer, action="create", table_name="reviews",
                         record_id=review.id, after={k: v for k, v in out.items() if k != "items"})
        return out


def items_of(s: Session, review: Review) -> list[ReviewItem]:
    return list(s.scalars(select(ReviewItem).where(ReviewItem.review_id == review.id).order_by(ReviewItem.item_no)))


def _draft(s: Session, review_id: int) -> Review:
    review = s.get(Review, review_id)
    if review is None:
        raise UserError(f"找不到评查单（编号 {review_id}）。")
    if review.status != "draft":
        raise UserError(f"评查单 {review_id} 已提交，不能再修改。")
    return review


def mark_item(store: Store, review_id: int, item_no: int, status: str, *, note: str | None = None,
              deduct: int | None = None, evidence: Iterable[str] = (), operator: str = "") -> dict[str, Any]:
    """Answer one checklist item: ok / problem / na, with a note, points deducted and evidence refs."""
    if status not in STATUSES:
        raise UserError(f"评查结论「{status}」有误，应为 ok（无问题）、problem（有问题）或 na（不适用）。")
    if deduct is not None and (isinstance(deduct, bool) or not isinstance(deduct, int) or not 0 <= deduct <= 100):
        raise UserError(f"扣分应为 0 到 100 的整数，现为「{deduct}」。")
    if deduct and status != "problem":
        raise UserError("只有「有问题」（problem）的评查项可以扣分。")
    actor = check(store, "reviews.review")
    operator = actor.name if actor else operator
    with store.writing() as s:
        review = _draft(s, review_id)
        own_review(review.reviewer, actor, review_id)
        item = s.scalar(select(ReviewItem).where(ReviewItem.review_id == review.id, ReviewItem.item_no == item_no))
        if item is None:
            raise UserError(f"评查单 {review_id} 没有第 {item_no} 项。")
        before = item_dict(item)
        item.status = status
        item.deduct = (deduct or 0) if status == "problem" else 0
        if note is not None:
            item.note = note.strip()
        refs = json.loads(item.evidence_json) + [e.strip() for e in evidence if e.strip()]
        item.evidence_json = json.dumps(refs, ensure_ascii=False)
        changelog.append(s, operator=operator or review.reviewer, action="update", table_name="review_items",
                         record_id=item.id, before=before, after=item_dict(item))
        return item_dict(item)


def submit_review(store: Store, review_id: int, *, rest: str | None = None, operator: str = "") -> dict[str, Any]:
    """Submit a review: every item must be answered (or `rest` answers the unanswered ones)."""
    if rest is not None and rest not in ("ok", "na"):
        raise UserError("未评项只能统一记为 ok（无问题）或 na（不适用）。")
    actor = check(store, "reviews.review")
    operator = actor.name if actor else operator
    with store.writing() as s:
        review = _draft(s, review_id)
        own_review(review.reviewer, actor, review_id)
        items = items_of(s, review)
        for item in items:
            if not item.status and rest:
                item.status = rest
        missing = [str(i.item_no) for i in items if not i.status]
        if missing:
            raise UserError(f"评查单 {review_id} 还有 {len(missing)} 项未评（第 {'、'.join(missing[:20])} 项），未提交。")
        apply_score(s, review, items)
        review.status, review.submitted_at = "submitted", now()
        s.flush()
        if is_final(review):
            finalise(s, review, items, operator or review.reviewer)
        out = review_dict(s, review)
        changelog.append(s, operator=operator or review.reviewer, action="submit", table_name="reviews",
                         record_id=review.id, after={k: v for k, v in out.items() if k != "items"})
        return out


def apply_score(s: Session, review: Review, items: list[ReviewItem]) -> None:
    camp = s.get(Campaign, review.campaign_id) if review.campaign_id is not None else None
    result = score_review((Answer(i.status, i.deduct, i.veto) for i in items), settings_for(s, camp).grade_bands)
    review.score, review.grade, review.vetoed = result.score, result.grade, result.vetoed


def item_dict(i: ReviewItem) -> dict[str, Any]:
    return {"item_no": i.item_no, "section": i.section, "text": i.text, "source": i.source, "code": i.code,
            "veto": bool(i.veto), "status": i.status, "note": i.note, "deduct": i.deduct,
            "evidence": json.loads(i.evidence_json)}


def review_dict(s: Session, r: Review, *, with_items: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "case_no": r.case_key, "campaign_id": r.campaign_id, "reviewer": r.reviewer,
                           "kind": r.kind, "blind": bool(r.blind), "status": r.status, "final": is_final(r),
                           "score": r.score, "grade": r.grade, "vetoed": bool(r.vetoed),
                           "started_at": r.started_at, "submitted_at": r.submitted_at}
    out["items"] = [item_dict(i) for i in items_of(s, r)] if with_items else None
    return out


def view_reviews(store: Store, case_no: str, *, viewer: str | None = None,
                 campaign_id: int | None = None) -> list[dict[str, Any]]:
    """The reviews of a case as `viewer` may see them: another reviewer's draft never, and a blind
    review's answers only once every blind review of the case is submitted (`items` is None and
    `hidden` True otherwise). Scores of hidden reviews are hidden too. Under login the viewer is
    the logged-in account whatever name is given (nobody logged in sees only what all may)."""
    if has_accounts(store):
        actor = acting_account(store)
        viewer = actor.name if actor is not None else None
    with store.session() as s:
        case = find_case(s, case_no)
        camp = campaign_for(s, campaign_id)
        reviews = case_reviews(s, case.case_key, camp.id if camp else None)
        blind_done = all(r.status == "submitted" for r in reviews if r.blind and r.kind == "single")
        out = []
        for r in reviews:
            visible = (viewer is not None and r.reviewer == viewer and r.kind == "single") or (
                r.status == "submitted" and (not r.blind or blind_done))
            d = review_dict(s, r, with_items=visible)
            if not visible:
                d.update(score=None, grade="", vetoed=None)
            d["hidden"] = not visible
            out.append(d)
        return out
