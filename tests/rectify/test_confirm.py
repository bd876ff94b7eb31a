"""Findings become problems: the mapped category, words a reader understands, no duplicates,
dismissed findings refused, a campaign's own taxonomy and mapping edits."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.audit.codes import CODES, REVIEW_CODE
from app.audit.service import dismiss_finding, list_findings
from app.campaigns.service import create_campaign
from app.campaigns.templates import TEMPLATE_IDS, load_template
from app.errors import UserError
from app.rectify import service
from app.rectify.categories import default_mappings, set_category_mapping
from app.store import Store
from db.models import ChangeLogEntry
from db.models_rectify import Problem


def _count(store: Store, model: type) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_default_mapping_names_a_category_of_each_template_for_every_code() -> None:
    mappings = default_mappings()
    for tid in TEMPLATE_IDS:
        categories = {c["name"] for c in load_template(tid)["categories"]}
        assert set(mappings[tid]) == {*CODES, REVIEW_CODE}, tid
        assert set(mappings[tid].values()) <= categories, tid
    a = mappings["A"]
    assert a["DECISION_OVERDUE"] == "执法不严格" and a["INCONSISTENT_PENALTY"] == "执法不公正"
    assert a["RECEIPT_NOT_IN_LEDGER"] == "执法不廉洁"
    assert {a[c] for c in ("TOO_FEW_OFFICERS", "OFFICER_NOT_CERTIFIED", "DATE_ORDER", "PUBLICATION_LATE")} == {"执法不规范"}


def test_confirm_all_turns_every_open_finding_into_one_problem_with_the_mapped_category(audited: Store) -> None:
    findings = {f["id"]: f for f in list_findings(audited, status="open")}
    assert len(findings) > 10
    ids = service.confirm_findings(audited, None, operator="审核员")
    assert len(ids) == len(set(ids)) == len(findings)
    mapping = default_mappings()["A"]
    problems = service.list_problems(audited)
    assert [p["id"] for p in problems] == sorted(ids)
    for p in problems:
        f = findings[p["finding_id"]]
        assert p["category"] == mapping[f["code"]]
        assert f["message"] in p["manifestation"] and p["source"] == "audit"
        assert p["status"] == "待整改" and p["unit"] == (f["unit"] or "")
        assert p["case_no"] == (f["refs"].get("case_no") or f["case_no"] or "")
    assert all(f["status"] == "confirmed" for f in list_findings(audited))
    overdue = next(p for p in problems if findings[p["finding_id"]]["code"] == "DECISION_OVERDUE")
    assert overdue["manifestation"].startswith("超过办案期限作出决定：案卷 ") and "超过90日办案期限" in overdue["manifestation"]


def test_confirming_twice_never_duplicates(audited: Store) -> None:
    first = service.confirm_findings(audited, None)
    assert service.confirm_findings(audited, first[:3]) == first[:3]
    assert service.confirm_findings(audited, None) == []  # nothing open any more
    some = list_findings(audited)[:2]
    assert service.confirm_findings(audited, [some[0]["id"], some[0]["id"], some[1]["id"]]) == first[:2]
    assert _count(audited, Problem) == len(first)


def test_a_dismissed_finding_cannot_be_confirmed_and_nothing_is_written(audited: Store) -> None:
    f1, f2 = list_findings(audited)[:2]
    dismiss_finding(audited, f2["id"], "收据已在台账第 3 页登记，系录入遗漏")
    log_before = _count(audited, ChangeLogEntry)
    with pytest.raises(UserError, match="已排除"):
        service.confirm_findings(audited, [f1["id"], f2["id"]])
    assert _count(audited, Problem) == 0 and _count(audited, ChangeLogEntry) == log_before
    assert service.confirm_findings(audited, None) and f2["id"] not in {
        p["finding_id"] for p in service.list_problems(audited)}
    with pytest.raises(UserError, match="找不到问题线索"):
        service.confirm_findings(audited, [999_999])


def test_an_explicit_category_must_exist_in_the_taxonomy(audited: Store) -> None:
    fid = list_findings(audited)[0]["id"]
    with pytest.raises(UserError, match="不在当前问题分类中"):
        service.confirm_findings(audited, [fid], category="逐利性执法")
    (pid,) = service.confirm_findings(audited, [fid], category="执法不文明")
    assert service.get_problem(audited, pid)["category"] == "执法不文明"


def test_with_a_campaign_its_taxonomy_and_its_own_mapping_apply(audited: Store) -> None:
    camp = create_campaign(audited, name="行政执法乱象专项整治", doc_no="攸纪发〔2021〕3号", taxonomy="B")
    overdue = next(f for f in list_findings(audited) if f["code"] == "DECISION_OVERDUE")
    gap = next(f for f in list_findings(audited) if f["code"] == "RECEIPT_NUMBER_GAP")
    with pytest.raises(UserError, match="不在当前问题分类中"):
        set_category_mapping(audited, "DECISION_OVERDUE", "执法不严格")
    mapping = set_category_mapping(audited, "DECISION_OVERDUE", "机械性执法问题", operator="法规处")
    assert mapping["DECISION_OVERDUE"] == "机械性执法问题"
    p_overdue, p_gap = service.confirm_findings(audited, [overdue["id"], gap["id"]])
    assert service.get_problem(audited, p_overdue)["category"] == "机械性执法问题"
    gap_problem = service.get_problem(audited, p_gap)
    assert gap_problem["category"] == "逐利性执法问题" and gap_problem["campaign_id"] == camp["id"]
    stats = service.statistics(audited)
    assert [r["category"] for r in stats["rows"]] == [c["name"] for c in load_template("B")["categories"]]


def test_a_manual_problem_is_added_with_its_source(audited: Store) -> None:
    pid = service.add_problem(audited, category="执法不文明", manifestation="执法人员对待群众态度恶劣（12345 热线转办）",
                              unit="沈阳市浑河管理处", source="complaint", operator="法规处")
    p = service.get_problem(audited, pid)
    assert (p["source"], p["finding_id"], p["status"]) == ("complaint", None, "待整改")
    with pytest.raises(UserError):
        service.add_problem(audited, category="执法不文明", manifestation="  ")
    with pytest.raises(UserError):
        service.add_problem(audited, category="执法不文明", manifestation="x", source="rumour")
    with audited.session() as s:
        entry = s.scalars(select(ChangeLogEntry).where(ChangeLogEntry.table_name == "problems")).one()
        assert entry.record_id == pid and json.loads(entry.after_json or "{}")["source"] == "complaint"
