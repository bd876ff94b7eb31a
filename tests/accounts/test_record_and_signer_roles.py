"""Records entered by hand (the register forms' save and delete), the undo of such a change
(`log revert-last`, 撤销上一次修改) and the office signing certificate (`signer create|import`)
under login, on real SQLite files: the 录入员 edits records and undoes an edit, the 负责人 holds
the certificate; anyone else is refused naming the role, with nothing written, and the change
log's operator is the account. Without accounts nothing changes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.accounts.roles import PermissionDeniedError
from app.records import service as records
from app.signing import create_signer
from app.signing.keys import make_self_signed, to_pkcs12
from app.store import Store, open_store
from tests.accounts.conftest import ACCOUNTS, as_user, log_in_as
from tests.cli.helpers import run_cli
from tests.signing.helpers import MemoryKeyring

CASE = {"case_no": "沈水罚字〔2027〕第1号", "party": "张三", "fine_fen": "500"}
SIGNER_PASSPHRASE = "signer-pass-01"


def _log(db: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT operator, action, table_name FROM change_log ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    original = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(original)


def test_only_the_clerk_adds_edits_and_deletes_a_record_by_hand(office: Store, office_db: Path) -> None:
    before = _log(office_db)
    for name in ("赵局长", "钱审核", "周评查", "王管理"):
        log_in_as(office, name)
        with pytest.raises(PermissionDeniedError) as refused:
            records.save(office, "cases", CASE, operator="冒名者")
        assert "录入员" in refused.value.message and name in refused.value.message
        assert refused.value.roles == ("录入员",)
    assert _log(office_db) == before
    log_in_as(office, "李录入")
    record_id = records.save(office, "cases", CASE, operator="冒名者")
    assert _log(office_db)[-1] == ("李录入", "create", "cases")

    log_in_as(office, "钱审核")
    with pytest.raises(PermissionDeniedError):
        records.save(office, "cases", {**CASE, "party": "李四"}, record_id=record_id)
    with pytest.raises(PermissionDeniedError):
        records.delete(office, "cases", record_id)
    assert records.get(office, "cases", record_id)["party"] == "张三"
    log_in_as(office, "李录入")
    records.save(office, "cases", {**CASE, "party": "李四"}, record_id=record_id)
    records.delete(office, "cases", record_id, operator="冒名者")
    assert _log(office_db)[-2:] == [("李录入", "update", "cases"), ("李录入", "delete", "cases")]


def test_only_the_clerk_undoes_a_record_change(office: Store, office_db: Path) -> None:
    log_in_as(office, "李录入")
    record_id = records.save(office, "cases", CASE)
    records.save(office, "cases", {**CASE, "party": "李四"}, record_id=record_id)
    before = _log(office_db)
    for name in ("赵局长", "钱审核", "王管理"):
        refused = as_user(office_db, name, "log", "revert-last")
        assert refused.returncode == 2 and "录入员" in refused.stderr and name in refused.stderr, refused.stderr
    assert _log(office_db) == before
    assert records.get(office, "cases", record_id)["party"] == "李四"
    done = run_cli("--db", office_db, "--operator", "冒名者", "--user", "李录入", "log", "revert-last",
                   env={"CASEAUDIT_PASSWORD": ACCOUNTS["李录入"][1]})
    assert done.returncode == 0, done.stderr
    assert _log(office_db)[-1] == ("李录入", "revert", "cases")
    assert records.get(office, "cases", record_id)["party"] == "张三"


def _signer_count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT COUNT(*) FROM signers").fetchone()[0])
    finally:
        con.close()


def test_only_the_leader_creates_the_signing_certificate(office_db: Path, memory_keyring: MemoryKeyring) -> None:
    before = _log(office_db)
    for name in ("王管理", "钱审核", "周评查", "李录入"):
        refused = run_cli("--db", office_db, "--user", name, "signer", "create", "--name", "某某市水利局",
                          env={"CASEAUDIT_PASSWORD": ACCOUNTS[name][1], "CASEAUDIT_SIGNER_PASSPHRASE": SIGNER_PASSPHRASE})
        assert refused.returncode == 2 and "负责人" in refused.stderr and name in refused.stderr, refused.stderr
    assert _log(office_db) == before and _signer_count(office_db) == 0
    assert memory_keyring.items == {}  # no passphrase stored for a refused certificate
    done = run_cli("--db", office_db, "--operator", "冒名者", "--user", "赵局长", "signer", "create", "--name", "某某市水利局",
                   env={"CASEAUDIT_PASSWORD": ACCOUNTS["赵局长"][1], "CASEAUDIT_SIGNER_PASSPHRASE": SIGNER_PASSPHRASE})
    assert done.returncode == 0, done.stderr
    assert _signer_count(office_db) == 1 and _log(office_db)[-1] == ("赵局长", "create", "signers")


def test_only_the_leader_imports_a_signing_certificate(office_db: Path, tmp_path: Path,
                                                       memory_keyring: MemoryKeyring) -> None:
    material = make_self_signed("某某市水利局", "某某市水利局")
    p12 = tmp_path / "单位证书.p12"
    p12.write_bytes(to_pkcs12(material, SIGNER_PASSPHRASE))
    for name in ("王管理", "李录入"):
        refused = run_cli("--db", office_db, "--user", name, "signer", "import", p12,
                          env={"CASEAUDIT_PASSWORD": ACCOUNTS[name][1], "CASEAUDIT_SIGNER_PASSPHRASE": SIGNER_PASSPHRASE})
        assert refused.returncode == 2 and "负责人" in refused.stderr, refused.stderr
    assert _signer_count(office_db) == 0
    done = run_cli("--db", office_db, "--user", "赵局长", "signer", "import", p12,
                   env={"CASEAUDIT_PASSWORD": ACCOUNTS["赵局长"][1], "CASEAUDIT_SIGNER_PASSPHRASE": SIGNER_PASSPHRASE})
    assert done.returncode == 0, done.stderr
    assert _signer_count(office_db) == 1 and _log(office_db)[-1][0] == "赵局长"


def test_without_accounts_records_undo_and_the_certificate_are_open_as_always(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    db = tmp_path / "one-desk.sqlite"
    store = open_store(db)
    try:
        record_id = records.save(store, "cases", CASE, operator="张三")
        records.save(store, "cases", {**CASE, "party": "李四"}, record_id=record_id, operator="张三")
        create_signer(store, name="某某市水利局", passphrase=SIGNER_PASSPHRASE, operator="张三")
    finally:
        store.close()
    assert run_cli("--db", db, "--operator", "张三", "log", "revert-last").returncode == 0
    assert [op for op, _a, _t in _log(db)] == ["张三"] * 4
