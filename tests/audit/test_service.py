"""Audit services on a real store: upsert across runs, dismissal, resolution, cancel, chain view,
benchmarks, hand-added calendar years and the schema upgrade."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from app.audit import service
from app.audit.calendar_service import add_year, show_year
from app.errors import Cancelled, UserError
from db.models import CaseFile, CaseOfficer, ChangeLogEntry, LedgerEntry, Receipt
from db.models_audit import Finding

AS_OF = date(2025, 6, 30)
K1 = "沈水罚字〔2019〕第1号"


def _seed(store) -> None:  # type: ignore[no-untyped-def]
    with store.writing() as s:
        c = s.connection()
        # entered by hand, so every field is known: a complete case file (basis and 告知 recorded)
        c.execute(insert(CaseFile), [{"id": 1, "case_no": K1, "case_key": K1, "party": "张三", "fine_fen": 500_000,
                                      "legal_basis": "《中华人民共和国水法》第六十九条",
                                      "notified_on": date(2019, 4, 26), "decided_on": date(2019, 5, 6),
                                      "published_on": date(2019, 5, 7)}])
        c.execute(insert(CaseOfficer), [{"case_id": 1, "position": 0, "name": "甲", "cert_no": ""},
                                         {"case_id": 1, "position": 1, "name": "乙", "cert_no": ""}])
        c.execute(insert(LedgerEntry), [{"case_no": K1, "case_key": K1, "fine_fen": 500_000, "receipt_no": "A0001",
                                         "receipt_key": "A0001", "source_row": 4}])
        c.execute(insert(Receipt), [
            {"receipt_no": "A0001", "receipt_key": "A0001", "series": "A", "number": 1, "amount_fen": 400_000,
             "payer": "张三", "case_key": K1, "issued_on": date(2019, 5, 8)},
            {"receipt_no": "A0004", "receipt_key": "A0004", "series": "A", "number": 4, "amount_fen": 100,
             "payer": "李四", "case_key": "", "issued_on": date(2019, 5, 9)}])


def _by_code(result: service.AuditResult) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f["code"]: f for f in result.findings}


def test_rerun_keeps_ids_and_dismissal_and_resolves_what_is_gone(store) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    first = service.run_audit(store, as_of=AS_OF, operator="甲")
    codes = _by_code(first)
    assert set(codes) == {"RECEIPT_AMOUNT_MISMATCH", "RECEIPT_NUMBER_GAP", "RECEIPT_NOT_IN_LEDGER"}
    assert first.to_json()["counts"] == {"RECEIPT_NOT_IN_LEDGER": 1, "RECEIPT_AMOUNT_MISMATCH": 1,
                                         "RECEIPT_NUMBER_GAP": 1}
    gap = codes["RECEIPT_NUMBER_GAP"]
    assert gap["refs"] == {"series": "A", "first_missing": "A0002", "last_missing": "A0003", "count": 2}

    service.dismiss_finding(store, gap["id"], "两张已作废并交回财政，存根另册保管", "乙")
    second = service.run_audit(store, as_of=AS_OF)
    assert [f["id"] for f in second.findings] == [f["id"] for f in first.findings]
    assert _by_code(second)["RECEIPT_NUMBER_GAP"]["status"] == "dismissed"
    assert service.count_findings(store) == 3
    [dismissed] = service.list_findings(store, status="dismissed")
    assert dismissed["dismiss_reason"] == "两张已作废并交回财政，存根另册保管"

    with store.writing() as s:  # the receipt is corrected: its amount mismatch is gone
        s.execute(update(Receipt).where(Receipt.receipt_key == "A0001").values(amount_fen=500_000))
    third = service.run_audit(store, as_of=AS_OF)
    assert "RECEIPT_AMOUNT_MISMATCH" not in _by_code(third)
    mismatch_id = codes["RECEIPT_AMOUNT_MISMATCH"]["id"]
    assert service.get_finding(store, mismatch_id)["status"] == "resolved"
    assert service.get_finding(store, gap["id"])["status"] == "dismissed"

    with store.writing() as s:  # …and comes back: the same finding is open again
        s.execute(update(Receipt).where(Receipt.receipt_key == "A0001").values(amount_fen=1))
    fourth = service.run_audit(store, as_of=AS_OF)
    assert _by_code(fourth)["RECEIPT_AMOUNT_MISMATCH"]["id"] == mismatch_id
    assert service.get_finding(store, mismatch_id)["status"] == "open"
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Finding)) == 3
        actions = [a for (a,) in s.execute(select(ChangeLogEntry.action).where(ChangeLogEntry.table_name == "findings"))]
    assert actions.count("audit") == 4 and actions.count("update") == 1


def test_dismiss_needs_a_reason_and_reopen_clears_it(store) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    fid = service.run_audit(store, as_of=AS_OF).findings[0]["id"]
    with pytest.raises(UserError):
        service.dismiss_finding(store, fid, "  ")
    with pytest.raises(UserError):
        service.dismiss_finding(store, 9999, "x")
    service.dismiss_finding(store, fid, "理由")
    assert service.reopen_finding(store, fid)["status"] == "open"
    assert service.get_finding(store, fid)["dismiss_reason"] == ""


def test_cancel_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    calls: list[str] = []
    with pytest.raises(Cancelled):
        service.run_audit(store, as_of=AS_OF, progress=lambda d, t, label: calls.append(label),
                          cancel=lambda: len(calls) > 3)
    assert service.count_findings(store) == 0
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLogEntry)) == 0


def test_chain_view_puts_receipt_ledger_and_case_side_by_side(store) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    f = _by_code(service.run_audit(store, as_of=AS_OF))["RECEIPT_AMOUNT_MISMATCH"]
    chain = service.chain_for(store, f["id"])
    assert chain["receipt"]["receipt_no"] == "A0001" and chain["ledger"]["row"] == 4
    assert chain["case"]["case_no"] == K1
    assert chain["disagree"] == ["amount"]


def test_benchmarks_are_set_replaced_and_used(store) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    with store.writing() as s:
        s.execute(update(CaseFile).values(cause="无证取水"))
    service.set_benchmark(store, violation="无证取水", min_fen=1_000_00, max_fen=3_000_00)
    service.set_benchmark(store, violation="无证取水", min_fen=1_000_00, max_fen=4_000_00)
    [b] = service.list_benchmarks(store)
    assert b["max_fen"] == 4_000_00
    f = _by_code(service.run_audit(store, as_of=AS_OF))["DISCRETION_OUT_OF_RANGE"]
    assert f["expected"]["max_fen"] == 4_000_00 and f["found"] == {"fine_fen": 500_000}
    with pytest.raises(UserError):
        service.set_benchmark(store, violation="x", min_fen=5, max_fen=1)


def test_year_added_by_hand_is_stored_and_stops_the_fallback(store) -> None:  # type: ignore[no-untyped-def]
    with store.writing() as s:
        s.connection().execute(insert(CaseFile), [{"case_no": "C〔2030〕1号", "case_key": "C〔2030〕1号",
                                                   "decided_on": date(2030, 1, 4), "published_on": date(2030, 1, 16)}])
    r = service.run_audit(store, as_of=date(2030, 6, 1))
    assert r.calendar_fallback_years == [2030]
    assert _by_code(r)["PUBLICATION_LATE"]["calendar_fallback"] is True
    assert _by_code(r)["TOO_FEW_OFFICERS"]["calendar_fallback"] is False
    assert show_year(store, 2030)["origin"] == "fallback"
    with pytest.raises(UserError):
        add_year(store, 2030, [date(2030, 1, 7)], [date(2030, 1, 9)])  # a Wednesday is not an adjusted day
    add_year(store, 2030, [date(2030, 1, 7), date(2030, 1, 8)], [], operator="甲")
    assert show_year(store, 2030)["origin"] == "store"
    r = service.run_audit(store, as_of=date(2030, 6, 1))
    assert r.calendar_fallback_years == []
    assert "PUBLICATION_LATE" not in _by_code(r)  # the deadline moved to 2030-01-16


def test_v1_store_upgrades_through_to_the_audit_tables(tmp_path: Path) -> None:
    from app.store import open_store
    from db.migrations import CURRENT_VERSION

    src = Path(__file__).resolve().parents[1] / "data" / "store_v1.sqlite"
    path = tmp_path / "old.sqlite"
    shutil.copyfile(src, path)
    store = open_store(path)
    try:
        assert store.upgraded_from == 1 and CURRENT_VERSION >= 3
        service.run_audit(store, as_of=AS_OF)
        assert service.count_findings(store) >= 0
    finally:
        store.close()
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert {"findings", "discretion_benchmarks", "calendar_years"} <= tables
