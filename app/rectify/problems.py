"""Reading the problem list: one problem, the list with filters, the supervised list, statistics.

Plain dicts with `date` values (the CLI turns them into ISO text). `overdue` means the deadline
has passed on `as_of` (default today) and the problem is not closed (已销号).

While a campaign is active the list, the supervised list and the statistics hold only its own
problems, and of those only the ones its scope covers (app/campaigns/scope.py): a problem from a
finding outside the period or units is kept, not counted. `all_records=True` (or no campaign)
shows every problem in the store.

Two lists are kept apart (DOMAIN.md §4): 挂牌督办 is a decision of the leadership group recorded
as a disposition with its own deadline (`supervised`); overdue problems are a warning (预警,
`warning`): yellow when late, red when late by more than RED_AFTER_DAYS days or when a 挂牌督办
problem is past the deadline the decision set.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.campaigns.scope import session_scope
from app.errors import UserError
from app.rectify.categories import scope_of
from app.rectify.evidence import absolute_path
from app.store import Store
from db.models_rectify import PROBLEM_STATUSES, Disposition, EvidenceFile, Problem, ProgressEntry

CLOSED = "已销号"
RED_AFTER_DAYS = 30
YELLOW, RED = "yellow", "red"


def _sums(s: Session, ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    stmt = select(Disposition.problem_id, func.sum(Disposition.people_handled),
                  func.sum(Disposition.sanctions)).group_by(Disposition.problem_id)
    if ids is not None:
        stmt = stmt.where(Disposition.problem_id.in_(ids))
    return {pid: (int(p or 0), int(n or 0)) for pid, p, n in s.execute(stmt)}


def problem_dict(p: Problem, sums: tuple[int, int], as_of: date) -> dict[str, Any]:
    return {"id": p.id, "category": p.category, "manifestation": p.manifestation, "unit": p.unit,
            "case_no": p.case_no, "measure": p.measure, "dept": p.dept, "owner": p.owner,
            "deadline": p.deadline, "status": p.status, "immediate": bool(p.immediate),
            "timetable": p.timetable, "overdue": is_overdue(p, as_of), "closed_on": p.closed_on,
            "approver": p.approver, "source": p.source, "finding_id": p.finding_id,
            "campaign_id": p.campaign_id, "created_at": p.created_at,
            "close_evidence_sha256": p.close_evidence_sha256,
            "people_handled": sums[0], "sanctions": sums[1],
            "row_version": p.row_version}  # what an edit form hands back (app/concurrency.py)


def is_overdue(p: Problem, as_of: date) -> bool:
    return p.deadline is not None and p.deadline < as_of and p.status != CLOSED


def supervision_of(s: Session, ids: list[int] | None = None) -> dict[int, Disposition]:
    """Each problem's latest 挂牌督办 decision (a disposition that set a deadline)."""
    stmt = select(Disposition).where(Disposition.deadline.is_not(None)).order_by(Disposition.id)
    if ids is not None:
        stmt = stmt.where(Disposition.problem_id.in_(ids))
    return {d.problem_id: d for d in s.scalars(stmt)}


def warning_of(row: dict[str, Any], decision: Disposition | None, as_of: date) -> str:
    """'' · 'yellow' · 'red' (see the module's doc)."""
    if row["status"] == CLOSED:
        return ""
    if decision is not None and decision.deadline is not None and decision.deadline < as_of:
        return RED
    if not row["overdue"]:
        return ""
    late = (as_of - row["deadline"]).days
    return RED if late > RED_AFTER_DAYS else YELLOW


def _with_supervision(row: dict[str, Any], decision: Disposition | None, as_of: date) -> dict[str, Any]:
    row["supervised"] = decision is not None
    row["supervision"] = None if decision is None else {
        "disposition_id": decision.id, "kind": decision.kind, "decided_by": decision.decided_by,
        "decided_on": decision.on, "deadline": decision.deadline}
    row["warning"] = warning_of(row, decision, as_of)
    return row


def load_problem(s: Session, problem_id: int) -> Problem:
    p = s.get(Problem, problem_id)
    if p is None:
        raise UserError(f"找不到问题（编号 {problem_id}）。")
    return p


def list_problems(store: Store, *, category: str | None = None, unit: str | None = None,
                  status: str | None = None, overdue: bool | None = None,
                  as_of: date | None = None, all_records: bool = False) -> list[dict[str, Any]]:
    """The problem list in id order (序号 order), optionally filtered; the active campaign's own
    problems within its scope unless `all_records`."""
    as_of = as_of or date.today()
    stmt = select(Problem).order_by(Problem.id)
    if category is not None:
        stmt = stmt.where(Problem.category == category)
    if unit is not None:
        stmt = stmt.where(Problem.unit == unit)
    if status is not None:
        if status not in PROBLEM_STATUSES:
            raise UserError(f"未知的整改状态「{status}」，应为 {'、'.join(PROBLEM_STATUSES)} 之一。")
        stmt = stmt.where(Problem.status == status)
    with store.session() as s:
        scope = session_scope(s, all_records=all_records)
        if scope is not None:
            stmt = stmt.where(scope.problem_filter())
        sums, decisions = _sums(s), supervision_of(s)
        rows = [_with_supervision(problem_dict(p, sums.get(p.id, (0, 0)), as_of), decisions.get(p.id), as_of)
                for p in s.scalars(stmt)]
    if overdue is not None:
        rows = [r for r in rows if r["overdue"] == overdue]
    return rows


