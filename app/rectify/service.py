"""Rectification use cases (DOMAIN.md §4): findings become problems, problems get a measure,
progress and evidence, and are closed (销号) only with evidence and an approver.

    confirm_findings · add_problem · list_problems · get_problem · set_measure · add_progress ·
    close_problem · add_disposition · supervised · warnings · statistics

Each change is one write transaction and one or more change-log entries; a refusal
(UserError, in Chinese) leaves the store as it was.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.accounts.duties import check_may_close, note_measure_entered
from app.audit.codes import CODES, REVIEW_CODE, label_of
from app.campaigns.scope import Scope as CampaignScope
from app.campaigns.scope import findings_in_scope, session_scope
from app.concurrency import check_version, refuse_stale
from app.errors import UserError
from app.rectify import evidence as ev
from app.rectify.categories import Scope, check_category, mapping_in, scope_of
from app.rectify.dispositions import add_disposition
from app.rectify.problems import (
    CLOSED,
    get_problem,
    list_problems,
    load_problem,
    statistics,
    supervised,
    warnings,
)
from app.store import Store
from db import changelog
from db.models import Unit
from db.models_audit import Finding
from db.models_rectify import PROBLEM_SOURCES, EvidenceFile, Problem, ProgressEntry

__all__ = ["add_disposition", "add_problem", "add_progress", "close_problem", "confirm_findings", "get_problem",
           "list_problems", "set_measure", "statistics", "supervised", "warnings"]

SNAPSHOT = ("finding_id", "campaign_id", "category", "manifestation", "unit", "case_no", "source", "measure",
            "dept", "owner", "deadline", "immediate", "timetable", "status", "closed_on", "approver",
            "close_evidence_sha256")


def _snap(p: Problem) -> dict[str, Any]:
    return {k: getattr(p, k) for k in SNAPSHOT}


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def manifestation_of(f: Finding) -> str:
    """具体表现 in words a reader understands, from the finding's own message."""
    if f.code == REVIEW_CODE:
        prefix = f"案卷 {f.case_key} " if f.case_key else ""
        return prefix + (f.message or "案卷评查认定存在问题")
    label = label_of(f.code) if f.code in CODES else f.code
    return f"{label}：{f.message}" if f.message else label


def _category_for(f: Finding, scope: Scope, mapping: dict[str, str], given: str | None) -> str:
    if given is not None:
        return given
    refs = json.loads(f.refs_json or "{}")
    if f.code == REVIEW_CODE and refs.get("category") in scope.categories:
        return str(refs["category"])
    category = mapping.get(f.code, "")
    if category not in scope.categories:
        raise UserError(f"问题线索 #{f.id}（{f.code}）没有对应的问题类别"
                        f"{'（默认对应「' + category + '」，当前分类中没有）' if category else ''}，"
                        "请用 --category 指定类别。")
    return category


def _findings_to_confirm(s: Session, ids: list[int] | None) -> list[Finding]:
    if ids is None:
        return list(s.scalars(select(Finding).where(Finding.status == "open").order_by(Finding.id)))
    out: list[Finding] = []
    for fid in dict.fromkeys(ids):
        f = s.get(Finding, fid)
        if f is None:
            raise UserError(f"找不到问题线索（编号 {fid}），未作任何改动。")
        if f.status == "dismissed":
            raise UserError(f"问题线索 #{fid} 已排除（理由：{f.dismiss_reason}），不能确认为问题，未作任何改动。"
                            "如需确认，请先恢复该线索。")
        if f.status == "resolved":
            raise UserError(f"问题线索 #{fid} 在最近一次倒查中已不再出现（已消除），不能确认为问题，未作任何改动。")
        out.append(f)
    return out


