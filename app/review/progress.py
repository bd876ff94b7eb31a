"""Review progress over a sample (评查进度) and the case beside its checklist (issue 14 point 10).

    review_progress(store, case_nos) → [CaseProgress]   each case's state per reviewer
    case_overview(store, case_no)    → dict             the case's own data and its findings

A reviewer's state on a case: 未开始 (no review), 进行中 (a draft), 已提交; the case as a whole is
合议完成 once a consensus is recorded, else the least advanced of its reviews (or 未开始). Only
states are given — never answers or scores — so a blind (背靠背) reviewer learns nothing here of
the other's opinion beyond what the review page already tells (that the other is at work).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.domain.numbers import normalise_case_no
from app.records import service as records
from app.store import Store
from db.models import CaseFile
from db.models_audit import Finding
from db.models_review import Review

NOT_STARTED, IN_PROGRESS, SUBMITTED, AGREED = "未开始", "进行中", "已提交", "合议完成"
ORDER = (NOT_STARTED, IN_PROGRESS, SUBMITTED, AGREED)


@dataclass(frozen=True)
class CaseProgress:
    case_no: str
    case_key: str
    party: str
    by_reviewer: dict[str, str] = field(default_factory=dict)
    state: str = NOT_STARTED


def _state_of(r: Review) -> str:
    return SUBMITTED if r.status == "submitted" else IN_PROGRESS


def review_progress(store: Store, case_nos: list[str]) -> list[CaseProgress]:
    """The cases in the order given, with each reviewer's state and the case's."""
    keys = [normalise_case_no(c) for c in case_nos]
    with store.session() as s:
        parties = dict(s.execute(select(CaseFile.case_key, CaseFile.party).where(CaseFile.case_key.in_(keys))).all())
        reviews = list(s.scalars(select(Review).where(Review.case_key.in_(keys)).order_by(Review.id)))
    per_case: dict[str, list[Review]] = {}
    for r in reviews:
        per_case.setdefault(r.case_key, []).append(r)
    out = []
    for case_no, key in zip(case_nos, keys, strict=True):
        mine = per_case.get(key, [])
        singles = {r.reviewer: _state_of(r) for r in mine if r.kind != "consensus"}
        if any(r.kind == "consensus" for r in mine):
            state = AGREED
        elif singles:
            state = min(singles.values(), key=ORDER.index)
        else:
            state = NOT_STARTED
        out.append(CaseProgress(case_no, key, str(parties.get(key) or ""), singles, state))
    return out


def reviewers_of(progress: list[CaseProgress]) -> list[str]:
    """Everyone who reviewed a case of the list, in order of first appearance."""
    return list(dict.fromkeys(name for p in progress for name in p.by_reviewer))


def case_overview(store: Store, case_no: str) -> dict[str, Any] | None:
    """{"case": the record as the register shows it, "findings": [{id, code, status, message}]}
    for the case, or None when the store has no such case."""
    key = normalise_case_no(case_no)
    with store.session() as s:
        cid = s.scalar(select(CaseFile.id).where(CaseFile.case_key == key))
        if cid is None:
            return None
        found = [{"id": f.id, "code": f.code, "status": f.status, "message": f.message,
                  "refs": json.loads(f.refs_json or "{}")}
                 for f in s.scalars(select(Finding).where(Finding.case_key == key).order_by(Finding.id))]
    return {"case": records.get(store, "cases", int(cid)), "findings": found}
