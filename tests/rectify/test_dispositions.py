"""Dispositions as data: the campaign's vocabulary, 挂牌督办 as a decision with its own deadline
(not the overdue list), 暂扣执法证件 changing the roster, 一票否决 refused without a campaign edit."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.audit.service import run_audit
from app.campaigns import create_campaign
from app.errors import UserError
from app.rectify import service
from app.rectify.vocabulary import DEFAULT_TERMS, add_term, list_terms, remove_term
from app.store import Store
from db.models import CaseFile, CaseOfficer, ChangeLogEntry, Officer
from db.models_audit import Finding

from .conftest import AS_OF

PLAN_TERMS = ("约谈", "整改函", "挂牌督办", "批评教育", "通报批评", "诫勉谈话", "调岗建议", "暂扣执法证件", "纪律检查建议书",
              "行政执法监督建议书", "行政执法监督函", "严肃查处", "通报曝光", "追究主体责任", "一票否决")
PLAN_REFERRALS = ("纪检监察机关", "检察机关", "公安机关", "专项整治监督问责组")


def _problems(store: Store) -> list[int]:
    return service.confirm_findings(store, None, operator="审核员")


def test_every_word_of_the_plans_is_in_the_default_vocabulary() -> None:
    assert {t.term for t in DEFAULT_TERMS if t.kind == "处置"} == set(PLAN_TERMS)
    assert tuple(t.term for t in DEFAULT_TERMS if t.kind == "移送") == PLAN_REFERRALS


def test_supervised_lists_the_decision_not_a_merely_overdue_problem(audited: Store) -> None:
    late, decided, other = _problems(audited)[:3]
    for pid in (late, decided, other):
        service.set_measure(audited, pid, measure="补正文书", dept="法制科", owner="王五", deadline=date(2024, 7, 1))
    service.add_disposition(audited, decided, kind="挂牌督办", decided_by="领导小组组长 易介兵", on=date(2024, 7, 5),
                            deadline=date(2024, 8, 15))
    as_of = date(2024, 7, 20)
    sup = service.supervised(audited, as_of)
    assert [r["id"] for r in sup] == [decided]
    assert (sup[0]["decided_by"], sup[0]["decided_on"], sup[0]["supervision_deadline"]) == (
        "领导小组组长 易介兵", date(2024, 7, 5), date(2024, 8, 15))
    assert {r["id"] for r in service.list_problems(audited, overdue=True, as_of=as_of)} >= {late, decided, other}
    # inside its own deadline the supervised problem is late (yellow); past it, red
    warned = {r["id"]: r["warning"] for r in service.warnings(audited, as_of)}
    assert warned[late] == "yellow" and warned[decided] == "yellow"
    after = {r["id"]: r["warning"] for r in service.warnings(audited, date(2024, 8, 16))}
    assert after[decided] == "red" and after[late] == "red"  # 46 days late
    assert service.supervised(audited, date(2024, 8, 16))[0]["warning"] == "red"
    with pytest.raises(UserError, match="督办时限"):
        service.add_disposition(audited, other, kind="挂牌督办", decided_by="领导小组")
    with pytest.raises(UserError, match="决定人"):
        service.add_disposition(audited, other, kind="挂牌督办", deadline=date(2024, 9, 1))
    with pytest.raises(UserError, match="只有挂牌督办"):
        service.add_disposition(audited, other, kind="约谈", deadline=date(2024, 9, 1))
    assert [r["id"] for r in service.supervised(audited, as_of)] == [decided]


def test_suspending_a_certificate_changes_the_roster_and_the_audit_flags_the_officer(audited: Store) -> None:
    pid = _problems(audited)[0]
    with audited.session() as s:
        # an officer on some case who is not flagged today
        flagged = {json.loads(f.refs_json).get("officer") for f in s.scalars(
            select(Finding).where(Finding.code == "OFFICER_NOT_CERTIFIED"))}
        row = next((o, c) for o, c in s.execute(
            select(Officer, CaseFile).join(CaseOfficer, CaseOfficer.cert_no == Officer.cert_no)
            .join(CaseFile, CaseFile.id == CaseOfficer.case_id).where(Officer.status == "有效"))
            if o.name not in flagged and o.cert_no not in flagged)
        officer, case, decided = row[0].cert_no, row[1].case_key, row[1].decided_on
    # suspended from the day that case was decided: a 暂扣 counts on the cases decided from its day on
    assert decided is not None
    service.add_disposition(audited, pid, kind="暂扣执法证件", officer=officer, on=decided, note="程序违法")
    with audited.session() as s:
        o = s.scalar(select(Officer).where(Officer.cert_no == officer))
        assert o is not None and (o.status, o.status_on) == ("暂扣", decided)
        assert s.scalar(select(ChangeLogEntry).where(ChangeLogEntry.table_name == "officers")) is not None
    d = service.get_problem(audited, pid)["dispositions"][0]
    assert d["kind"] == "暂扣执法证件" and d["officer_id"] is not None
    run_audit(audited, as_of=AS_OF)
    with audited.session() as s:
        hits = [f for f in s.scalars(select(Finding).where(Finding.code == "OFFICER_NOT_CERTIFIED",
                                                           Finding.status != "resolved"))
                if f.case_key == case and "暂扣" in (f.message or "")]
    assert hits
    with pytest.raises(UserError, match="执法人员"):
        service.add_disposition(audited, pid, kind="暂扣执法证件")
    with pytest.raises(UserError, match="没有"):
        service.add_disposition(audited, pid, kind="暂扣执法证件", officer="查无此人")


def test_the_vocabulary_is_edited_per_campaign(audited: Store) -> None:
    with pytest.raises(UserError, match="尚未创建专项活动"):
        add_term(audited, "责令检查")
    create_campaign(audited, name="乱象整治", doc_no="攸纪发〔2021〕3号", taxonomy="B")
    pid = service.add_problem(audited, category="选择性执法问题", manifestation="同案异罚")
    with pytest.raises(UserError, match="不在本专项活动的处置用语中"):
        service.add_disposition(audited, pid, kind="责令检查")
    add_term(audited, "责令检查", severity="问题轻微")
    remove_term(audited, "整改函")
    terms = [t["term"] for t in list_terms(audited)["terms"] if t["kind"] == "处置"]
    assert terms[-1] == "责令检查" and "整改函" not in terms and "挂牌督办" in terms
    service.add_disposition(audited, pid, kind="责令检查", referral="公安机关")
    with pytest.raises(UserError):
        service.add_disposition(audited, pid, kind="整改函")
    with pytest.raises(UserError, match="已在列表中"):
        add_term(audited, "约谈")
