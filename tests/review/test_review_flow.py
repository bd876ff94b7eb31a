"""Case review over a real store: checklist, scoring, single and blind (背靠背) reviews,
disagreements, consensus, and problems becoming findings."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.audit.codes import rule_of
from app.audit.model import Draft
from app.campaigns import create_campaign, update_campaign
from app.errors import UserError
from app.records.service import save
from app.review import mark_item, start_review, submit_review
from db.models_audit import Finding

CASE = "沈水罚字[2019]第012号"
KEY = "沈水罚字〔2019〕第12号"


@pytest.fixture
def case_store(store):  # type: ignore[no-untyped-def]
    save(store, "cases", {"case_no": CASE, "party": "张三", "unit": "沈阳市浑河管理处", "fine_fen": "5000",
                          "decided_on": "2019-04-01", "officers": "王伟(21010119001)、李娜(21010119002)"})
    create_campaign(store, name="专项", doc_no="沈水依法办发〔2019〕04号", taxonomy="A")
    return store


def _findings(store) -> list[Finding]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        return list(s.scalars(select(Finding).order_by(Finding.id)))


def _item(review: dict, text: str) -> int:  # type: ignore[type-arg]
    return next(i["item_no"] for i in review["items"] if i["text"] == text)


def test_checklist_holds_veto_items_then_the_campaign_taxonomy(case_store) -> None:  # type: ignore[no-untyped-def]
    r = start_review(case_store, "沈水罚字〔2019〕第12号", reviewer="甲")
    items = r["items"]
    assert [i["text"] for i in items[:6]] == ["主体不合法", "执法人员无资格", "证据不充分", "适用法律错误",
                                              "程序不合法", "执法人员少于2人"]
    assert all(i["veto"] for i in items[:6]) and not any(i["veto"] for i in items[6:])
    assert len(items) == 6 + 34 and items[6]["section"] == "执法不严格" and items[-1]["text"] == "工作简单粗暴"
    assert [i["item_no"] for i in items] == list(range(1, 41)) and r["case_no"] == KEY
    assert start_review(case_store, CASE, reviewer="甲")["id"] == r["id"]  # the same reviewer's review again


def test_single_review_scores_and_its_problems_become_findings(case_store) -> None:  # type: ignore[no-untyped-def]
    r = start_review(case_store, CASE, reviewer="甲")
    mark_item(case_store, r["id"], _item(r, "文书制作不规范"), "problem", note="送达回证无签名", deduct=15,
              evidence=["卷第12页"])
    mark_item(case_store, r["id"], _item(r, "同案异罚"), "problem", deduct=20)
    with pytest.raises(UserError, match="未评"):
        submit_review(case_store, r["id"])
    assert _findings(case_store) == []
    done = submit_review(case_store, r["id"], rest="ok")
    assert (done["score"], done["grade"], done["vetoed"], done["final"]) == (65, "合格", False, True)
    found = _findings(case_store)
    assert [(f.code, f.source, f.case_key, f.status) for f in found] == [
        ("INCONSISTENT_PENALTY", "review", KEY, "open"), ("REVIEW_PROBLEM", "review", KEY, "open")]
    refs = json.loads(found[1].refs_json)
    assert refs["category"] == "执法不规范" and refs["manifestation"] == "文书制作不规范" and refs["case_no"] == KEY
    assert "送达回证无签名" in found[1].message
    assert json.loads(found[0].refs_json)["category"] == "执法不公正"
    # stored the audit's way: the same fingerprint a rule's Draft with these refs would get
    assert found[1].fingerprint == Draft("REVIEW_PROBLEM", refs, None, None, "").fingerprint
    assert (found[1].stage, found[1].rule, json.loads(found[1].found_json)) == (
        "案卷评查", rule_of("REVIEW_PROBLEM"), "送达回证无签名")
    with pytest.raises(UserError, match="已提交"):
        mark_item(case_store, r["id"], 1, "ok")
    with pytest.raises(UserError, match="已经定稿"):
        start_review(case_store, CASE, reviewer="乙")


def test_veto_and_floor_and_campaign_bands(case_store) -> None:  # type: ignore[no-untyped-def]
    save(case_store, "cases", {"case_no": "沈水罚字〔2019〕第13号", "party": "李四"})
    save(case_store, "cases", {"case_no": "沈水罚字〔2019〕第14号", "party": "王五"})
    veto = start_review(case_store, CASE, reviewer="甲")
    mark_item(case_store, veto["id"], _item(veto, "执法人员少于2人"), "problem", note="只有一人签名")
    out = submit_review(case_store, veto["id"], rest="na")
    assert (out["score"], out["grade"], out["vetoed"]) == (0, "不合格", True)
    assert [f.code for f in _findings(case_store)] == ["TOO_FEW_OFFICERS"]
    floor = start_review(case_store, "沈水罚字〔2019〕第13号", reviewer="甲")
    for n in (7, 8):
        mark_item(case_store, floor["id"], n, "problem", deduct=70)
    assert submit_review(case_store, floor["id"], rest="ok")["score"] == 0
    update_campaign(case_store, 1, grade_bands=[["优秀", 95], ["合格", 80]])
    bands = start_review(case_store, "沈水罚字〔2019〕第14号", reviewer="甲")
    mark_item(case_store, bands["id"], 9, "problem", deduct=10)
    assert submit_review(case_store, bands["id"], rest="ok")["grade"] == "合格"
    with pytest.raises(UserError, match="已提交"):
        mark_item(case_store, bands["id"], 1, "ok")


def test_bad_marks_are_refused(case_store) -> None:  # type: ignore[no-untyped-def]
    r = start_review(case_store, CASE, reviewer="甲")
    with pytest.raises(UserError, match="只有"):
        mark_item(case_store, r["id"], 1, "ok", deduct=3)
    with pytest.raises(UserError, match="评查结论"):
        mark_item(case_store, r["id"], 1, "bad")
    with pytest.raises(UserError, match="没有第 99 项"):
        mark_item(case_store, r["id"], 99, "ok")
    with pytest.raises(UserError, match="找不到案号"):
        start_review(case_store, "沈水罚字〔2019〕第999号", reviewer="甲")
