"""The change log cannot be quietly rewritten: each edit below was made to a real office store
with the sqlite3 module, and each passed `log verify` before the chain was keyed (or crashed)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.errors import UserError
from app.exchange import export_package, import_package, verify_log
from app.store import Store, open_store
from db.changelog_key import key_path
from tests.exchange.conftest import AS_OF
from tests.exchange.logtamper import rechain_unkeyed, rechain_with_key, sql
from tests.exchange.test_log_and_cli import run


def _ids(path: Path) -> list[int]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT id FROM change_log ORDER BY id")]
    finally:
        con.close()


def _refused_by_cli(path: Path, *words: str) -> dict:
    cli = run("--db", path, "log", "verify", "--json")
    assert cli.returncode == 2, cli.stderr
    assert "Traceback" not in cli.stderr and "变更日志核验未通过" in cli.stderr
    for w in words:
        assert w in cli.stderr, cli.stderr
    return json.loads(cli.stdout)


def test_an_edit_rechained_with_the_old_recipe_is_found(office: Store) -> None:
    victim = _ids(office.path)[20]
    sql(office.path, "UPDATE change_log SET after_json = '{\"status\": \"已销号\"}' WHERE id = ?", params=(victim,))
    rechain_unkeyed(office.path)  # every SHA-256 recomputed: the unkeyed chain would hold again
    result = verify_log(office)
    assert not result["ok"] and result["first_bad"] == 1  # no entry holds without the key
    assert _refused_by_cli(office.path, "编号 1")["first_bad"] == 1


def test_deleting_the_newest_entries_is_found(office: Store) -> None:
    ids = _ids(office.path)
    sql(office.path, "DELETE FROM change_log WHERE id >= ?", params=(ids[-3],))
    result = verify_log(office)
    assert not result["ok"] and result["first_bad"] == ids[-3] and "末尾的记录被删除" in result["reason"]
    _refused_by_cli(office.path, f"编号 {ids[-3]}", "末尾")


def test_deleting_every_entry_is_found(office: Store) -> None:
    sql(office.path, "DELETE FROM change_log")
    result = verify_log(office)
    assert not result["ok"] and result["entries"] == 0 and "全部" in result["reason"]
    _refused_by_cli(office.path, "全部")


def test_deleting_the_log_with_its_state_and_row_digests_is_found(office: Store) -> None:
    sql(office.path, "DELETE FROM change_log", "DELETE FROM change_log_state", "DELETE FROM change_log_rows")
    result = verify_log(office)
    assert not result["ok"] and "全部删除" in result["reason"]
    _refused_by_cli(office.path, "密钥")


def _import_cases(store: Store, tmp_path: Path) -> None:
    from app.imports.service import import_file

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["案号", "当事人", "案由", "罚款金额（元）", "立案日期", "处罚决定日期", "承办人", "执法单位"])
    ws.append(["沈水罚字〔2024〕第901号", "某某公司", "违法取水", 5000, "2024-01-10", "2024-02-01", "张三", "沈阳市水务局"])
    path = tmp_path / "案卷.xlsx"
    wb.save(path)
    import_file(store, "cases", path, unit="沈阳市水务局")


def test_a_fine_edited_in_its_table_is_found(office: Store, tmp_path: Path) -> None:
    _import_cases(office, tmp_path)
    assert verify_log(office)["ok"], verify_log(office)["reason"]
    con = sqlite3.connect(office.path)
    case_id, fine = con.execute("SELECT id, fine_fen FROM cases WHERE case_no = '沈水罚字〔2024〕第901号'").fetchone()
    entry = con.execute("SELECT max(id) FROM change_log WHERE action = 'import' AND table_name = 'cases'").fetchone()[0]
    con.close()
    assert fine == 500_000
    sql(office.path, "UPDATE cases SET fine_fen = 50000 WHERE id = ?", params=(case_id,))
    result = verify_log(office)
    assert not result["ok"] and result["first_bad"] == entry
    assert f"表 cases 第 {case_id} 行的内容被改动" in result["reason"]
    _refused_by_cli(office.path, f"编号 {entry}", "cases")


def test_a_store_without_its_change_log_table_is_a_clear_refusal(office: Store) -> None:
    sql(office.path, "DROP TABLE change_log")
    with pytest.raises(UserError, match="没有变更日志表"):
        verify_log(office)
    cli = run("--db", office.path, "log", "verify")
    assert cli.returncode == 2 and "没有变更日志表" in cli.stderr and "Traceback" not in cli.stderr


def test_a_missing_key_is_reported_and_writing_goes_on(office: Store) -> None:
    from app.office import set_office_info

    key_path(office.path).unlink()
    result = verify_log(office)
    assert not result["ok"] and "密钥文件" in result["reason"] and str(key_path(office.path)) in result["reason"]
    set_office_info(office, principal_leader="王局长")  # the office keeps working: a new key era starts
    assert key_path(office.path).exists()
    after = verify_log(office)
    assert not after["ok"] and after["first_bad"] == 1 and "无法核验" in after["reason"]


def test_a_head_sent_to_the_bureau_must_stay_in_the_chain(office: Store, tmp_path: Path) -> None:
    first = export_package(office, tmp_path / "p1.zip", as_of=AS_OF)
    con = sqlite3.connect(office.path)
    head_id = con.execute("SELECT changelog_head_id FROM exported_packages").fetchone()[0]
    con.close()
    # someone holding the key file deletes everything up to the head sent, and re-chains the rest
    sql(office.path, "DELETE FROM change_log WHERE id <= ?", "DELETE FROM change_log_rows WHERE entry_id <= ?",
        params=(head_id,))
    rechain_with_key(office.path)
    result = verify_log(office)
    assert not result["ok"] and result["first_bad"] == head_id and "第 1 号数据包" in result["reason"]
    assert first["changelog_head"] in result["reason"]
    _refused_by_cli(office.path, "第 1 号数据包")
    with pytest.raises(UserError, match="变更日志核验未通过"):
        export_package(office, tmp_path / "p2.zip", as_of=AS_OF)
    assert not (tmp_path / "p2.zip").exists()


def test_the_bureau_refuses_a_log_that_does_not_continue_the_last(office: Store, bureau: Store,
                                                                   tmp_path: Path) -> None:
    from app.exchange import PackageRejected

    first = export_package(office, tmp_path / "p1.zip", as_of=AS_OF)
    import_package(bureau, tmp_path / "p1.zip")
    con = sqlite3.connect(office.path)
    head_id = con.execute("SELECT changelog_head_id FROM exported_packages").fetchone()[0]
    con.close()
    # with the key: entries up to the sent head deleted, the row digests of exported_packages
    # dropped, the rest re-chained, and the kept head pointed at the new chain — the office's own
    # checks pass
    sql(office.path, "DELETE FROM change_log WHERE id <= ?",
        "DELETE FROM change_log_rows WHERE entry_id <= ? OR table_name = 'exported_packages'", params=(head_id,))
    hashes = rechain_with_key(office.path)
    new_id = min(hashes)
    sql(office.path, "UPDATE exported_packages SET changelog_head = ?, changelog_head_id = ?",
        params=(hashes[new_id], new_id))
    assert verify_log(office)["ok"], verify_log(office)["reason"]
    export_package(office, tmp_path / "p2.zip", as_of=AS_OF)
    with pytest.raises(PackageRejected) as refused:
        import_package(bureau, tmp_path / "p2.zip")
    exc = refused.value
    assert (exc.member, exc.check) == ("manifest.json", "changelog")
    assert first["changelog_head"] in exc.message and "延续" in exc.message
    bureau_path = bureau.path
    bureau.close()
    cli = run("--db", bureau_path, "package", "verify", tmp_path / "p2.zip", "--json")
    assert cli.returncode == 2 and json.loads(cli.stdout)["error"]["check"] == "changelog"


def test_a_package_that_continues_the_log_is_imported(office: Store, bureau: Store, tmp_path: Path) -> None:
    for n in (1, 2, 3):
        export_package(office, tmp_path / f"p{n}.zip", as_of=AS_OF)
    import_package(bureau, tmp_path / "p1.zip")
    assert import_package(bureau, tmp_path / "p3.zip")["missing_before"] == 1  # p3 lists p1's head


def _downgrade_to_v7(path: Path) -> None:
    """The store as version 7 wrote it: the unkeyed chain (and the heads sent as it had them), no
    state, no row digests, no key."""
    con = sqlite3.connect(path)
    sent = con.execute("SELECT id, changelog_head_id FROM exported_packages").fetchall()
    con.close()
    hashes = rechain_unkeyed(path)
    for row_id, head_id in sent:
        sql(path, "UPDATE exported_packages SET changelog_head = ? WHERE id = ?", params=(hashes[head_id], row_id))
    sql(path, "DROP TABLE change_log_rows", "DROP TABLE change_log_state",
        "ALTER TABLE exported_packages DROP COLUMN changelog_head_id", "PRAGMA user_version=7")
    key_path(path).unlink()


def test_a_version_7_store_is_rekeyed_from_its_first_entry(office: Store, tmp_path: Path) -> None:
    path = office.path
    export_package(office, tmp_path / "p1.zip", as_of=AS_OF)
    office.close()
    _downgrade_to_v7(path)
    con = sqlite3.connect(path)
    sent_head = con.execute("SELECT changelog_head FROM exported_packages").fetchone()[0]
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 7 and key_path(path).exists()
        assert verify_log(store)["ok"], verify_log(store)["reason"]
        with store.session() as s:
            state = s.connection().exec_driver_sql("SELECT eras_json FROM change_log_state").scalar()
            (era,) = json.loads(state)
            assert era["how"] == "migration" and era["from"] == 1 and era["old_chain_first_bad"] is None
        second = export_package(store, tmp_path / "p2.zip", as_of=AS_OF)
    finally:
        store.close()
    with zipfile.ZipFile(tmp_path / "p2.zip") as zf:  # the head sent before the upgrade, as the bureau holds it
        assert json.loads(zf.read("manifest.json"))["changelog_checkpoints"] == [{"sequence": 1, "head": sent_head}]
    assert second["sequence"] == 2


def test_a_version_7_chain_broken_before_the_upgrade_stays_reported(office: Store) -> None:
    path = office.path
    office.close()
    _downgrade_to_v7(path)
    victim = _ids(path)[10]
    sql(path, "UPDATE change_log SET operator = '某人' WHERE id = ?", params=(victim,))
    store = open_store(path)
    try:
        result = verify_log(store)
        assert not result["ok"] and result["first_bad"] == victim and "升级" in result["reason"]
    finally:
        store.close()
