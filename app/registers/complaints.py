"""The complaint register (投诉举报, reference/003): intake, triage, the procedural reply and the
substantive result, each with its deadline, and the overdue list.

    add_complaint · triage_complaint · reply_complaint · close_complaint · list_complaints ·
    get_complaint · overdue_count

A complaint gets its deadlines at intake from the office's settings (app/registers/deadlines.py).
It is overdue on `as_of` when the reply is not given and `reply_due` has passed, or the result is
not recorded and `result_due` has passed — so it turns overdue the day after a deadline and
leaves the list once answered. Triage 并入问题 puts it on the problem list (source complaint)
through the rectification service. Each change is one change-log entry; a refusal writes nothing.

The complainant and contact are masked in what leaves the office (JSON, Excel, PDF) unless the
caller asks for them (`unmasked`): a person's name to surname + 某
(app/publication/redact.py), the contact to *** whole.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.concurrency import check_version, refuse_stale, version_of
from app.errors import UserError
from app.publication.redact import publish_party
from app.registers import deadlines
from app.registers.files import keep_files, stored_files
from app.registers.values import a_date, required_text
from app.store import Store
from db import changelog
from db.models_campaign import Campaign
from db.models_registers import COMPLAINT_CHANNELS, COMPLAINT_TRIAGES, Complaint

__all__ = ["COMPLAINT_CHANNELS", "COMPLAINT_TRIAGES", "add_complaint", "close_complaint", "get_complaint", "known_units",
           "list_complaints", "overdue_count", "reply_complaint", "triage_complaint"]

PENDING, REPLIED, CLOSED = "待处理", "已回复", "已办结"
WHAT = "投诉举报"  # how a refused stale save names the record
SNAPSHOT = ("campaign_id", "received_on", "channel", "complainant", "contact", "subject", "unit", "reply_due",
            "result_due", "triage", "triaged_on", "triage_reason", "referred_to", "problem_id", "replied_on",
            "reply_text", "closed_on", "result_text")


def _snap(c: Complaint) -> dict[str, Any]:
    return {k: getattr(c, k) for k in SNAPSHOT}


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def status_of(c: Complaint) -> str:
    if c.closed_on is not None:
        return CLOSED
    if c.replied_on is not None:
        return REPLIED
    return c.triage or PENDING


def reply_overdue(c: Complaint, as_of: date) -> bool:
    return c.replied_on is None and c.closed_on is None and c.reply_due < as_of


def result_overdue(c: Complaint, as_of: date) -> bool:
    return c.closed_on is None and c.result_due < as_of


def outcome_of(c: Complaint) -> str:
    """The handling in one line, for the 清零 ledger."""
    parts = [c.triage or "未分流"]
    if c.triage == "不予受理" and c.triage_reason:
        parts[0] += f"（{c.triage_reason}）"
    if c.triage == "转办" and c.referred_to:
        parts[0] += f"（转 {c.referred_to}）"
    if c.triage == "并入问题" and c.problem_id:
        parts[0] += f"（问题 #{c.problem_id}）"
    if c.closed_on is not None:
        parts.append(f"{c.closed_on.isoformat()} 办结：{c.result_text}")
    else:
        parts.append("未办结")
    return "；".join(parts)


def masked_contact(contact: str) -> str:
    """A phone number, address or mailbox says who complained: none of it leaves the office."""
    return "***" if (contact or "").strip() else ""


def complaint_dict(c: Complaint, as_of: date, *, unmasked: bool = False) -> dict[str, Any]:
    late_reply, late_result = reply_overdue(c, as_of), result_overdue(c, as_of)
    return {"id": c.id, "received_on": c.received_on, "channel": c.channel, "subject": c.subject, "unit": c.unit,
            "status": status_of(c), "reply_due": c.reply_due, "replied_on": c.replied_on,
            "result_due": c.result_due, "closed_on": c.closed_on,
            "complainant": c.complainant if unmasked else publish_party(c.complainant),
            "contact": c.contact if unmasked else masked_contact(c.contact),
            "masked": not unmasked, "triage": c.triage, "triaged_on": c.triaged_on,
            "triage_reason": c.triage_reason, "referred_to": c.referred_to, "problem_id": c.problem_id,
            "reply_text": c.reply_text, "result_text": c.result_text, "campaign_id": c.campaign_id,
            "reply_overdue": late_reply, "result_overdue": late_result, "overdue": late_reply or late_result,
            "outcome": outcome_of(c),
            "row_version": c.row_version}  # what a dialog hands back (app/concurrency.py)


def _load(s: Session, complaint_id: int) -> Complaint:
    c = s.get(Complaint, complaint_id)
    if c is None:
        raise UserError(f"找不到投诉举报（编号 {complaint_id}）。")
    return c


def _checked(s: Session, complaint_id: int, expected_version: int | None) -> Complaint:
    """The complaint, refused (StaleRecordError) when another desk has changed it since
    `expected_version`: read once for a step's checks, and again inside its write."""
    c = _open(s, complaint_id)
    check_version(s, c, expected_version, WHAT)
    return c


