"""The complaint register: a complaint received 2023-09-28 gets its deadlines from the settings,
turns overdue the day after, leaves the overdue list when answered; refusals write nothing;
triage 并入问题 puts it on the problem list; the complainant is masked unless asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.errors import UserError
from app.rectify.service import get_problem
from app.registers import complaints as c
from app.registers.deadlines import write_rules

RECEIVED = date(2023, 9, 28)


def _log_count(store) -> int:  # type: ignore[no-untyped-def]
    with store.engine.connect() as con:  # on either engine, outside the program's own sessions
        return int(con.exec_driver_sql("SELECT count(*) FROM change_log").scalar_one())


def _add(store, **kw):  # type: ignore[no-untyped-def]
    values = {"received_on": RECEIVED, "channel": "电话", "subject": "执法人员态度粗暴", "complainant": "张三",
              "contact": "13800001111", "unit": "市水务局", **kw}
    return c.add_complaint(store, **values)


def _overdue_ids(store, day: date) -> list[int]:  # type: ignore[no-untyped-def]
    return [r["id"] for r in c.list_complaints(store, overdue=True, as_of=day)]


def test_deadlines_overdue_the_day_after_and_off_the_list_when_answered(store) -> None:  # type: ignore[no-untyped-def]
    row = _add(store)
    assert (row["reply_due"], row["result_due"]) == (date(2023, 10, 5), date(2023, 10, 28))
    assert row["status"] == "待处理"
    assert _overdue_ids(store, date(2023, 10, 5)) == []  # the last day is still in time
    assert _overdue_ids(store, date(2023, 10, 6)) == [row["id"]]
    late = c.list_complaints(store, as_of=date(2023, 10, 6))[0]
    assert late["reply_overdue"] and not late["result_overdue"]
    c.reply_complaint(store, row["id"], on=date(2023, 10, 6), note="已收到，正在核查")
    assert _overdue_ids(store, date(2023, 10, 6)) == []
    assert _overdue_ids(store, date(2023, 10, 28)) == []
    assert _overdue_ids(store, date(2023, 10, 29)) == [row["id"]]  # the result is now late
    c.triage_complaint(store, row["id"], as_="受理", on=date(2023, 10, 6))
    closed = c.close_complaint(store, row["id"], on=date(2023, 10, 30), result="经查属实，已约谈当事执法人员")
    assert closed["status"] == "已办结" and closed["closed_on"] == date(2023, 10, 30)
    assert _overdue_ids(store, date(2023, 11, 30)) == []


def test_working_day_setting_moves_the_reply_deadline(store) -> None:  # type: ignore[no-untyped-def]
    write_rules(store, reply_count="working")
    row = _add(store)
    assert (row["reply_due"], row["result_due"]) == (date(2023, 10, 13), date(2023, 10, 28))
    assert _overdue_ids(store, date(2023, 10, 13)) == []
    assert _overdue_ids(store, date(2023, 10, 14)) == [row["id"]]


def test_deadlines_stay_as_given_when_the_settings_change_later(store) -> None:  # type: ignore[no-untyped-def]
    row = _add(store)
    write_rules(store, reply_days=3, result_months=2)
    again = c.get_complaint(store, row["id"])
    assert (again["reply_due"], again["result_due"]) == (date(2023, 10, 5), date(2023, 10, 28))
    assert _add(store)["reply_due"] == date(2023, 10, 1)


@pytest.mark.parametrize(("step", "message"), [
    (lambda s, i: c.reply_complaint(s, i, on=date(2023, 9, 27), note="答复"), "早于投诉举报"),
    (lambda s, i: c.triage_complaint(s, i, as_="受理", on=date(2023, 9, 1)), "早于投诉举报"),
    (lambda s, i: c.triage_complaint(s, i, as_="不予受理"), "理由"),
    (lambda s, i: c.triage_complaint(s, i, as_="并入问题"), "问题类别"),
    (lambda s, i: c.triage_complaint(s, i, as_="搁置"), "分流方式"),
    (lambda s, i: c.close_complaint(s, i, on=date(2023, 10, 9), result="已办"), "尚未分流"),
    (lambda s, i: c.reply_complaint(s, i, on=date(2023, 10, 2), note="   "), "回复内容不能为空"),
    (lambda s, i: c.reply_complaint(s, i, on=date(2023, 10, 2), note="答复", attachment=Path("/nonexistent/x.pdf")),
     "找不到证明材料"),
])
def test_refusals_are_in_chinese_and_write_nothing(store, step, message) -> None:  # type: ignore[no-untyped-def]
    row = _add(store)
    before = _log_count(store)
    with pytest.raises(UserError, match=message):
        step(store, row["id"])
    assert _log_count(store) == before
    after = c.get_complaint(store, row["id"])
    assert after["status"] == "待处理" and after["replied_on"] is None and after["files"] == []


@pytest.mark.parametrize(("kw", "message"), [
    ({"channel": "微信"}, "来源渠道"), ({"subject": " "}, "投诉举报事项不能为空"),
    ({"received_on": "2023-02-30"}, "收到日期"), ({"received_on": date(2099, 1, 1)}, "晚于今天"),
])
def test_bad_intake_is_refused(store, kw, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match=message):
        _add(store, **kw)
    assert c.list_complaints(store) == [] and _log_count(store) == 0


def test_the_12345_channel_however_it_is_written(store) -> None:  # type: ignore[no-untyped-def]
    assert [_add(store, channel=ch)["channel"] for ch in ("12345", "12345 转办", "12345转办")] == ["12345转办"] * 3


def test_a_close_before_the_reply_and_a_second_reply_are_refused(store) -> None:  # type: ignore[no-untyped-def]
    row = _add(store)
    c.reply_complaint(store, row["id"], on=date(2023, 10, 3), note="已受理")
    with pytest.raises(UserError, match="已于 2023-10-03 回复"):
        c.reply_complaint(store, row["id"], on=date(2023, 10, 4), note="再答复")
    c.triage_complaint(store, row["id"], as_="转办", referred_to="区市场监管局", on=date(2023, 10, 3))
    with pytest.raises(UserError, match="早于回复日期"):
        c.close_complaint(store, row["id"], on=date(2023, 10, 2), result="已转办")
    done = c.close_complaint(store, row["id"], on=date(2023, 10, 20), result="区市场监管局已办结")
    assert done["outcome"] == "转办（转 区市场监管局）；2023-10-20 办结：区市场监管局已办结"
    with pytest.raises(UserError, match="已于 2023-10-20 办结"):
        c.triage_complaint(store, row["id"], as_="受理")


def test_triage_into_a_problem_puts_it_on_the_problem_list(store) -> None:  # type: ignore[no-untyped-def]
    row = _add(store)
    done = c.triage_complaint(store, row["id"], as_="并入问题", category="执法不规范", on=date(2023, 10, 2))
    problem = get_problem(store, done["problem_id"])
    assert problem["source"] == "complaint" and problem["category"] == "执法不规范"
    assert problem["unit"] == "市水务局" and "执法人员态度粗暴" in problem["manifestation"]
    assert done["status"] == "并入问题" and done["outcome"].startswith(f"并入问题（问题 #{problem['id']}）")
    with pytest.raises(UserError, match="已并入问题"):
        c.triage_complaint(store, row["id"], as_="受理")


def test_the_complainant_is_masked_unless_asked(store) -> None:  # type: ignore[no-untyped-def]
    _add(store)
    _add(store, complainant="沈阳某某建材有限公司", contact="")
    masked = c.list_complaints(store)
    assert [(r["complainant"], r["contact"]) for r in masked] == [("张某", "***"), ("沈阳某某建材有限公司", "")]
    full = c.list_complaints(store, unmasked=True)
    assert [(r["complainant"], r["contact"]) for r in full] == [("张三", "13800001111"), ("沈阳某某建材有限公司", "")]


def test_reply_and_result_files_are_kept_by_hash_and_logged(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    letter = tmp_path / "回复函.pdf"
    letter.write_bytes(b"%PDF-1.4 reply")
    row = _add(store)
    c.reply_complaint(store, row["id"], on=date(2023, 10, 2), note="已受理", attachment=letter)
    files = c.get_complaint(store, row["id"])["files"]
    assert [(f["stage"], f["file_name"], f["size"]) for f in files] == [("reply", "回复函.pdf", 14)]
    assert Path(files[0]["path"]).read_bytes() == letter.read_bytes() and files[0]["sha256"] in files[0]["path"]
    with store.engine.connect() as con:
        tables = [r[0] for r in con.exec_driver_sql("SELECT table_name FROM change_log ORDER BY id")]
    assert tables == ["complaints", "complaint_files", "complaints"]


def test_the_overdue_count_and_period_filter(store) -> None:  # type: ignore[no-untyped-def]
    _add(store)
    _add(store, received_on=date(2024, 1, 3))
    assert c.overdue_count(store, date(2023, 10, 6)) == 1
    assert c.overdue_count(store, date(2024, 1, 11)) == 2
    in_2023 = c.list_complaints(store, date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))
    assert [r["received_on"] for r in in_2023] == [RECEIVED]
