"""Dispositions (分类处置) of a problem and referrals (移送), in the campaign's own vocabulary
(app.rectify.vocabulary; reference/004 三(三), reference/003 三(三)).

    约谈 / 整改函 / 通报批评 (轻微) · 挂牌督办 / 批评教育 / 诫勉谈话 / 调岗建议 / 暂扣执法证件 /
    纪律检查建议书 / 行政执法监督建议书 (一般) · 行政执法监督函 · 严肃查处 / 通报曝光 (严重) ·
    追究主体责任 / 一票否决 (弄虚作假、不实不力); 移送 纪检监察机关 / 检察机关 / 公安机关 / 专项整治监督问责组

`people_handled` (处理人数) and `sanctions` (党纪政务处分人数) feed the statistics form (附件3).
挂牌督办 is the leadership group's decision: who decided and the deadline it set are required.
暂扣执法证件 names the officer, whose roster status becomes 暂扣 from the disposition's date, so
the audit flags a case that officer decides later (OFFICER_NOT_CERTIFIED).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.errors import UserError
from app.rectify.problems import load_problem
from app.rectify.vocabulary import DEFAULT_TERMS, DISPOSE, REFER, SUPERVISE, SUSPEND, active_campaign_id, find_term
from app.store import Store
from db import changelog
from db.models import Officer
from db.models_rectify import Disposition

# The default words (the UI and older callers read these; a campaign's list may differ).
DISPOSITION_KINDS = tuple(t.term for t in DEFAULT_TERMS if t.kind == DISPOSE)
REFERRALS = ("", *(t.term for t in DEFAULT_TERMS if t.kind == REFER))
SUSPENDED = "暂扣"


def _count(value: object, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(f"{label}应为整数。")
    if value < 0:
        raise UserError(f"{label}不能为负数。")
    return value


def find_officer(s: Session, who: str) -> Officer:
    """The officer by certificate number, else by a name that is unique in the roster."""
    who = (who or "").strip()
    if not who:
        raise UserError("暂扣执法证件须写明执法人员（--officer 执法证号或姓名）。")
    officer = s.scalar(select(Officer).where(Officer.cert_no == who))
    if officer is not None:
        return officer
    named = s.scalars(select(Officer).where(Officer.name == who)).all()
    if len(named) == 1:
        return named[0]
    if not named:
        raise UserError(f"执法人员名册中没有「{who}」（按执法证号或姓名查找）。")
    raise UserError(f"执法人员名册中有 {len(named)} 个「{who}」，请用执法证号指明。")


def suspend_officer(s: Session, officer: Officer, on: date, operator: str) -> None:
    """Roster status → 暂扣 from `on` (recorded in the change log, which keeps the history)."""
    before = {"status": officer.status, "status_on": officer.status_on}
    officer.status, officer.status_on = SUSPENDED, on
    s.flush()
    changelog.append(s, operator=operator, action="update", table_name="officers", record_id=officer.id,
                     before=before, after={"status": SUSPENDED, "status_on": on, "reason": "暂扣执法证件"})


def add_disposition(store: Store, problem_id: int, *, kind: str, referral: str = "", people_handled: int = 0,
                    sanctions: int = 0, note: str = "", on: date | None = None, operator: str = "",
                    decided_by: str = "", deadline: date | None = None, officer: str = "",
                    document_id: int | None = None) -> int:
    """Record one disposition of the problem (and any referral); returns its id. Under login it is
    a 负责人's decision (挂牌督办 and every other disposition), recorded under their account, which
    is also the decider when none is named."""
    actor = check(store, "dispositions.decide")
    if actor is not None:
        operator, decided_by = actor.name, (decided_by or "").strip() or actor.name
    people = _count(people_handled, "处理人数")
    sanctioned = _count(sanctions, "党纪政务处分人数")
    on = on or date.today()
    decided_by = (decided_by or "").strip()
    with store.writing() as s:
        p = load_problem(s, problem_id)
        cid = p.campaign_id if p.campaign_id is not None else active_campaign_id(s)
        term = find_term(s, cid, kind, DISPOSE)
        ref = find_term(s, cid, referral, REFER).term if (referral or "").strip() else ""
        if term.effect == SUPERVISE:
            if deadline is None:
                raise UserError(f"{term.term}须写明督办时限（--deadline），未作任何改动。")
            if not decided_by:
                raise UserError(f"{term.term}是领导小组的决定，须写明决定人（--decided-by），未作任何改动。")
            if deadline < on:
                raise UserError(f"督办时限 {deadline} 早于决定日期 {on}，未作任何改动。")
        elif deadline is not None:
            raise UserError(f"只有挂牌督办设定督办时限，「{term.term}」不设，未作任何改动。")
        target = find_officer(s, officer) if term.effect == SUSPEND else None
        d = Disposition(problem_id=p.id, kind=term.term, referral=ref, people_handled=people, sanctions=sanctioned,
                        note=(note or "").strip(), on=on, operator=operator, decided_by=decided_by,
                        deadline=deadline, officer_id=target.id if target else None, document_id=document_id)
        s.add(d)
        s.flush()
        if target is not None:
            suspend_officer(s, target, on, operator)
        changelog.append(s, operator=operator, action="create", table_name="dispositions", record_id=d.id,
                         after={"problem_id": p.id, "kind": d.kind, "referral": ref, "people_handled": people,
                                "sanctions": sanctioned, "note": d.note, "on": d.on, "decided_by": decided_by,
                                "deadline": deadline, "officer_id": d.officer_id})
        return d.id
