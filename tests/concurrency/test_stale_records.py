"""Two desks editing the same record, on one real SQLite file opened twice: the second save is
refused with who changed it and when, and the first desk's data stays as it saved it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.concurrency import StaleRecordError
from app.errors import StoreError
from app.records import service
from app.store import Store, open_store


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    path = tmp_path / "office.sqlite"
    first = open_store(path)
    second = open_store(path)
    yield first, second
    second.close()
    first.close()


def _case(store: Store) -> int:
    return service.save(store, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "原当事人", "fine_fen": "5000",
                                         "officers": "张三(21010012345)"}, operator="录入员甲")


def test_the_second_save_of_the_same_record_is_refused_naming_who_and_when(desks: tuple[Store, Store]) -> None:
    a, b = desks
    cid = _case(a)
    rec_a, version_a = service.get_for_edit(a, "cases", cid)
    rec_b, version_b = service.get_for_edit(b, "cases", cid)
    assert version_a == version_b == 1

    service.save(a, "cases", {**rec_a, "party": "甲改的当事人", "fine_fen": "5000", "officers": "张三(21010012345)"},
                 record_id=cid,
                 operator="王五", expected_version=version_a)
    with pytest.raises(StaleRecordError) as refused:
        service.save(b, "cases", {**rec_b, "party": "乙改的当事人", "fine_fen": "9000", "officers": "李四"},
                     record_id=cid, operator="赵六", expected_version=version_b)

    err = refused.value
    assert isinstance(err, StoreError)  # the CLI prints it and exits 2, the window shows it
    assert "王五" in err.message and "修改" in err.message and "未保存" in err.message
    assert err.change.operator == "王五" and err.change.at is not None
    assert err.change.when in err.message  # the time of the change log's last entry for the row
    assert (err.expected, err.current) == (1, 2)
    kept = service.get(a, "cases", cid)  # the first desk's data, untouched by the refused save
    assert kept["party"] == "甲改的当事人"
    assert kept["fine_fen"] == 500_000
    assert kept["officers"] == [{"name": "张三", "cert_no": "21010012345"}]


def test_the_refused_save_writes_no_change_log_entry(desks: tuple[Store, Store]) -> None:
    from sqlalchemy import func, select

    from db.models import ChangeLogEntry

    a, b = desks
    cid = _case(a)
    rec, version = service.get_for_edit(b, "cases", cid)
    service.save(a, "cases", {**service.get(a, "cases", cid), "party": "甲", "officers": ""}, record_id=cid,
                 operator="王五")
    with a.session() as s:
        entries = s.scalar(select(func.count(ChangeLogEntry.id)))
    with pytest.raises(StaleRecordError):
        service.save(b, "cases", {**rec, "party": "乙", "officers": ""}, record_id=cid, expected_version=version)
    with a.session() as s:
        assert s.scalar(select(func.count(ChangeLogEntry.id))) == entries


def test_after_reloading_the_second_desk_saves(desks: tuple[Store, Store]) -> None:
    a, b = desks
    cid = _case(a)
    _rec, stale = service.get_for_edit(b, "cases", cid)
    service.save(a, "cases", {**service.get(a, "cases", cid), "party": "甲", "officers": ""}, record_id=cid)
    rec, fresh = service.get_for_edit(b, "cases", cid)
    assert fresh == stale + 1 and rec["party"] == "甲"
    service.save(b, "cases", {**rec, "party": "乙", "officers": ""}, record_id=cid, expected_version=fresh)
    assert service.get(a, "cases", cid)["party"] == "乙"
    assert service.get_for_edit(a, "cases", cid)[1] == fresh + 1


def test_a_save_that_changes_only_the_officers_moves_the_version(desks: tuple[Store, Store]) -> None:
    """The officers live in another table; the case's version moves all the same, so a second
    desk's save over it is refused too."""
    a, b = desks
    cid = _case(a)
    rec, version = service.get_for_edit(b, "cases", cid)
    service.save(a, "cases", {**service.get(a, "cases", cid), "officers": "李四"}, record_id=cid)
    with pytest.raises(StaleRecordError):
        service.save(b, "cases", {**rec, "officers": "王五"}, record_id=cid, expected_version=version)
    assert service.get(a, "cases", cid)["officers"] == [{"name": "李四", "cert_no": ""}]


@pytest.mark.parametrize("kind,values,change", [
    ("ledger", {"case_no": "沈浑罚字〔2019〕第2号", "party": "甲"}, {"party": "乙"}),
    ("receipts", {"receipt_no": "NO.0001", "payer": "甲", "amount_fen": "100"}, {"payer": "乙"}),
    ("officers", {"name": "张三", "cert_no": "21010012345"}, {"name": "张叁"}),
    ("units", {"name": "浑河管理处"}, {"field": "水利"}),
])
def test_every_register_refuses_a_stale_save(desks: tuple[Store, Store], kind: str, values: dict[str, str],
                                             change: dict[str, str]) -> None:
    a, b = desks
    rid = service.save(a, kind, values, operator="王五")
    rec, version = service.get_for_edit(b, kind, rid)
    service.save(a, kind, {**service.get(a, kind, rid), **change}, record_id=rid, operator="王五",
                 expected_version=version)
    with pytest.raises(StaleRecordError, match="王五"):
        service.save(b, kind, rec, record_id=rid, operator="赵六", expected_version=version)
    name, value = next(iter(change.items()))
    assert service.get(a, kind, rid)[name] == value


def test_an_unnamed_operator_is_said_as_such(desks: tuple[Store, Store]) -> None:
    a, b = desks
    uid = service.save(a, "units", {"name": "浑河管理处"})
    rec, version = service.get_for_edit(b, "units", uid)
    service.save(a, "units", {**rec, "field": "水利"}, record_id=uid)
    with pytest.raises(StaleRecordError, match="另一位用户（未署名）"):
        service.save(b, "units", rec, record_id=uid, expected_version=version)


def test_a_save_without_a_loaded_version_is_not_checked(desks: tuple[Store, Store]) -> None:
    """The command line and the batch tools edit without a form: they write over what is there,
    as before."""
    a, b = desks
    uid = service.save(a, "units", {"name": "浑河管理处"})
    service.save(a, "units", {"name": "浑河管理处", "field": "水利"}, record_id=uid)
    service.save(b, "units", {"name": "浑河管理处", "field": "林业"}, record_id=uid)
    assert service.get(a, "units", uid)["field"] == "林业"


def test_imported_rows_start_at_version_one(store: Store) -> None:
    from app.demo import load_demo

    load_demo(store)
    for kind in ("cases", "ledger", "receipts", "officers", "units"):
        first = service.page(store, kind, limit=1)[0]
        assert service.get_for_edit(store, kind, first["id"])[1] == 1
