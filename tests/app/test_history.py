"""The 操作记录 (app/history.py) and undoing the last record edit or delete (app/history_undo.py):
filters, before/after, the Excel export opened back, and a revert the change log verifies."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from app.errors import UserError
from app.history import LogFilter, count_log, export_log_xlsx, list_log, operators
from app.history_undo import last_record_change, undo_last_change
from app.records import service
from db.changelog import check_log
from tests.app.test_records_service import _case


def _verified(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        result = check_log(s)
    assert result.ok, result.reason


def test_the_log_says_who_changed_what_with_before_and_after(store) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(store, "cases", _case(12), operator="甲")
    service.save(store, "cases", _case(12, party="王五"), record_id=cid, operator="乙")
    newest = list_log(store)[0]
    assert (newest["operator"], newest["action_label"], newest["table_label"], newest["record_id"]) == (
        "乙", "修改", "案卷", cid)
    assert newest["before"]["party"] == "当事人12" and newest["after"]["party"] == "王五"
    assert "当事人" in newest["summary"]  # the field in words
    assert [e["operator"] for e in list_log(store, LogFilter(operator="甲"))] == ["甲"]
    assert count_log(store, LogFilter(text="王五")) == 1
    assert count_log(store, LogFilter(action="create", table="cases")) == 1
    tomorrow = date.today() + timedelta(days=1)
    assert count_log(store, LogFilter(since=tomorrow)) == 0
    assert count_log(store, LogFilter(until=date.today())) == count_log(store) == 2
    assert operators(store) == sorted(["甲", "乙"])


def test_the_export_is_a_titled_sheet_of_the_filtered_log(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(store, "cases", _case(12), operator="甲")
    service.delete(store, "cases", cid, operator="乙")
    out = tmp_path / "操作记录.xlsx"
    assert export_log_xlsx(store, out, LogFilter(operator="乙")) == 1
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("操作记录").to_python()
    assert rows[0][0] == "操作记录"
    assert rows[2][:5] == ["序号", "时间", "操作人", "操作", "对象"]
    assert rows[3][2:5] == ["乙", "删除", "案卷"] and "当事人12" in rows[3][7]
    assert len(rows) == 4


def test_an_edit_is_undone_and_logged(store) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(store, "cases", _case(12), operator="甲")
    service.save(store, "cases", _case(12, party="王五", fine_fen="300元", officers="赵六"), record_id=cid,
                 operator="甲")
    assert last_record_change(store)["action"] == "update"
    undone = undo_last_change(store, operator="甲")
    assert undone["action"] == "update"
    rec = service.get(store, "cases", cid)
    assert (rec["party"], rec["fine_fen"], rec["decided_on"]) == ("当事人12", 120_000, date(2019, 3, 12))
    assert rec["officers"] == [{"name": "张三", "cert_no": "21010012345"}, {"name": "李四", "cert_no": ""}]
    assert list_log(store)[0]["action"] == "revert"
    assert last_record_change(store) is None  # one level
    with pytest.raises(UserError, match="没有可以撤销的修改"):
        undo_last_change(store)
    _verified(store)


def test_a_delete_is_undone_under_the_old_id(store) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(store, "ledger", {"case_no": "沈水罚字〔2019〕第1号", "party": "张三", "fine_fen": "200",
                                         "decided_on": "2019-03-01", "unit": "第一大队"}, operator="甲")
    service.delete(store, "ledger", cid, operator="甲")
    assert service.count(store, "ledger") == 0
    undo_last_change(store, operator="甲")
    rec = service.get(store, "ledger", cid)
    assert (rec["party"], rec["fine_fen"], rec["unit"]) == ("张三", 20_000, "第一大队")
    _verified(store)


def test_a_created_record_is_removed_by_the_undo(store) -> None:  # type: ignore[no-untyped-def]
    service.save(store, "officers", {"name": "张三", "cert_no": "21010012345", "unit": "第一大队"}, operator="甲")
    undo_last_change(store, operator="甲")
    assert service.count(store, "officers") == 0
    _verified(store)


def test_an_undo_that_would_duplicate_a_case_number_is_refused(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.imports.service import import_file
    from tests.imports.test_undo import _cases_xlsx

    cid = service.save(store, "cases", _case(1, case_no="沈水罚字〔2019〕第1号"), operator="甲")
    service.delete(store, "cases", cid, operator="甲")
    import_file(store, "cases", _cases_xlsx(tmp_path / "c.xlsx"), operator="甲")  # holds 第1号 again
    with pytest.raises(UserError, match="已存在"):
        undo_last_change(store)
    assert service.count(store, "cases") == 2
    _verified(store)


@pytest.mark.sqlite_only  # SQLite gives an undone import's ids again; a PostgreSQL sequence never does
def test_an_edit_whose_record_was_replaced_since_is_not_undone(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.imports.service import import_file
    from app.imports.undo import undo_import
    from tests.imports.test_undo import _cases_xlsx

    path = _cases_xlsx(tmp_path / "c.xlsx")
    batch = import_file(store, "cases", path, operator="甲").batch_id
    cid = service.ids(store, "cases")[-1]
    service.save(store, "cases", {**service.get(store, "cases", cid), "party": "改过", "fine_fen": "3000",
                                  "officers": "甲"}, record_id=cid, operator="甲")
    undo_import(store, int(batch))
    import_file(store, "cases", path, operator="甲")  # the same ids again, the file's data
    with pytest.raises(UserError, match="不能撤销"):
        undo_last_change(store)
    assert service.get(store, "cases", cid)["party"] == "李四"