def confirm_findings(store: Store, ids: list[int] | None, *, category: str | None = None,
                     operator: str = "", expected_versions: dict[int, int] | None = None) -> list[int]:
    """Confirm findings (None = every open finding): each becomes one problem on the problem list.

    The category is `category` when given, else the finding code's category for the taxonomy in
    force. A finding confirmed twice keeps its one problem. Returns the problems' ids.

    The problem belongs to the active campaign. A finding outside its scope (period, units) stays
    a finding: `None` passes over it, a named one is refused, as is one already confirmed as a
    problem of another campaign. Under login: a 审核员's work, recorded under their account.
    `expected_versions`: id → the finding's `row_version` the page showed; one another desk
    changed since refuses them all (StaleRecordError, naming who and when)."""
    actor = check(store, "findings.confirm")
    operator = actor.name if actor else operator
    with store.writing() as s:
        for fid, version in (expected_versions or {}).items():  # before the status checks: who changed it
            shown = s.get(Finding, fid)
            if shown is not None:
                check_version(s, shown, version, "问题线索")
        scope = scope_of(s)
        mapping = mapping_in(s, scope)
        given = check_category(scope, category) if category is not None else None
        units: dict[int, str] = {uid: name for uid, name in s.execute(select(Unit.id, Unit.name))}
        covered = session_scope(s)
        inside = findings_in_scope(s, covered) if covered is not None else None
        out: list[int] = []
        for f in _findings_to_confirm(s, ids):
            if inside is not None and f.id not in inside:
                if ids is None:
                    continue
                raise UserError(f"问题线索 #{f.id} 不在当前专项活动的范围内（{_scope_text(covered)}），"
                                "不计入本活动的问题清单，未作任何改动。")
            existing = s.scalar(select(Problem).where(Problem.finding_id == f.id))
            if existing is not None and ids is not None and existing.campaign_id != scope.campaign_id:
                raise UserError(f"问题线索 #{f.id} 已在另一专项活动中确认为问题 #{existing.id}，"
                                "不能再计入当前专项活动，未作任何改动。")
            if existing is None:
                refs = json.loads(f.refs_json or "{}")
                p = Problem(finding_id=f.id, campaign_id=scope.campaign_id,
                            category=_category_for(f, scope, mapping, given), manifestation=manifestation_of(f),
                            unit=units.get(f.unit_id, "") if f.unit_id else "",
                            case_no=str(refs.get("case_no") or f.case_key or ""),
                            source=f.source if f.source in PROBLEM_SOURCES else "audit",
                            created_at=_now(), status="待整改")
                s.add(p)
                s.flush()
                changelog.append(s, operator=operator, action="create", table_name="problems", record_id=p.id,
                                 after=_snap(p))
                existing = p
            if f.status != "confirmed":
                before = {"status": f.status}
                f.status = "confirmed"
                changelog.append(s, operator=operator, action="update", table_name="findings", record_id=f.id,
                                 before=before, after={"status": "confirmed", "problem_id": existing.id})
            out.append(existing.id)
        return out


def _scope_text(scope: CampaignScope | None) -> str:
    if scope is None:
        return "不限"
    period = f"{scope.period_from or '不限'} 至 {scope.period_to or '今'}"
    units = "、".join(scope.unit_names) or "全部"
    return f"倒查期间 {period}，执法单位 {units}"


def add_problem(store: Store, *, category: str, manifestation: str, unit: str = "", case_no: str = "",
                source: str = "manual", operator: str = "") -> int:
    """A problem found by other means (投诉举报, 实地督查, 自查 …) added to the list by hand."""
    manifestation = (manifestation or "").strip()
    if not manifestation:
        raise UserError("问题的具体表现不能为空。")
    if source not in PROBLEM_SOURCES:
        raise UserError(f"问题来源「{source}」有误，应为 {'、'.join(PROBLEM_SOURCES)} 之一。")
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    with store.writing() as s:
        scope = scope_of(s)
        p = Problem(campaign_id=scope.campaign_id, category=check_category(scope, category),
                    manifestation=manifestation, unit=(unit or "").strip(), case_no=(case_no or "").strip(),
                    source=source, created_at=_now(), status="待整改")
        s.add(p)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="problems", record_id=p.id,
                         after=_snap(p))
        return p.id


def _open_problem(s: Session, problem_id: int) -> Problem:
    p = load_problem(s, problem_id)
    if p.status == CLOSED:
        raise UserError(f"问题 #{problem_id} 已于 {p.closed_on} 销号，不能再修改。")
    return p


def set_measure(store: Store, problem_id: int, *, measure: str, dept: str, owner: str, deadline: date,
                immediate: bool = False, timetable: str = "", operator: str = "",
                expected_version: int | None = None) -> None:
    """The rectification measure (整治措施), responsible department and person, deadline; → 整改中.
    Under login a 录入员's work; the account is recorded as the measure's (app/accounts/duties.py).
    `expected_version`: the problem's version the form showed; StaleRecordError when another desk
    has changed the problem since (app/concurrency.py), nothing written."""
    values = {"measure": (measure or "").strip(), "dept": (dept or "").strip(), "owner": (owner or "").strip()}
    missing = [label for key, label in (("measure", "整治措施"), ("dept", "责任部门"), ("owner", "责任人"))
               if not values[key]]
    if missing:
        raise UserError(f"整改措施不完整：{'、'.join(missing)}不能为空。")
    if not isinstance(deadline, date):
        raise UserError("整改时限应为日期。")
    actor = check(store, "measures.enter")
    operator = actor.name if actor else operator
    with refuse_stale(store, "问题", "problems", problem_id), store.writing() as s:
        p = _open_problem(s, problem_id)
        check_version(s, p, expected_version, "问题")
        before = _snap(p)
        p.measure, p.dept, p.owner = values["measure"], values["dept"], values["owner"]
        p.deadline, p.immediate, p.timetable = deadline, bool(immediate), (timetable or "").strip()
        p.status = "整改中"
        s.flush()
        changelog.append(s, operator=operator, action="update", table_name="problems", record_id=p.id,
                         before=before, after=_snap(p))
        entered = note_measure_entered(s, p.id, actor)
        if entered is not None:
            changelog.append(s, operator=operator, action="update", table_name="measure_accounts",
                             record_id=entered.id, after={"problem_id": p.id, "entered_by": entered.entered_by})


