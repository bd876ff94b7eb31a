"""Audit use cases for the CLI and the UI: run the audit, list and dismiss findings.

    run_audit(store, as_of=…, progress=…, cancel=…) → AuditResult   (one write transaction)
    list_findings / count_findings / get_finding / dismiss_finding / reopen_finding
    dismiss_findings(store, ids, reason)                         many at once, all or nothing

A finding dict carries its `row_version`; the page hands it back (`expected_version`,
`expected_versions`) so a dismissal or a restore over another desk's newer one is refused
(app/concurrency.StaleRecordError) instead of the last desk winning silently.

The chain view (`chain_for`) and the discretion benchmarks live in chain.py and benchmarks.py
and are re-exported here.
"""

from __future__ import annotations

import gc
import importlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.audit.calendar_service import calendar_for
from app.audit.codes import CODES
from app.audit.engine import run_rules
from app.audit.lanes import readers
from app.audit.law_settings import office_rules_in
from app.audit.load import load_all
from app.audit.persist import save_findings
from app.audit.rules_discretion import DEFAULT_FACTOR
from app.errors import UserError
from app.jobs import Cancel, Progress, raise_if_cancelled
from app.logs import logged
from app.store import Store
from app.writer_turn import turn
from db import changelog
from db.models import Unit
from db.models_audit import FINDING_STATUSES, Finding

if TYPE_CHECKING:  # imported where used: an audit run (a process of its own from the CLI) needs none of them
    from app.audit.benchmarks import delete_benchmark, list_benchmarks, set_benchmark
    from app.audit.chain import chain_for
    from app.campaigns.scope import Scope
    from app.records.filters import ColumnFilter

Filters = Sequence["ColumnFilter"]

# The chain view and the benchmarks, re-exported, loaded on first use (module __getattr__).
_LAZY = {"chain_for": "app.audit.chain", "delete_benchmark": "app.audit.benchmarks",
         "list_benchmarks": "app.audit.benchmarks", "set_benchmark": "app.audit.benchmarks"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AuditResult", "chain_for", "count_findings", "delete_benchmark", "dismiss_finding", "dismiss_findings",
           "get_finding",
           "list_benchmarks", "list_findings", "reopen_finding", "run_audit", "set_benchmark"]

STATUS_LABELS = {"open": "待核实", "confirmed": "已确认", "dismissed": "已排除", "resolved": "已消除"}
WHAT = "问题线索"  # how a stale finding is named in StaleRecordError's message


@dataclass
class AuditResult:
    as_of: date
    findings: list[dict[str, Any]]
    calendar_fallback_years: list[int] = field(default_factory=list)
    new: int = 0
    reopened: int = 0
    resolved: int = 0

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(f["code"] for f in self.findings)
        return {code: c[code] for code in CODES if c[code]}

    def to_json(self) -> dict[str, Any]:
        """CLI.md's audit JSON."""
        return {"as_of": self.as_of.isoformat(), "findings": self.findings, "counts": self.counts,
                "calendar_fallback_years": self.calendar_fallback_years}


def run_audit(store: Store, *, as_of: date | None = None, operator: str = "",
              progress: Progress | None = None, cancel: Cancel | None = None,
              factor: float = DEFAULT_FACTOR, all_records: bool = False) -> AuditResult:
    """Reconcile receipts → ledger → case files and check every case; store the findings.
    One write transaction: Cancelled (or any error) leaves the store as it was.

    Every record is reconciled, whatever the active campaign (cutting the inputs at the edges of
    its period would invent 有账无卷 and 收据未入账 findings there), and every finding is stored;
    the result lists and counts only those in the campaign's scope (`all_records`: all)."""
    as_of = as_of or date.today()
    if factor <= 1:
        raise UserError("同案异罚的倍数应大于 1。")
    now = datetime.now().replace(microsecond=0)
    gc_was_on = gc.isenabled()
    gc.disable()  # hundreds of thousands of small records and no cycles: the collector only costs time
    try:
        with logged("audit", store.path) as facts:
            result = _run(store, as_of, operator, progress, cancel, factor, now, all_records)
            facts.update(findings=len(result.findings), new=result.new, reopened=result.reopened,
                         resolved=result.resolved)
            return result
    finally:
        if gc_was_on:
            gc.enable()


