"""The register service: SQL paging, sorting and search; validation; save/delete with the change log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import UserError, ValidationError
from app.records import service
from db import changelog
from db.models import ChangeLogEntry


def _case(n: int, **extra: object) -> dict[str, object]:
    base = {"case_no": f"沈水罚字[2019]第{n:03d}号", "party": f"当事人{n}", "cause": "未经批准擅自取水",
            "fine_fen": f"{n * 100}元", "decided_on": f"2019年3月{n}日", "unit": "沈阳市浑河管理处",
            "officers": "张三(21010012345)、李四"}
    base.update(extra)
    return base


def test_save_normalises_and_reads_back(store) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(store, "cases", _case(12), operator="clerk")
    rec = service.get(store, "cases", cid)
    assert rec["case_no"] == "沈水罚字[2019]第012号"
    assert rec["fine_fen"] == 120_000
    assert rec["decided_on"] == date(2019, 3, 12)
    assert rec["unit"] == "沈阳市浑河管理处"
    assert rec["officers"] == [{"name": "张三", "cert_no": "21010012345"}, {"name": "李四", "cert_no": ""}]


def test_same_case_number_in_another_spelling_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    service.save(store, "cases", _case(12))
    with pytest.raises(ValidationError) as info:
        service.save(store, "cases", _case(12, case_no="沈水罚字（2019）第12号"))
    assert "case_no" in info.value.fields
    assert service.count(store, "cases") == 1


def test_validate_separates_errors_from_warnings() -> None:
    _values, errors, warnings = service.validate("cases", _case(1, decided_on="2019-02-30",
                                                             party_id="110105194912310021"))
    assert "decided_on" in errors and "不存在" in errors["decided_on"]
    assert "party_id" in warnings and "party_id" not in errors
    _values, errors, _ = service.validate("cases", _case(1, case_no=" "))
    assert "case_no" in errors


def test_paging_sorting_and_search_are_done_in_sql(store) -> None:  # type: ignore[no-untyped-def]
    for n in range(1, 26):
        service.save(store, "cases", _case(n, party="王五" if n % 5 == 0 else f"当事人{n}"))
    assert service.count(store, "cases") == 25
    first = service.page(store, "cases", sort="fine_fen", descending=True, offset=0, limit=10)
    assert [r["fine_fen"] for r in first] == [n * 10_000 for n in range(25, 15, -1)]
    assert len(service.page(store, "cases", offset=20, limit=10)) == 5
    assert service.count(store, "cases", search="王五") == 5
    assert service.count(store, "cases", search="李四") == 25  # officers are searchable
    # a case number typed in another bracket style and with zero padding still finds the case
    assert service.count(store, "cases", search="沈水罚字〔2019〕第7号") == 1
    assert service.count(store, "cases", search="100%") == 0  # LIKE wildcards are escaped


def test_update_and_delete_are_logged_in_a_valid_chain(store) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(store, "cases", _case(3), operator="clerk")
    service.save(store, "cases", _case(3, fine_fen="伍仟元整"), record_id=cid, operator="clerk")
    assert service.get(store, "cases", cid)["fine_fen"] == 500_000
    service.delete(store, "cases", cid, operator="clerk")
    with pytest.raises(UserError):
        service.get(store, "cases", cid)
    with store.session() as s:
        log = list(s.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)))
        assert [e.action for e in log] == ["create", "update", "delete"]
        assert '"fine_fen": 300' in (log[1].before_json or "") and '"fine_fen": 500000' in (log[1].after_json or "")
        assert changelog.first_bad_entry(s) is None


def test_unit_with_records_cannot_be_deleted(store) -> None:  # type: ignore[no-untyped-def]
    service.save(store, "cases", _case(1))
    unit = service.page(store, "units")[0]
    with pytest.raises(UserError, match="不能删除"):
        service.delete(store, "units", unit["id"])


def test_summary_counts(store) -> None:  # type: ignore[no-untyped-def]
    assert service.is_empty(store)
    service.save(store, "officers", {"name": "张三", "cert_no": "21010012345", "unit": "浑河管理处"})
    service.save(store, "receipts", {"receipt_no": "辽财罚A00000001", "remark": "作废"})
    counts = service.summary(store)
    assert (counts["officers"], counts["receipts"], counts["cases"], counts["units"]) == (1, 1, 0, 1)
    receipt = service.page(store, "receipts")[0]
    assert receipt["voided"] is True
    assert not service.is_empty(store)


def test_the_credit_layout_fields_are_saved_and_the_party_kind_checked(store) -> None:  # type: ignore[no-untyped-def]
    cid = service.save(store, "cases", _case(3, party_kind="法人", penalty_kinds="警告;罚款", facts="经查……",
                                              penalty_valid_to="2020/03/03", publicity_until="2022年3月3日"))
    rec = service.get(store, "cases", cid)
    assert (rec["party_kind"], rec["penalty_kinds"], rec["facts"]) == ("法人及非法人组织", "警告;罚款", "经查……")
    assert (rec["penalty_valid_to"], rec["publicity_until"]) == (date(2020, 3, 3), date(2022, 3, 3))
    assert "party_credit_code" not in rec and "unit_credit_code" not in rec  # read on import, not kept as such
    _values, errors, _ = service.validate("cases", _case(4, party_kind="外星人"))
    assert "party_kind" in errors and "自然人" in errors["party_kind"]
    uid = service.save(store, "units", {"name": "沈阳市水务局", "credit_code": "11210100001234567X"})
    assert service.get(store, "units", uid)["credit_code"] == "11210100001234567X"
