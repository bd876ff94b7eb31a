"""背靠背评查: each reviewer blind to the other until both submit; disagreements; consensus;
and the audit's own findings on the case as checklist items."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.audit.service import run_audit
from app.demo import load_demo
from app.errors import UserError
from app.records.service import save
from app.review import disagreements, mark_item, record_consensus, start_review, submit_review, view_reviews
from db.models_audit import Finding

CASE = "沈水罚字〔2019〕第12号"


@pytest.fixture
def pair(store):  # type: ignore[no-untyped-def]
    save(store, "cases", {"case_no": CASE, "party": "张三", "officers": "王伟(21010119001)、李娜(21010119002)"})
    a = start_review(store, CASE, reviewer="甲", blind=True)
    b = start_review(store, CASE, reviewer="乙")
    return store, a, b


def _review_findings(store) -> list[Finding]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        return list(s.scalars(select(Finding).where(Finding.source == "review").order_by(Finding.id)))


def test_reviewers_never_see_each_other_before_both_submit(pair) -> None:  # type: ignore[no-untyped-def]
    store, a, b = pair
    assert [i["text"] for i in a["items"]] == [i["text"] for i in b["items"]] and b["blind"]
    mark_item(store, a["id"], 7, "problem", note="甲的意见：未处理", deduct=10)
    seen_by_b = {r["reviewer"]: r for r in view_reviews(store, CASE, viewer="乙")}
    assert seen_by_b["甲"]["hidden"] and seen_by_b["甲"]["items"] is None and seen_by_b["甲"]["score"] is None
    assert not seen_by_b["乙"]["hidden"] and seen_by_b["乙"]["items"][6]["status"] == ""
    submit_review(store, a["id"], rest="ok")
    seen_by_b = {r["reviewer"]: r for r in view_reviews(store, CASE, viewer="乙")}
    assert seen_by_b["甲"]["hidden"] and "甲的意见" not in json.dumps(seen_by_b, ensure_ascii=False, default=str)
    assert all(r["hidden"] for r in view_reviews(store, CASE))  # an onlooker sees nothing either
    with pytest.raises(UserError, match="尚未提交"):
        disagreements(store, CASE)
    assert _review_findings(store) == []  # a submitted blind review is not final
    mark_item(store, b["id"], 8, "problem", deduct=5)
    submit_review(store, b["id"], rest="ok")
    assert not any(r["hidden"] for r in view_reviews(store, CASE, viewer="乙"))
    assert _review_findings(store) == []


def test_disagreements_and_consensus(pair) -> None:  # type: ignore[no-untyped-def]
    store, a, b = pair
    mark_item(store, a["id"], 7, "problem", deduct=10)
    mark_item(store, a["id"], 9, "problem", deduct=5, note="文书不规范")
    mark_item(store, b["id"], 9, "problem", deduct=5, note="同意")
    mark_item(store, b["id"], 10, "problem", deduct=3)
    mark_item(store, a["id"], 10, "problem", deduct=6)
    submit_review(store, a["id"], rest="ok")
    submit_review(store, b["id"], rest="ok")
    diff = disagreements(store, CASE)
    assert [d["item_no"] for d in diff] == [7, 10]
    assert diff[0]["answers"] == {"甲": {"status": "problem", "deduct": 10, "note": ""},
                                  "乙": {"status": "ok", "deduct": 0, "note": ""}}
    with pytest.raises(UserError, match="第 10 项"):
        record_consensus(store, CASE, decisions={7: {"status": "ok"}})
    out = record_consensus(store, CASE, decisions={7: {"status": "ok"}, 10: {"status": "problem", "deduct": 4}},
                           operator="抽查小组")
    assert (out["kind"], out["final"], out["score"], out["grade"]) == ("consensus", True, 91, "优秀")
    assert out["items"][8]["note"] == "甲：文书不规范；乙：同意"
    found = _review_findings(store)
    assert [json.loads(f.refs_json)["item_no"] for f in found] == [9, 10]
    with pytest.raises(UserError, match="已经记录"):
        record_consensus(store, CASE, decisions={7: {"status": "ok"}, 10: {"status": "ok"}})
    with pytest.raises(UserError, match="已经定稿"):
        start_review(store, CASE, reviewer="丙")


def test_a_third_reviewer_is_refused(pair) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = pair
    with pytest.raises(UserError, match="最多 2 人"):
        start_review(store, CASE, reviewer="丙")


def test_audit_findings_join_the_checklist_without_duplicates(store) -> None:  # type: ignore[no-untyped-def]
    load_demo(store, size=40)
    run_audit(store)
    with store.session() as s:
        f = s.scalars(select(Finding).where(Finding.code == "TOO_FEW_OFFICERS")).first()
    assert f is not None
    r = start_review(store, f.case_key, reviewer="甲")
    auto = [i for i in r["items"] if i["source"] == "finding"]
    assert any(i["code"] == "TOO_FEW_OFFICERS" and i["veto"] and i["section"] == "自动核查发现" for i in auto)
    n = next(i["item_no"] for i in auto if i["code"] == "TOO_FEW_OFFICERS")
    mark_item(store, r["id"], n, "problem")
    mark_item(store, r["id"], 6, "problem")  # the veto item 执法人员少于2人 says the same thing
    assert submit_review(store, r["id"], rest="ok")["vetoed"]
    assert _review_findings(store) == []  # the audit's finding stands; no second one
