"""Batch work on the problem list: many selected problems given a responsible department and
person, or a deadline, at once — each all or nothing (one closed or unknown problem, or a
deadline already past, and none is changed).

    assign_problems(store, ids, dept=…, owner=…)   → [id]
    set_deadlines(store, ids, deadline, as_of=…)   → [id]

Confirming many findings at once is `confirm_findings(store, ids)` (app/rectify/service.py) and
dismissing many `dismiss_findings` (app/audit/service.py); both take lists already. Each
problem changed gets its own change-log entry with its before and after, as a single change does.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.errors import UserError
from app.rectify.problems import CLOSED, load_problem
from app.rectify.service import _snap
from app.store import Store
from db import changelog
from db.models_rectify import Problem


class PastDeadlineError(UserError):
    """A deadline before today: a rectification cannot be due in the past."""


def check_deadline(deadline: date, as_of: date | None = None) -> None:
    """Refuse a deadline before `as_of` (today) with the reason."""
    today = as_of or date.today()
    if deadline < today:
        raise PastDeadlineError(f"整改时限 {deadline.isoformat()} 早于今天（{today.isoformat()}），"
                                "时限不能定在过去，未作任何改动。")


def _problems(s: Session, ids: list[int]) -> list[Problem]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise UserError("请选择要修改的问题。")
    out = []
    for pid in ids:
        p = load_problem(s, pid)
        if p.status == CLOSED:
            raise UserError(f"问题 #{pid} 已于 {p.closed_on} 销号，不能再修改，未作任何改动。")
        out.append(p)
    return out


def assign_problems(store: Store, ids: list[int], *, dept: str, owner: str, operator: str = "") -> list[int]:
    """责任部门 and 责任人 for every problem in `ids` (their measures and deadlines stay)."""
    dept, owner = (dept or "").strip(), (owner or "").strip()
    missing = [label for value, label in ((dept, "责任部门"), (owner, "责任人")) if not value]
    if missing:
        raise UserError(f"{'、'.join(missing)}不能为空。")
    with store.writing() as s:
        changed = _problems(s, ids)
        for p in changed:
            before = _snap(p)
            p.dept, p.owner = dept, owner
            s.flush()
            changelog.append(s, operator=operator, action="update", table_name="problems", record_id=p.id,
                             before=before, after=_snap(p))
        return [p.id for p in changed]


def set_deadlines(store: Store, ids: list[int], deadline: date, *, as_of: date | None = None,
                  operator: str = "") -> list[int]:
    """The same 整改时限 for every problem in `ids`; a deadline in the past is refused."""
    if not isinstance(deadline, date):
        raise UserError("整改时限应为日期。")
    check_deadline(deadline, as_of)
    with store.writing() as s:
        changed = _problems(s, ids)
        for p in changed:
            before = _snap(p)
            p.deadline = deadline
            s.flush()
            changelog.append(s, operator=operator, action="update", table_name="problems", record_id=p.id,
                             before=before, after=_snap(p))
        return [p.id for p in changed]
