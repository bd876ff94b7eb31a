"""A final review's problems become findings (source 'review'), stored the audit's way.

A finding made from a review item carries the DOMAIN code that says the same thing (执法人员少于2人
→ TOO_FEW_OFFICERS, …) or REVIEW_CODE, and names the item's category and manifestation in its
refs. An item that was itself an automatic finding makes no second finding, nor does a code the
audit already holds, undismissed, for the case: the audit's finding stands.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.codes import CODES, REVIEW_CODE
from app.audit.model import Draft
from app.audit.persist import add_finding
from db import changelog
from db.models import CaseFile
from db.models_audit import Finding
from db.models_review import Review, ReviewItem

REVIEW_STAGE = "案卷评查"
REVIEW_RULE = "案卷评查（一案一查、一案一议）：对照专项活动问题分类逐项评查"


def finalise(s: Session, review: Review, items: list[ReviewItem], operator: str) -> list[int]:
    """Insert a finding (source 'review') for each problem of a final review; returns their ids."""
    case = s.scalar(select(CaseFile).where(CaseFile.case_key == review.case_key))
    stamp = datetime.now().replace(microsecond=0)
    ids: list[int] = []
    for item in items:
        if item.status != "problem" or item.finding_id is not None:
            continue
        code = item.code or REVIEW_CODE
        if code != REVIEW_CODE and s.scalar(select(Finding.id).where(
                Finding.code == code, Finding.case_key == review.case_key, Finding.status != "dismissed")):
            continue  # the audit already holds this finding for the case
        refs = {"case_no": review.case_key, "category": item.section, "manifestation": item.text,
                "campaign_id": review.campaign_id, "review_id": review.id, "item_no": item.item_no}
        message = f"案卷评查认定存在问题：{item.section}—{item.text}" + (f"（{item.note}）" if item.note else "")
        draft = Draft(code, refs, "无此问题", item.note or item.text, message,
                      unit_id=case.unit_id if case else None, case_key=review.case_key)
        if s.scalar(select(Finding.id).where(Finding.fingerprint == draft.fingerprint)):
            continue
        fid = add_finding(s, draft, stamp, source="review", stage=REVIEW_STAGE,
                          rule=None if code in CODES else REVIEW_RULE)
        changelog.append(s, operator=operator, action="create", table_name="findings", record_id=fid,
                         after={"code": code, "refs": refs, "message": message, "source": "review"})
        ids.append(int(fid))
    return ids