def _open(s: Session, complaint_id: int) -> Complaint:
    c = _load(s, complaint_id)
    if c.closed_on is not None:
        raise UserError(f"投诉举报 #{complaint_id} 已于 {c.closed_on} 办结，不能再修改，未作任何改动。")
    return c


def _not_before_receipt(c: Complaint, on: date, what: str) -> None:
    if on < c.received_on:
        raise UserError(f"{what}（{on}）早于投诉举报 #{c.id} 的收到日期（{c.received_on}），未作任何改动。")


def _log(s: Session, c: Complaint, operator: str, before: dict[str, Any] | None, **extra: Any) -> None:
    changelog.append(s, operator=operator, action="update" if before else "create", table_name="complaints",
                     record_id=c.id, before=before, after={**_snap(c), **extra})


def add_complaint(store: Store, *, received_on: object, channel: str, subject: str, complainant: str = "",
                  contact: str = "", unit: str = "", campaign_id: int | None = None,
                  as_of: date | None = None, operator: str = "") -> dict[str, Any]:
    """Register a complaint; its deadlines come from the office's settings today."""
    received = a_date(received_on, "收到日期")
    today = as_of or date.today()
    if received > today:
        raise UserError(f"收到日期（{received}）晚于今天（{today}），请核对。")
    channel = "".join((channel or "").split())  # "12345 转办" as the plans write it
    if channel == "12345":
        channel = "12345转办"
    if channel not in COMPLAINT_CHANNELS:
        raise UserError(f"来源渠道「{channel}」有误，应为 {'、'.join(COMPLAINT_CHANNELS)} 之一。")
    subject = required_text(subject, "投诉举报事项")
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    rules = deadlines.read_rules(store)
    reply_due = deadlines.reply_due(received, rules, store)
    with store.writing() as s:
        if campaign_id is None:
            campaign_id = s.scalar(select(Campaign.id).where(Campaign.active.is_(True))
                                   .order_by(Campaign.id.desc()).limit(1))
        elif s.get(Campaign, campaign_id) is None:
            raise UserError(f"找不到专项活动（编号 {campaign_id}）。")
        c = Complaint(campaign_id=campaign_id, received_on=received, channel=channel, subject=subject,
                      complainant=(complainant or "").strip(), contact=(contact or "").strip(),
                      unit=(unit or "").strip(), reply_due=reply_due,
                      result_due=deadlines.result_due(received, rules), created_at=_now(), operator=operator)
        s.add(c)
        s.flush()
        _log(s, c, operator, None, rules=rules.describe())
        return complaint_dict(c, today, unmasked=True)


def triage_complaint(store: Store, complaint_id: int, *, as_: str, reason: str = "", referred_to: str = "",
                     category: str | None = None, on: object = None, operator: str = "",
                     expected_version: int | None = None) -> dict[str, Any]:
    """受理 · 不予受理 (with its reason) · 转办 (to whom) · 并入问题 (a problem in the category given).
    `expected_version` (here and in reply/close): the version the dialog showed; StaleRecordError
    when another desk has changed the complaint since (app/concurrency.py), nothing written.
    Without one, the version read for the checks is the one the write must find."""
    kind = (as_ or "").strip()
    if kind not in COMPLAINT_TRIAGES:
        raise UserError(f"分流方式「{kind}」有误，应为 {'、'.join(COMPLAINT_TRIAGES)} 之一。")
    on_day = a_date(on, "分流日期") if on is not None else date.today()
    reason, referred_to = (reason or "").strip(), (referred_to or "").strip()
    if kind == "不予受理" and not reason:
        raise UserError("不予受理须写明理由（--reason），未作任何改动。")
    if kind == "转办" and not (referred_to or reason):
        raise UserError("转办须写明转交的机关或单位（--to），未作任何改动。")
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    with store.session() as s:
        c = _checked(s, complaint_id, expected_version)
        expected_version = version_of(c)  # what the write below must still find
        _not_before_receipt(c, on_day, "分流日期")
        if c.problem_id is not None:
            raise UserError(f"投诉举报 #{c.id} 已并入问题 #{c.problem_id}，不能再分流，未作任何改动。")
        unit, subject, received, channel = c.unit, c.subject, c.received_on, c.channel
    problem_id = None
    if kind == "并入问题":
        from app.rectify.service import add_problem

        if not (category or "").strip():
            raise UserError("并入问题须指定问题类别（--category），未作任何改动。")
        problem_id = add_problem(store, category=category or "", unit=unit, source="complaint", operator=operator,
                                 manifestation=f"投诉举报 #{complaint_id}（{received}，{channel}）：{subject}")
    with refuse_stale(store, WHAT, "complaints", complaint_id), store.writing() as s:
        c = _checked(s, complaint_id, expected_version)
        before = _snap(c)
        c.triage, c.triaged_on, c.problem_id = kind, on_day, problem_id
        c.triage_reason = reason if kind != "转办" else ""
        c.referred_to = (referred_to or reason) if kind == "转办" else ""
        s.flush()
        _log(s, c, operator, before)
        return complaint_dict(c, date.today(), unmasked=True)


