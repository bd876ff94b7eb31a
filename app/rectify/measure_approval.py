"""Approving a problem's rectification measure (整改措施审核), a 审核员's duty under login.

The approval is recorded in `measure_accounts` (db/models_accounts.py) with the account that
gave it; entering the measure again clears it (app/accounts/duties.py). Nobody approves their
own measure: not the account that entered it, nor the account named as its 责任人. On a store
without accounts the approval records the operator's name, as every other step there does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.accounts.actor import check
from app.accounts.duties import check_may_approve_measure, measure_record
from app.errors import UserError
from app.rectify.problems import CLOSED, load_problem
from app.store import Store
from db import changelog
from db.models_accounts import MeasureAccount

__all__ = ["approve_measure", "measure_approval"]


def approve_measure(store: Store, problem_id: int, *, operator: str = "") -> dict[str, Any]:
    """Approve the problem's measure; returns `measure_approval`. Refused (nothing written) when
    the problem has no measure or is closed, by a role other than 审核员, or by its owner."""
    actor = check(store, "measures.approve")
    name = actor.name if actor else (operator or "").strip()
    if not name:
        raise UserError("审核整改措施须写明审核人（--operator），未作任何改动。")
    with store.writing() as s:
        p = load_problem(s, problem_id)
        if p.status == CLOSED:
            raise UserError(f"问题 #{problem_id} 已于 {p.closed_on} 销号，无需再审核整改措施。")
        if not p.measure:
            raise UserError(f"问题 #{problem_id} 尚未制定整改措施，无可审核，未作任何改动。")
        if actor is not None:
            check_may_approve_measure(s, p.id, p.owner, actor)
        row = measure_record(s, p.id)
        if row is None:
            row = MeasureAccount(problem_id=p.id)
            s.add(row)
        before = {"approved_by": row.approved_by, "approved_at": row.approved_at}
        row.approved_by, row.approved_at = name, datetime.now().replace(microsecond=0)
        s.flush()
        changelog.append(s, operator=name, action="update", table_name="measure_accounts", record_id=row.id,
                         before=before, after={"problem_id": p.id, "approved_by": name, "approved_at": row.approved_at})
        return _as_dict(p.id, row)


def _as_dict(problem_id: int, row: MeasureAccount | None) -> dict[str, Any]:
    return {"problem_id": problem_id, "entered_by": row.entered_by if row else "",
            "approved_by": row.approved_by if row else "", "approved_at": row.approved_at if row else None}


def measure_approval(store: Store, problem_id: int) -> dict[str, Any]:
    """{"problem_id", "entered_by", "approved_by", "approved_at"} of the problem's measure."""
    with store.session() as s:
        load_problem(s, problem_id)
        return _as_dict(problem_id, measure_record(s, problem_id))
