"""Campaigns: creation with a taxonomy copy, one active campaign, validation that writes
nothing, taxonomy edits confined to the campaign, updates logged."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.campaigns import (
    active_campaign,
    create_campaign,
    edit_taxonomy,
    get_campaign,
    list_campaigns,
    update_campaign,
)
from app.campaigns.templates import load_template
from app.errors import UserError
from db.models import ChangeLogEntry
from db.models_campaign import Campaign, CampaignCategory

DOC = "沈水依法办发〔2019〕04号"


def _pairs(taxonomy: dict) -> list[tuple[str, list[str]]]:  # type: ignore[type-arg]
    return [(c["name"], c["manifestations"]) for c in taxonomy["categories"]]


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_create_copies_the_template_and_becomes_active(store) -> None:  # type: ignore[no-untyped-def]
    camp = create_campaign(store, name="规范文明执法和整治“三乱”专项活动", doc_no=DOC, taxonomy="A",
                           period_from="2017-01-01", issuing_body="沈阳市水务局依法行政领导小组",
                           issued_on="2019年4月13日", units=["沈阳市浑河管理处"], hotline="88536778",
                           phases=[{"name": "自查自纠阶段", "from": "2019-03-15", "to": "2019-07-31",
                                    "report_deadline": "2019-07-30"}],
                           leadership=[{"role": "组长", "name": "陈双伟", "title": "局长"},
                                       {"role": "联络员", "name": "王俊澍"}], operator="法规处")
    assert camp["id"] >= 1 and camp["active"] is True
    assert camp["period_from"] == date(2017, 1, 1) and camp["issued_on"] == date(2019, 4, 13)
    assert _pairs(camp["taxonomy"]) == _pairs(load_template("A"))
    assert camp["phases"][0]["report_deadline"] == date(2019, 7, 30)
    assert [m["role"] for m in camp["leadership"]] == ["组长", "联络员"]
    assert get_campaign(store, camp["id"]) == camp
    second = create_campaign(store, name="集中整治", doc_no="", taxonomy="c")
    assert active_campaign(store)["id"] == second["id"]  # type: ignore[index]
    assert [c["active"] for c in list_campaigns(store)] == [True, False]
    with store.session() as s:
        actions = [(e.action, e.table_name) for e in s.scalars(select(ChangeLogEntry))]
    assert actions.count(("create", "campaigns")) == 2


@pytest.mark.parametrize("kwargs, message", [
    ({"taxonomy": "D"}, "未知的问题分类模板"),
    ({"taxonomy": "A", "period_from": "2019-02-30"}, "日期不存在"),
    ({"taxonomy": "A", "period_from": "2020-01-01", "period_to": "2019-01-01"}, "晚于"),
    ({"taxonomy": "A", "leadership": [{"role": "主任", "name": "某"}]}, "领导小组职务"),
    ({"taxonomy": "A", "phases": [{"name": "一", "from": "2019-05-01", "to": "2019-04-01"}]}, "晚于"),
])
def test_bad_input_is_refused_and_nothing_written(store, kwargs, message) -> None:  # type: ignore[no-untyped-def]
    log_before = _count(store, ChangeLogEntry)
    with pytest.raises(UserError, match=message):
        create_campaign(store, name="专项", doc_no=DOC, **kwargs)
    assert _count(store, Campaign) == 0 and _count(store, CampaignCategory) == 0
    assert _count(store, ChangeLogEntry) == log_before


def test_the_same_document_number_twice_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    create_campaign(store, name="专项", doc_no=DOC, taxonomy="A")
    with pytest.raises(UserError, match="已经存在"):
        create_campaign(store, name="专项二", doc_no=DOC, taxonomy="B")
    assert _count(store, Campaign) == 1


def test_taxonomy_edits_stay_in_their_campaign(store) -> None:  # type: ignore[no-untyped-def]
    a = create_campaign(store, name="一", doc_no="甲〔2019〕1号", taxonomy="B")
    b = create_campaign(store, name="二", doc_no="甲〔2019〕2号", taxonomy="B")
    edit_taxonomy(store, a["id"], "add_manifestation", category="回应群众诉求方面", text="投诉举报答复超期")
    edit_taxonomy(store, a["id"], "rename_manifestation", category="机械性执法问题", text="简单执法",
                  new_text="简单机械执法")
    edit_taxonomy(store, a["id"], "remove_manifestation", category="逐利性执法问题", text="接受指定有偿服务")
    edit_taxonomy(store, a["id"], "rename_category", category="选择性执法问题", new_text="选择性执法类问题")
    edit_taxonomy(store, a["id"], "add_category", category="其他问题")
    tax = edit_taxonomy(store, a["id"], "remove_category", category="随意性执法问题")
    cats = {c["name"]: c["manifestations"] for c in tax["categories"]}
    assert list(cats) == ["选择性执法类问题", "机械性执法问题", "逐利性执法问题", "回应群众诉求方面", "其他问题"]
    assert cats["回应群众诉求方面"] == ["投诉举报答复超期"] and cats["其他问题"] == []
    assert cats["机械性执法问题"][0] == "简单机械执法"
    assert "接受指定有偿服务" not in cats["逐利性执法问题"]
    assert _pairs(get_campaign(store, b["id"])["taxonomy"]) == _pairs(load_template("B"))
    with pytest.raises(UserError, match="已经存在"):
        edit_taxonomy(store, a["id"], "add_category", category="其他问题")
    with pytest.raises(UserError, match="没有问题类别"):
        edit_taxonomy(store, a["id"], "add_manifestation", category="随意性执法问题", text="x")
    with pytest.raises(UserError, match="已有具体表现"):
        edit_taxonomy(store, a["id"], "add_manifestation", category="机械性执法问题", text="以罚代管")


def test_update_replaces_lists_moves_the_active_flag_and_logs(store) -> None:  # type: ignore[no-untyped-def]
    a = create_campaign(store, name="一", doc_no="甲〔2019〕1号", taxonomy="A")
    create_campaign(store, name="二", doc_no="甲〔2019〕2号", taxonomy="A")
    out = update_campaign(store, a["id"], active=True, period_to="2019-12-31", mailbox="a@b.cn",
                          grade_bands=[["优秀", 85], ["合格", 70]], operator="法规处")
    assert out["active"] and out["period_to"] == date(2019, 12, 31) and out["grade_bands"] == [["优秀", 85], ["合格", 70]]
    assert active_campaign(store)["id"] == a["id"]  # type: ignore[index]
    with pytest.raises(UserError, match="从高到低"):
        update_campaign(store, a["id"], grade_bands=[["合格", 60], ["优秀", 90]])
    with pytest.raises(UserError, match="可修改"):
        update_campaign(store, a["id"], taxonomy_id="B")
    with store.session() as s:
        last = s.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc())).first()
    assert last is not None and last.action == "update" and last.operator == "法规处"