def _run(store: Store, as_of: date, operator: str, progress: Progress | None, cancel: Cancel | None,
         factor: float, now: datetime, all_records: bool) -> AuditResult:
    with turn(store, "倒查"), store.writing() as s:
        if progress is not None:
            progress(0, 1, "读取数据")
        data = load_all(s)
        calendar = calendar_for(s)
        out = run_rules(data, calendar, as_of, factor=factor, office=office_rules_in(s), progress=progress,
                        cancel=cancel, db=s.connection(), connect=readers(store.engine))
        del data  # the loaded records are done with: a province's store need not hold them and the findings at once
        raise_if_cancelled(cancel)
        saved = save_findings(s, out.drafts, now)
        result = AuditResult(as_of, [], out.calendar_fallback_years, saved.new, saved.reopened, saved.resolved)
        for d, fid, status in zip(out.drafts, saved.ids, saved.statuses, strict=True):
            result.findings.append({"id": fid, "code": d.code, "refs": d.refs, "expected": d.expected,
                                    "found": d.found, "rule": d.rule or CODES[d.code][2], "message": d.message,
                                    "stage": CODES[d.code][0], "status": status,
                                    "calendar_fallback": d.calendar_fallback})
        changelog.append(s, operator=operator, action="audit", table_name="findings", record_id=None,
                         after={"as_of": as_of.isoformat(), "counts": result.counts, "new": saved.new,
                                "reopened": saved.reopened, "resolved": saved.resolved,
                                "calendar_fallback_years": out.calendar_fallback_years})
        scope = _active_scope(s, all_records)
        if scope is not None:
            kept = set(s.scalars(select(Finding.id).where(scope.finding_filter())))
            result.findings = [f for f in result.findings if f["id"] in kept]
    return result


def _active_scope(s: Session, all_records: bool) -> Scope | None:
    """campaigns.scope.active_scope, its module loaded on first use (an audit run's process has
    no other use for it)."""
    from app.campaigns.scope import active_scope

    return active_scope(s, all_records=all_records)


def finding_dict(f: Finding, unit: str | None = None) -> dict[str, Any]:
    return {"id": f.id, "code": f.code, "refs": json.loads(f.refs_json), "expected": json.loads(f.expected_json),
            "found": json.loads(f.found_json), "rule": f.rule, "message": f.message, "stage": f.stage,
            "status": f.status, "calendar_fallback": bool(f.calendar_fallback), "dismiss_reason": f.dismiss_reason,
            "source": f.source, "unit": unit, "case_no": f.case_key or None, "receipt_no": f.receipt_key or None,
            "first_seen": f.first_seen.isoformat(sep=" "), "last_seen": f.last_seen.isoformat(sep=" "),
            "row_version": f.row_version}  # what the page hands back to dismiss / restore / confirm


def _filtered(s: Session, stmt: Select, status: str | None, code: str | None, unit: str | None,
              all_records: bool, filters: Filters = ()) -> Select:
    from app.audit.finding_filters import finding_clauses

    for clause in finding_clauses(filters):  # the list's column filters (app/audit/finding_filters.py)
        stmt = stmt.where(clause)
    scope = _active_scope(s, all_records)
    if scope is not None:  # the active campaign's period and units; a finding outside is kept, not shown
        stmt = stmt.where(scope.finding_filter())
    if status is not None:
        if status not in FINDING_STATUSES:
            raise UserError(f"未知的状态「{status}」，应为 {'、'.join(FINDING_STATUSES)} 之一。")
        stmt = stmt.where(Finding.status == status)
    if code is not None:
        if code not in CODES:
            raise UserError(f"未知的问题代码「{code}」。")
        stmt = stmt.where(Finding.code == code)
    if unit is not None:
        stmt = stmt.where(Finding.unit_id.in_(select(Unit.id).where(Unit.name == unit)))
    return stmt


def list_findings(store: Store, *, status: str | None = None, code: str | None = None, unit: str | None = None,
                  offset: int = 0, limit: int | None = None, all_records: bool = False,
                  filters: Filters = ()) -> list[dict[str, Any]]:
    """Stored findings in id order, as dicts (the audit JSON's keys and a few more); with an active
    campaign, those in its scope (`all_records`: all); `filters`: the list's column filters."""
    with store.session() as s:
        stmt = _filtered(s, select(Finding, Unit.name).outerjoin(Unit, Unit.id == Finding.unit_id), status, code,
                         unit, all_records, filters)
        stmt = stmt.order_by(Finding.id).offset(max(0, offset))
        if limit is not None:
            stmt = stmt.limit(max(0, limit))
        return [finding_dict(f, u) for f, u in s.execute(stmt)]


def count_findings(store: Store, *, status: str | None = None, code: str | None = None,
                   unit: str | None = None, all_records: bool = False, filters: Filters = ()) -> int:
    with store.session() as s:
        return int(s.scalar(_filtered(s, select(func.count(Finding.id)), status, code, unit, all_records,
                                      filters)) or 0)


def count_by_code(store: Store, *, status: str | None = None, unit: str | None = None,
                  all_records: bool = False, filters: Filters = ()) -> dict[str, int]:
    """Findings per code in one GROUP BY (every known code present, zeros included)."""
    counts = dict.fromkeys(CODES, 0)
    with store.session() as s:
        stmt = _filtered(s, select(Finding.code, func.count(Finding.id)), status, None, unit,
                         all_records, filters).group_by(Finding.code)
        for code, n in s.execute(stmt):
            counts[code] = int(n)
    return counts