def _evidence(store: Store, e: EvidenceFile) -> dict[str, Any]:
    return {"file_name": e.file_name, "sha256": e.sha256, "size": e.size,
            "path": str(absolute_path(store, e.stored_path)), "added_at": e.added_at}


def get_problem(store: Store, problem_id: int, *, as_of: date | None = None) -> dict[str, Any]:
    """One problem with its progress (and each entry's evidence), dispositions and close-out evidence."""
    as_of = as_of or date.today()
    with store.session() as s:
        p = load_problem(s, problem_id)
        out = _with_supervision(problem_dict(p, _sums(s, [p.id]).get(p.id, (0, 0)), as_of),
                                supervision_of(s, [p.id]).get(p.id), as_of)
        files = s.scalars(select(EvidenceFile).where(EvidenceFile.problem_id == p.id)
                          .order_by(EvidenceFile.id)).all()
        out["progress"] = [
            {"id": e.id, "on": e.on, "note": e.note, "operator": e.operator,
             "evidence": [_evidence(store, f) for f in files if f.progress_id == e.id]}
            for e in s.scalars(select(ProgressEntry).where(ProgressEntry.problem_id == p.id)
                               .order_by(ProgressEntry.on, ProgressEntry.id))]
        out["dispositions"] = [
            {"id": d.id, "kind": d.kind, "referral": d.referral, "people_handled": d.people_handled,
             "sanctions": d.sanctions, "note": d.note, "on": d.on, "operator": d.operator,
             "decided_by": d.decided_by, "deadline": d.deadline, "officer_id": d.officer_id,
             "document_id": d.document_id}
            for d in s.scalars(select(Disposition).where(Disposition.problem_id == p.id).order_by(Disposition.id))]
        out["close_evidence"] = [_evidence(store, f) for f in files if f.progress_id is None]
        return out


def supervised(store: Store, as_of: date | None = None, all_records: bool = False) -> list[dict[str, Any]]:
    """The 挂牌督办 list: the problems the leadership put under supervision, each with who decided,
    when and the deadline the decision set (`supervision_deadline`), earliest deadline first. A
    problem that is merely overdue is not on it (that is `warnings`)."""
    rows = [r for r in list_problems(store, as_of=as_of, all_records=all_records) if r["supervised"]]
    for r in rows:
        sup = r["supervision"]
        r.update(decided_by=sup["decided_by"], decided_on=sup["decided_on"], supervision_deadline=sup["deadline"])
    return sorted(rows, key=lambda r: (r["supervision_deadline"], r["id"]))


def warnings(store: Store, as_of: date | None = None, all_records: bool = False) -> list[dict[str, Any]]:
    """预警: problems not closed that are late (yellow / red) or past a 挂牌督办 deadline (red),
    red first, then by deadline."""
    rows = [r for r in list_problems(store, as_of=as_of, all_records=all_records) if r["warning"]]
    return sorted(rows, key=lambda r: (r["warning"] != RED, r["deadline"] or date.max, r["id"]))


def statistics(store: Store, all_records: bool = False) -> dict[str, Any]:
    """附件3 统计表: per category of the taxonomy in force (its order, zeros included) the problems
    found, rectified (已销号), people handled and people given Party/government sanctions.
    Categories used by problems but absent from the taxonomy follow, so the totals add up.
    Only the problems `list_problems` would list are counted."""
    with store.session() as s:
        scope = scope_of(s)
        covered = session_scope(s, all_records=all_records)
        sums = _sums(s)
        counts: dict[str, dict[str, int]] = {}
        stmt = select(Problem).order_by(Problem.id)
        if covered is not None:
            stmt = stmt.where(covered.problem_filter())
        for p in s.scalars(stmt):
            c = counts.setdefault(p.category, {"found": 0, "rectified": 0, "people_handled": 0, "sanctions": 0})
            people, sanctions = sums.get(p.id, (0, 0))
            c["found"] += 1
            c["rectified"] += p.status == CLOSED
            c["people_handled"] += people
            c["sanctions"] += sanctions
    names = list(scope.categories) + [c for c in counts if c not in scope.categories]
    zero = {"found": 0, "rectified": 0, "people_handled": 0, "sanctions": 0}
    rows: list[dict[str, Any]] = [{"category": name, **counts.get(name, zero)} for name in names]
    total = {"category": "合计", **{k: sum(r[k] for r in rows) for k in zero}}
    return {"taxonomy_id": scope.taxonomy_id, "campaign_id": scope.campaign_id, "rows": rows, "total": total}
