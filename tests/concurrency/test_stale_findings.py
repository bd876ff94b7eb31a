"""Two desks acting on the same finding (dismiss, restore, confirm) or deleting the same record, on
one real SQLite file opened twice: the second, made against the version its page showed, is
refused naming who changed it and when, and the first desk's data stays as it left it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit import service as audit
from app.concurrency import StaleRecordError
from app.demo import load_demo
from app.errors import StoreError
from app.records import service as records
from app.rectify.service import confirm_findings
from app.store import Store, open_store
from db.models import ChangeLogEntry
from db.models_rectify import Problem


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    path = tmp_path / "office.sqlite"
    first = open_store(path)
    load_demo(first, size=20)
    audit.run_audit(first, as_of=date(2024, 6, 30))
    second = open_store(path)
    yield first, second
    second.close()
    first.close()


def _entries(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count(ChangeLogEntry.id))) or 0)


def _open(store: Store, n: int = 1) -> list[dict]:
    found = audit.list_findings(store, status="open", limit=n)
    assert len(found) == n
    return found


def test_the_finding_list_carries_the_version_and_a_dismissal_moves_it(desks: tuple[Store, Store]) -> None:
    a, _b = desks
    f = _open(a)[0]
    assert f["row_version"] == 1
    after = audit.dismiss_finding(a, f["id"], "已补录", operator="王五", expected_version=f["row_version"])
    assert after["row_version"] == 2
    assert audit.get_finding(a, f["id"])["row_version"] == 2


def test_two_desks_dismissing_the_same_finding_with_different_reasons(desks: tuple[Store, Store]) -> None:
    a, b = desks
    shown_a, shown_b = _open(a)[0], audit.get_finding(b, _open(a)[0]["id"])
    assert shown_a["row_version"] == shown_b["row_version"]

    audit.dismiss_finding(a, shown_a["id"], "收据已在补充台账登记", operator="王五",
                          expected_version=shown_a["row_version"])
    entries = _entries(a)
    with pytest.raises(StaleRecordError) as refused:
        audit.dismiss_finding(b, shown_b["id"], "系重复开票", operator="赵六", expected_version=shown_b["row_version"])

    err = refused.value
    assert isinstance(err, StoreError)  # the window shows it, the CLI prints it and exits 2
    assert "问题线索" in err.message and "王五" in err.message and err.change.when in err.message
    assert err.change.operator == "王五" and err.change.at is not None
    assert (err.table, err.record_id, err.expected, err.current) == ("findings", shown_a["id"], 1, 2)
    kept = audit.get_finding(b, shown_a["id"])
    assert (kept["status"], kept["dismiss_reason"]) == ("dismissed", "收据已在补充台账登记")
    assert _entries(a) == entries  # the refused dismissal wrote nothing


def test_a_dismissal_without_a_version_is_a_commands_and_is_not_checked(desks: tuple[Store, Store]) -> None:
    a, b = desks
    f = _open(a)[0]
    audit.dismiss_finding(a, f["id"], "甲的理由", operator="王五", expected_version=f["row_version"])
    audit.dismiss_finding(b, f["id"], "命令行的理由", operator="赵六")
    assert audit.get_finding(a, f["id"])["dismiss_reason"] == "命令行的理由"


def test_many_dismissed_at_once_are_all_refused_when_one_was_changed(desks: tuple[Store, Store]) -> None:
    a, b = desks
    shown = _open(b, 3)
    audit.dismiss_finding(a, shown[1]["id"], "甲先排除", operator="王五", expected_version=shown[1]["row_version"])
    with pytest.raises(StaleRecordError) as refused:
        audit.dismiss_findings(b, [f["id"] for f in shown], "乙的统一理由", operator="赵六",
                               expected_versions={f["id"]: f["row_version"] for f in shown})
    assert "王五" in refused.value.message and refused.value.record_id == shown[1]["id"]
    now = [audit.get_finding(a, f["id"]) for f in shown]
    assert [f["status"] for f in now] == ["open", "dismissed", "open"]  # all or nothing
    assert now[1]["dismiss_reason"] == "甲先排除"


def test_restoring_a_finding_another_desk_dismissed_again_is_refused(desks: tuple[Store, Store]) -> None:
    a, b = desks
    f = _open(a)[0]
    first = audit.dismiss_finding(a, f["id"], "初次理由", operator="王五", expected_version=f["row_version"])
    seen_by_b = audit.get_finding(b, f["id"])
    audit.dismiss_finding(a, f["id"], "改过的理由", operator="王五", expected_version=first["row_version"])
    with pytest.raises(StaleRecordError) as refused:
        audit.reopen_finding(b, f["id"], operator="赵六", expected_version=seen_by_b["row_version"])
    assert "王五" in refused.value.message
    kept = audit.get_finding(a, f["id"])
    assert (kept["status"], kept["dismiss_reason"]) == ("dismissed", "改过的理由")
    audit.reopen_finding(b, f["id"], operator="赵六", expected_version=kept["row_version"])  # reloaded: goes
    assert audit.get_finding(a, f["id"])["status"] == "open"


def test_confirming_a_finding_another_desk_dismissed_names_who_and_makes_no_problem(
        desks: tuple[Store, Store]) -> None:
    a, b = desks
    shown = _open(b, 2)
    audit.dismiss_finding(a, shown[0]["id"], "经核对不是问题", operator="王五", expected_version=shown[0]["row_version"])
    with pytest.raises(StaleRecordError) as refused:  # not just "已排除": who did it and when
        confirm_findings(b, [f["id"] for f in shown], operator="赵六",
                         expected_versions={f["id"]: f["row_version"] for f in shown})
    assert "王五" in refused.value.message
    with a.session() as s:
        assert s.scalar(select(func.count(Problem.id))) == 0
    assert audit.get_finding(a, shown[1]["id"])["status"] == "open"
    assert confirm_findings(b, [shown[1]["id"]], operator="赵六",
                            expected_versions={shown[1]["id"]: shown[1]["row_version"]})  # unchanged: confirmed


def test_deleting_a_record_another_desk_edited_is_refused_and_the_edit_kept(desks: tuple[Store, Store]) -> None:
    a, b = desks
    cid = records.save(a, "cases", {"case_no": "沈浑罚字〔2019〕第901号", "party": "原当事人"}, operator="录入员甲")
    row_b = records.rows(b, "cases", [cid])[0]
    assert row_b is not None and row_b["row_version"] == 1  # what the register page shows and hands back
    rec_a, version_a = records.get_for_edit(a, "cases", cid)
    records.save(a, "cases", {**rec_a, "party": "王五改的", "officers": ""}, record_id=cid, operator="王五",
                 expected_version=version_a)
    entries = _entries(a)
    with pytest.raises(StaleRecordError) as refused:
        records.delete(b, "cases", cid, operator="赵六", expected_version=row_b["row_version"])
    assert "王五" in refused.value.message and refused.value.change.when in refused.value.message
    assert records.get(a, "cases", cid)["party"] == "王五改的"
    assert _entries(a) == entries

    fresh = records.rows(b, "cases", [cid])[0]
    assert fresh is not None and fresh["row_version"] == 2
    records.delete(b, "cases", cid, operator="赵六", expected_version=fresh["row_version"])
    assert records.rows(a, "cases", [cid]) == [None]


def test_a_delete_without_a_version_is_not_checked(desks: tuple[Store, Store]) -> None:
    a, b = desks
    cid = records.save(a, "cases", {"case_no": "沈浑罚字〔2019〕第902号", "party": "原当事人"}, operator="录入员甲")
    rec, version = records.get_for_edit(a, "cases", cid)
    records.save(a, "cases", {**rec, "party": "改过", "officers": ""}, record_id=cid, operator="王五",
                 expected_version=version)
    records.delete(b, "cases", cid, operator="命令行")
    assert records.rows(a, "cases", [cid]) == [None]