def _keep_files(store: Store, s: Session, p: Problem, sources: list[Path], progress_id: int | None,
                kept: list[ev.StoredFile], operator: str) -> list[ev.StoredFile]:
    files = []
    for src in sources:
        f = ev.keep(store, src)
        kept.append(f)
        files.append(f)
        row = EvidenceFile(problem_id=p.id, progress_id=progress_id, file_name=f.file_name, sha256=f.sha256,
                           stored_path=f.stored_path, size=f.size, added_at=_now())
        s.add(row)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="evidence_files", record_id=row.id,
                         after={"problem_id": p.id, "progress_id": progress_id, "file_name": f.file_name,
                                "sha256": f.sha256, "stored_path": f.stored_path, "size": f.size})
    return files


def add_progress(store: Store, problem_id: int, *, note: str, evidence: Path | None = None,
                 on: date | None = None, operator: str = "") -> int:
    """A dated progress entry (整改进展), with an evidence file when given."""
    note = (note or "").strip()
    if not note:
        raise UserError("整改进展说明不能为空。")
    actor = check(store, "progress.enter")
    operator = actor.name if actor else operator
    sources = [ev.check_readable(evidence)] if evidence is not None else []
    kept: list[ev.StoredFile] = []
    try:
        with store.writing() as s:
            p = _open_problem(s, problem_id)
            entry = ProgressEntry(problem_id=p.id, on=on or date.today(), note=note, operator=operator)
            s.add(entry)
            s.flush()
            changelog.append(s, operator=operator, action="create", table_name="progress_entries",
                             record_id=entry.id, after={"problem_id": p.id, "on": entry.on, "note": note})
            _keep_files(store, s, p, sources, entry.id, kept, operator)
            return entry.id
    except BaseException:
        ev.discard(store, kept)
        raise


def _closable(s: Session, problem_id: int) -> Problem:
    p = load_problem(s, problem_id)
    if p.status == CLOSED:
        raise UserError(f"问题 #{problem_id} 已于 {p.closed_on} 销号。")
    if not p.measure:
        raise UserError(f"问题 #{problem_id} 尚未制定整改措施，不能销号（不解决不销号），未作任何改动。")
    return p


def close_problem(store: Store, problem_id: int, *, evidence: Path | list[Path] | None, approver: str,
                  on: date | None = None, operator: str = "") -> None:
    """销号. 不解决不销号: refused (nothing written) without a measure, an approver, or at least one
    readable evidence file; the evidence is kept with its SHA-256 and the problem becomes 已销号.

    Under login: only a 负责人 or 审核员 who is not one of the problem's owners (its 责任人, the
    account that entered its measure: app/accounts/duties.py); the approver recorded is the
    logged-in account — `approver` may be left empty, and naming anyone else is refused."""
    actor = check(store, "problems.close")
    if actor is not None:
        if (approver or "").strip() not in ("", actor.name):
            raise UserError(f"审批人以登录账户「{actor.name}」记录，不能填写他人「{approver.strip()}」，未作任何改动。")
        approver, operator = actor.name, actor.name
    with store.session() as s:
        p = _closable(s, problem_id)
        check_may_close(s, p.id, p.owner, actor)
    paths = [evidence] if isinstance(evidence, str | Path) else list(evidence or [])
    if not paths:
        raise UserError(f"不解决不销号：问题 #{problem_id} 销号须提供整改佐证材料（--evidence 文件），未作任何改动。")
    approver = (approver or "").strip()
    if not approver:
        raise UserError(f"问题 #{problem_id} 销号须写明审批人（--approver），未作任何改动。")
    sources = [ev.check_readable(x) for x in paths]
    kept: list[ev.StoredFile] = []
    try:
        with store.writing() as s:
            p = _closable(s, problem_id)
            before = _snap(p)
            files = _keep_files(store, s, p, sources, None, kept, operator)
            p.status, p.closed_on, p.approver = CLOSED, on or date.today(), approver
            p.close_evidence_sha256 = files[0].sha256
            s.flush()
            changelog.append(s, operator=operator, action="update", table_name="problems", record_id=p.id,
                             before=before, after={**_snap(p), "close_evidence": [f.sha256 for f in files]})
    except BaseException:
        ev.discard(store, kept)
        raise