def finding_values(store: Store, name: str, *, status: str | None = None, unit: str | None = None,
                   codes: list[str] | None = None, limit: int = 500) -> list[Any]:
    """The different values of the findings list's column `name` among the findings the page's
    scope shows (for a column filter's list; "" for the empty cells), at most `limit` + 1."""
    from app.audit.finding_filters import value_column
    from app.records.fields import FieldType
    from app.records.values import ordered_values

    col = value_column(name)
    stmt = select(col).distinct().select_from(Finding)
    if name == "unit":
        stmt = stmt.outerjoin(Unit, Unit.id == Finding.unit_id)
    if codes is not None:
        stmt = stmt.where(Finding.code.in_(codes))
    with store.session() as s:
        values = list(s.scalars(_filtered(s, stmt, status, None, unit, False).limit(limit + 1)))
    return ordered_values(values, FieldType.TEXT)


def get_finding(store: Store, finding_id: int) -> dict[str, Any]:
    with store.session() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise UserError(f"找不到问题线索（编号 {finding_id}）。")
        unit = s.get(Unit, f.unit_id) if f.unit_id is not None else None
        return finding_dict(f, unit.name if unit is not None else None)


def _set_status(store: Store, finding_id: int, status: str, reason: str, operator: str,
                expected_version: int | None) -> dict[str, Any]:
    from app.accounts.actor import check
    from app.concurrency import check_version, refuse_stale

    actor = check(store, "findings.confirm")  # under login, dismissing or restoring is a 审核员's
    operator = actor.name if actor else operator
    with refuse_stale(store, WHAT, "findings", finding_id), store.writing() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise UserError(f"找不到问题线索（编号 {finding_id}）。")
        check_version(s, f, expected_version, WHAT)
        before = {"status": f.status, "dismiss_reason": f.dismiss_reason}
        f.status, f.dismiss_reason = status, reason
        s.flush()
        changelog.append(s, operator=operator, action="update", table_name="findings", record_id=f.id,
                         before=before, after={"status": status, "dismiss_reason": reason})
    return get_finding(store, finding_id)


def dismiss_finding(store: Store, finding_id: int, reason: str, operator: str = "",
                    expected_version: int | None = None) -> dict[str, Any]:
    """Mark a finding as not a problem (已排除); the reason is required and kept across runs.
    `expected_version`: the finding's `row_version` the page showed (None: a command's, unchecked)."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError("排除问题线索必须说明理由（--reason）。")
    return _set_status(store, finding_id, "dismissed", reason, operator, expected_version)


def dismiss_findings(store: Store, finding_ids: list[int], reason: str, operator: str = "",
                     expected_versions: dict[int, int] | None = None) -> list[int]:
    """Dismiss many findings with one reason, all or nothing: an unknown id, or one confirmed (it
    is a problem now) or resolved (gone from the latest run), refuses them all. One dismissed
    already takes the new reason, as a single dismissal does. `expected_versions`: id → the
    `row_version` the page showed; one another desk changed since refuses them all (StaleRecordError)."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError("排除问题线索必须说明理由（--reason）。")
    from app.accounts.actor import check
    from app.concurrency import check_version, refuse_stale

    ids = list(dict.fromkeys(finding_ids))
    if not ids:
        raise UserError("请选择要排除的问题线索。")
    actor = check(store, "findings.confirm")
    operator = actor.name if actor else operator
    versions = expected_versions or {}
    with refuse_stale(store, WHAT, "findings", ids[0] if len(ids) == 1 else None), store.writing() as s:
        for fid in ids:
            f = s.get(Finding, fid)
            if f is None:
                raise UserError(f"找不到问题线索（编号 {fid}），未作任何改动。")
            check_version(s, f, versions.get(fid), WHAT)
            if f.status not in ("open", "dismissed"):
                raise UserError(f"问题线索 #{fid} {STATUS_LABELS[f.status]}，只能排除待核实的线索，未作任何改动。")
            before = {"status": f.status, "dismiss_reason": f.dismiss_reason}
            f.status, f.dismiss_reason = "dismissed", reason
            s.flush()
            changelog.append(s, operator=operator, action="update", table_name="findings", record_id=f.id,
                             before=before, after={"status": "dismissed", "dismiss_reason": reason})
    return ids


def reopen_finding(store: Store, finding_id: int, operator: str = "",
                   expected_version: int | None = None) -> dict[str, Any]:
    """Undo a dismissal (or a confirmation): the finding is open again. `expected_version` as
    for `dismiss_finding`."""
    return _set_status(store, finding_id, "open", "", operator, expected_version)
