"""Undoing an import batch as a whole (app/imports/undo.py): the counts come back, the change log
records the undo and still verifies, the file can be imported again, and an undo that later work
depends on is refused with its reasons and nothing written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from app.audit.service import run_audit
from app.backups import list_backups
from app.errors import UserError
from app.imports.service import import_file
from app.imports.undo import UndoRefusedError, list_batches, undo_blockers, undo_import
from app.records import service as records
from app.rectify.service import confirm_findings
from app.review import start_review
from app.store import Store, open_store
from db.changelog import check_log
from tests.delivery.helpers import write_ledger

CASES_HEADER = ["案号", "当事人", "案由", "罚款金额（元）", "立案日期", "处罚决定日期", "承办人", "执法单位"]


def _cases_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "案卷"
    ws.append(CASES_HEADER)
    ws.append(["沈水罚字〔2019〕第1号", "张三", "违法取水", 5000, "2019-01-10", "2019-02-01", "甲、乙", "第一大队"])
    ws.append(["沈水罚字〔2019〕第2号", "李四", "违法取水", 3000, "2019-01-11", "2019-02-02", "甲", "第一大队"])
    wb.save(path)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "s.sqlite", auto_backup=False)
    yield s
    s.close()


def _log_ok(store: Store) -> bool:
    with store.session() as s:
        result = check_log(s)
    assert result.ok, result.reason
    return result.ok


def test_undo_restores_the_counts_logs_itself_and_the_log_still_verifies(store: Store, tmp_path: Path) -> None:
    first = import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 30), operator="甲")
    before = records.summary(store)
    second = import_file(store, "ledger", write_ledger(tmp_path / "b.xlsx", 12, first=31, seed=3), operator="甲")
    assert records.summary(store)["ledger"] == before["ledger"] + 12
    assert [b.id for b in list_batches(store)] == [second.batch_id, first.batch_id]

    result = undo_import(store, int(second.batch_id), operator="乙")

    assert result.deleted == 12 and result.kind == "ledger"
    after = records.summary(store)
    assert after["ledger"] == before["ledger"] and after["imports"] == before["imports"]
    assert _log_ok(store)
    con = sqlite3.connect(store.path)
    try:
        action, operator, record_id, before_json = con.execute(
            "SELECT action, operator, record_id, before_json FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    assert (action, operator, record_id) == ("undo", "乙", second.batch_id)
    assert "b.xlsx" in before_json
    assert any(b.reason == "undo" for b in list_backups(store))  # the way back from the undo itself
    again = import_file(store, "ledger", tmp_path / "b.xlsx", operator="甲")  # no longer "already imported"
    assert again.imported == 12 and not again.already_imported
    assert _log_ok(store)


def test_a_deleted_row_put_back_behind_the_programs_back_is_seen(store: Store, tmp_path: Path) -> None:
    batch = import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 5), operator="甲").batch_id
    con = sqlite3.connect(store.path)
    try:
        saved = con.execute("SELECT * FROM ledger_entries ORDER BY id LIMIT 1").fetchone()
    finally:
        con.close()
    undo_import(store, int(batch), operator="甲")
    assert _log_ok(store)
    con = sqlite3.connect(store.path)
    try:
        con.execute(f"INSERT INTO ledger_entries VALUES ({', '.join('?' * len(saved))})",
                    tuple(None if i == len(saved) - 2 else v for i, v in enumerate(saved)))  # without its batch
        con.commit()
    finally:
        con.close()
    with store.session() as s:
        result = check_log(s)
    assert not result.ok and "重新出现" in (result.reason or "")


def test_undo_is_refused_while_a_confirmed_finding_rests_on_the_batch(store: Store, tmp_path: Path) -> None:
    batch = import_file(store, "cases", _cases_xlsx(tmp_path / "案卷.xlsx"), operator="甲").batch_id
    found = run_audit(store, operator="甲")
    target = next(f for f in found.findings if f["refs"].get("case_no") == "沈水罚字〔2019〕第2号")
    confirm_findings(store, [target["id"]], operator="甲", category="执法不规范")
    count_before = records.summary(store)

    with pytest.raises(UndoRefusedError) as info:
        undo_import(store, int(batch), operator="甲")

    message = info.value.message
    assert f"#{target['id']}" in message and "确认为问题" in message
    assert any("问题清单" in r for r in info.value.reasons)  # and the problem it made
    assert records.summary(store) == count_before
    assert undo_blockers(store, int(batch)) == info.value.reasons
    assert _log_ok(store)


def test_a_review_of_one_of_its_cases_refuses_the_undo(store: Store, tmp_path: Path) -> None:
    batch = import_file(store, "cases", _cases_xlsx(tmp_path / "案卷.xlsx"), operator="甲").batch_id
    start_review(store, "沈水罚字〔2019〕第1号", reviewer="王评查")
    reasons = undo_blockers(store, int(batch))
    assert reasons == ["案卷 沈水罚字〔2019〕第1号 已有评查记录。"]
    with pytest.raises(UndoRefusedError):
        undo_import(store, int(batch))


def test_an_unknown_batch_is_refused(store: Store) -> None:
    with pytest.raises(UserError, match="找不到导入批次 #99"):
        undo_import(store, 99)


def test_undoing_cases_removes_their_officers_too(store: Store, tmp_path: Path) -> None:
    batch = import_file(store, "cases", _cases_xlsx(tmp_path / "案卷.xlsx"), operator="甲").batch_id
    result = undo_import(store, int(batch))
    assert result.deleted == 2
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("SELECT count(*) FROM case_officers").fetchone()[0] == 0
    finally:
        con.close()
    assert _log_ok(store)