def reply_complaint(store: Store, complaint_id: int, *, on: object, note: str, attachment: Path | str | None = None,
                    operator: str = "", expected_version: int | None = None) -> dict[str, Any]:
    """The procedural reply (程序性回复): its date and text, a file kept with it when given."""
    on_day = a_date(on, "回复日期")
    note = required_text(note, "回复内容")
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    with store.session() as s:
        c = _checked(s, complaint_id, expected_version)
        expected_version = version_of(c)  # what the write below must still find
        _not_before_receipt(c, on_day, "回复日期")
        if c.replied_on is not None:
            raise UserError(f"投诉举报 #{c.id} 已于 {c.replied_on} 回复，未作任何改动。")
    with keep_files(store, [attachment] if attachment else []) as kept, refuse_stale(store, WHAT, "complaints", complaint_id), \
            store.writing() as s:
        c = _checked(s, complaint_id, expected_version)
        before = _snap(c)
        c.replied_on, c.reply_text = on_day, note
        files = stored_files(s, c.id, "reply", kept, operator)
        _log(s, c, operator, before, files=files)
        return complaint_dict(c, date.today(), unmasked=True)


def close_complaint(store: Store, complaint_id: int, *, on: object, result: str,
                    attachment: Path | str | None = None, operator: str = "",
                    expected_version: int | None = None) -> dict[str, Any]:
    """The substantive result (实体性办理): refused before triage, before receipt or the reply."""
    on_day = a_date(on, "办结日期")
    result = required_text(result, "办理结果")
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    with store.session() as s:
        c = _checked(s, complaint_id, expected_version)
        expected_version = version_of(c)  # what the write below must still find
        _not_before_receipt(c, on_day, "办结日期")
        if not c.triage:
            raise UserError(f"投诉举报 #{c.id} 尚未分流（受理、不予受理、转办或并入问题），不能办结，未作任何改动。")
        if c.replied_on is not None and on_day < c.replied_on:
            raise UserError(f"办结日期（{on_day}）早于回复日期（{c.replied_on}），未作任何改动。")
    with keep_files(store, [attachment] if attachment else []) as kept, refuse_stale(store, WHAT, "complaints", complaint_id), \
            store.writing() as s:
        c = _checked(s, complaint_id, expected_version)
        before = _snap(c)
        c.closed_on, c.result_text = on_day, result
        files = stored_files(s, c.id, "result", kept, operator)
        _log(s, c, operator, before, files=files)
        return complaint_dict(c, date.today(), unmasked=True)


def list_complaints(store: Store, *, overdue: bool = False, as_of: date | None = None,
                    date_from: date | None = None, date_to: date | None = None, unit: str | None = None,
                    unmasked: bool = False) -> list[dict[str, Any]]:
    """The register in id order; `overdue` keeps those late on `as_of`; the period is by receipt."""
    as_of = as_of or date.today()
    stmt = select(Complaint).order_by(Complaint.id)
    if date_from is not None:
        stmt = stmt.where(Complaint.received_on >= date_from)
    if date_to is not None:
        stmt = stmt.where(Complaint.received_on <= date_to)
    if unit is not None:
        stmt = stmt.where(Complaint.unit == unit)
    with store.session() as s:
        rows = [complaint_dict(c, as_of, unmasked=unmasked) for c in s.scalars(stmt)]
    return [r for r in rows if r["overdue"]] if overdue else rows


def get_complaint(store: Store, complaint_id: int, *, as_of: date | None = None,
                  unmasked: bool = False) -> dict[str, Any]:
    """One complaint with the files kept with its reply and result."""
    from app.registers.files import files_of

    with store.session() as s:
        out = complaint_dict(_load(s, complaint_id), as_of or date.today(), unmasked=unmasked)
        out["files"] = files_of(store, s, complaint_id)
        return out


def overdue_count(store: Store, as_of: date | None = None) -> int:
    """How many complaints are overdue on `as_of` (the 首页 figure)."""
    return len(list_complaints(store, overdue=True, as_of=as_of))


def known_units(store: Store) -> list[str]:
    """The enforcement units' names (the units register and those complaints already name), sorted."""
    from db.models import Unit

    with store.session() as s:
        names = set(s.scalars(select(Unit.name))) | set(s.scalars(select(Complaint.unit).distinct()))
    return sorted(n for n in names if n)
