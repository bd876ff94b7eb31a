"""背靠背 under login (issue 16 point 3): the two reviewers of a pair are two different accounts,
and no service call — view, mark, submit, diff, the change log — gives one reviewer the other's
marks before both have submitted. The services are called as the window and the CLI call them,
with the account logged in on the store; the CLI is checked too."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.accounts.roles import PermissionDeniedError
from app.errors import UserError
from app.history import LogFilter, count_log, list_log
from app.review import disagreements, mark_item, start_review, submit_review, view_reviews
from app.store import Store
from tests.accounts.conftest import as_user, log_in_as

SECRET_NOTE = "卷宗缺少送达回证原件"


def _case_no(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("SELECT case_no FROM cases ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        con.close()


def _pair(office: Store, case_no: str) -> tuple[int, int]:
    """周评查 and 吴评查 each start a blind review; 周评查 marks item 1 as a problem."""
    log_in_as(office, "周评查")
    first = start_review(office, case_no, reviewer="周评查", blind=True)["id"]
    mark_item(office, first, 1, "problem", note=SECRET_NOTE, deduct=5)
    log_in_as(office, "吴评查")
    second = start_review(office, case_no, reviewer="吴评查", blind=True)["id"]
    return first, second


def test_the_two_reviewers_of_a_pair_are_two_accounts(office: Store, office_db: Path) -> None:
    case_no = _case_no(office_db)
    log_in_as(office, "周评查")
    first = start_review(office, case_no, reviewer="", blind=True)
    assert first["reviewer"] == "周评查"
    assert start_review(office, case_no, reviewer="周评查")["id"] == first["id"]  # the same account: its own
    with pytest.raises(PermissionDeniedError, match="吴评查"):
        start_review(office, case_no, reviewer="吴评查")  # cannot start the second review for someone else
    log_in_as(office, "钱审核")
    with pytest.raises(PermissionDeniedError, match="评查员"):
        start_review(office, case_no, reviewer="钱审核")


def test_no_service_gives_the_other_reviewer_the_marks_before_both_submit(office: Store, office_db: Path) -> None:
    case_no = _case_no(office_db)
    first, second = _pair(office, case_no)  # 吴评查 is logged in now
    for viewer in (None, "吴评查", "周评查"):  # a typed viewer name does not open the other's review
        by_id = {r["id"]: r for r in view_reviews(office, case_no, viewer=viewer)}
        assert by_id[first]["hidden"] and by_id[first]["items"] is None and by_id[first]["score"] is None
        assert not by_id[second]["hidden"]
    with pytest.raises(PermissionDeniedError, match="周评查"):
        mark_item(office, first, 2, "ok")
    with pytest.raises(PermissionDeniedError, match="周评查"):
        submit_review(office, first, rest="ok")
    with pytest.raises(UserError):
        disagreements(office, case_no)
    entries = list_log(office, LogFilter(table="review_items"))
    assert entries and SECRET_NOTE not in json.dumps(entries, ensure_ascii=False)
    assert count_log(office, LogFilter(text=SECRET_NOTE)) == 0
    assert list_log(office, LogFilter(text="problem")) == []

    submit_review(office, second, rest="ok")
    by_id = {r["id"]: r for r in view_reviews(office, case_no)}
    assert by_id[first]["hidden"]  # still: 周评查 has not submitted
    log_in_as(office, "周评查")
    assert SECRET_NOTE in json.dumps(list_log(office, LogFilter(table="review_items")), ensure_ascii=False)  # own
    submit_review(office, first, rest="ok")
    log_in_as(office, "吴评查")
    by_id = {r["id"]: r for r in view_reviews(office, case_no)}
    assert not by_id[first]["hidden"] and by_id[first]["items"][0]["note"] == SECRET_NOTE
    assert [d["item_no"] for d in disagreements(office, case_no)] == [1]
    assert count_log(office, LogFilter(text=SECRET_NOTE)) >= 1


def test_through_the_cli_the_other_reviewer_sees_nothing(office: Store, office_db: Path) -> None:
    case_no = _case_no(office_db)
    first, _second = _pair(office, case_no)
    shown = as_user(office_db, "吴评查", "review", "show", case_no, "--reviewer", "周评查", "--json")
    assert shown.returncode == 0, shown.stderr
    assert SECRET_NOTE not in shown.stdout
    log = as_user(office_db, "吴评查", "log", "list", "--json")
    assert log.returncode == 0, log.stderr
    assert SECRET_NOTE not in log.stdout
    mark = as_user(office_db, "吴评查", "review", "mark", str(first), "2", "ok")
    assert mark.returncode == 2 and "周评查" in mark.stderr
    own = as_user(office_db, "周评查", "review", "show", case_no, "--reviewer", "周评查", "--json")
    assert SECRET_NOTE in own.stdout


def test_without_accounts_the_typed_viewer_still_works_as_before(store: Store, tmp_path: Path) -> None:
    from app.demo import load_demo

    load_demo(store, size=10)
    with store.engine.connect() as conn:  # through the engine: the store may be on PostgreSQL
        case_no = str(conn.exec_driver_sql("SELECT case_no FROM cases ORDER BY id LIMIT 1").scalar())
    first = start_review(store, case_no, reviewer="甲", blind=True)["id"]
    mark_item(store, first, 1, "problem", note=SECRET_NOTE, deduct=1)
    start_review(store, case_no, reviewer="乙")
    mine = {r["id"]: r for r in view_reviews(store, case_no, viewer="甲")}
    assert not mine[first]["hidden"]
    theirs = {r["id"]: r for r in view_reviews(store, case_no, viewer="乙")}
    assert theirs[first]["hidden"]
    assert count_log(store, LogFilter(text=SECRET_NOTE)) >= 1  # one desk: the log shows everything, as today
