"""`user add|passwd|disable|list` and the global `--user`, run as a user would (the real CLI,
in-process, on real SQLite files): the first account is a 管理员 and turns login on; after that
only a 管理员 manages accounts, anyone changes their own password, a wrong password or name is
refused without saying which, and no password reaches the change log, the log files or the file."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from tests.accounts.conftest import ACCOUNTS, as_user
from tests.cli.helpers import run_cli


def _log_entries(db: Path) -> list[tuple[str, str, str, str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT operator, action, table_name, before_json, after_json FROM change_log"
                           " ORDER BY id").fetchall()
    finally:
        con.close()


def test_the_first_account_must_be_an_administrator_and_turns_login_on(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    assert run_cli("--db", db, "summary").returncode == 0  # no accounts: one desk, as today
    refused = run_cli("--db", db, "user", "add", "李录入", "--role", "录入员",
                      env={"CASEAUDIT_NEW_PASSWORD": "clerk-pass-01"})
    assert refused.returncode == 2 and "管理员" in refused.stderr
    assert run_cli("--db", db, "user", "list", "--json").stdout.count('"name"') == 0
    done = run_cli("--db", db, "user", "add", "王管理", "--role", "管理员", env={"CASEAUDIT_NEW_PASSWORD": "admin-pass-01"})
    assert done.returncode == 0, done.stderr
    locked = run_cli("--db", db, "summary")
    assert locked.returncode == 2 and "--user" in locked.stderr
    assert as_user(db, "王管理", "summary", "--json", password="admin-pass-01").returncode == 0


def test_user_on_a_store_without_accounts_is_refused(tmp_path: Path) -> None:
    done = run_cli("--db", tmp_path / "s.sqlite", "--user", "王管理", "summary", env={"CASEAUDIT_PASSWORD": "x" * 9})
    assert done.returncode == 2 and "尚未设置账户" in done.stderr


def test_a_wrong_password_and_an_unknown_name_are_refused_alike(office_db: Path) -> None:
    before = len(_log_entries(office_db))
    wrong = as_user(office_db, "王管理", "summary", password="not-the-password")
    unknown = as_user(office_db, "无此人", "summary", password="admin-pass-01")
    assert wrong.returncode == unknown.returncode == 2
    assert wrong.stderr == unknown.stderr and "账户名或密码不正确" in wrong.stderr
    assert wrong.stdout == "" and len(_log_entries(office_db)) == before


def test_a_refusal_with_json_is_the_error_document(office_db: Path) -> None:
    done = as_user(office_db, "李录入", "user", "list", "--json", password="wrong-pass-00")
    assert done.returncode == 2
    assert "账户名或密码不正确" in json.loads(done.stdout)["error"]["message"]


def test_without_a_terminal_or_the_variable_the_password_is_not_read_from_stdin(office_db: Path) -> None:
    done = run_cli("--db", office_db, "--user", "王管理", "summary", env={"CASEAUDIT_PASSWORD": None})
    assert done.returncode == 2 and "CASEAUDIT_PASSWORD" in done.stderr


def test_only_an_administrator_adds_disables_and_resets_accounts(office_db: Path) -> None:
    new = {"CASEAUDIT_NEW_PASSWORD": "new-pass-0001"}
    for name in ("赵局长", "钱审核", "李录入"):
        done = run_cli("--db", office_db, "--user", name, "user", "add", "新人", "--role", "录入员",
                       env={**new, "CASEAUDIT_PASSWORD": ACCOUNTS[name][1]})
        assert done.returncode == 2 and "管理员" in done.stderr, done.stderr
        assert as_user(office_db, name, "user", "disable", "周评查").returncode == 2
        reset = run_cli("--db", office_db, "--user", name, "user", "passwd", "周评查",
                        env={**new, "CASEAUDIT_PASSWORD": ACCOUNTS[name][1]})
        assert reset.returncode == 2 and "管理员" in reset.stderr
    names = [a["name"] for a in json.loads(as_user(office_db, "王管理", "user", "list", "--json").stdout)["accounts"]]
    assert "新人" not in names
    assert as_user(office_db, "周评查", "summary").returncode == 0  # its password was not reset

    added = run_cli("--db", office_db, "--user", "王管理", "user", "add", "新人", "--role", "录入员",
                    env={**new, "CASEAUDIT_PASSWORD": ACCOUNTS["王管理"][1]})
    assert added.returncode == 0, added.stderr
    assert as_user(office_db, "新人", "summary", password="new-pass-0001").returncode == 0
    assert as_user(office_db, "王管理", "user", "disable", "新人").returncode == 0
    gone = as_user(office_db, "新人", "summary", password="new-pass-0001")
    assert gone.returncode == 2 and "账户名或密码不正确" in gone.stderr


def test_a_user_changes_their_own_password(office_db: Path) -> None:
    done = run_cli("--db", office_db, "--user", "李录入", "user", "passwd", "李录入",
                   env={"CASEAUDIT_PASSWORD": ACCOUNTS["李录入"][1], "CASEAUDIT_NEW_PASSWORD": "clerk-pass-02"})
    assert done.returncode == 0, done.stderr
    assert as_user(office_db, "李录入", "summary").returncode == 2
    assert as_user(office_db, "李录入", "summary", password="clerk-pass-02").returncode == 0


def test_the_last_administrator_cannot_be_disabled(office_db: Path) -> None:
    done = as_user(office_db, "王管理", "user", "disable", "王管理")
    assert done.returncode == 2 and "唯一" in done.stderr


def test_user_list_json(office_db: Path) -> None:
    done = as_user(office_db, "钱审核", "user", "list", "--json")
    assert done.returncode == 0, done.stderr
    accounts = json.loads(done.stdout)["accounts"]
    assert {a["name"]: a["role"] for a in accounts} == {n: r for n, (r, _p) in ACCOUNTS.items()}
    assert set(accounts[0]) == {"name", "role", "disabled", "created_at", "changed_at"}
    assert not any("hash" in json.dumps(a) for a in accounts)


def test_passwords_stay_out_of_the_change_log_the_logs_and_the_file(office_db: Path) -> None:
    done = run_cli("--db", office_db, "--user", "王管理", "user", "add", "新人", "--role", "审核员",
                   env={"CASEAUDIT_PASSWORD": ACCOUNTS["王管理"][1], "CASEAUDIT_NEW_PASSWORD": "Very-Secret-77"})
    assert done.returncode == 0
    as_user(office_db, "新人", "summary", password="Very-Secret-77")
    as_user(office_db, "新人", "summary", password="Wrong-Secret-78")
    entries = _log_entries(office_db)
    text = json.dumps(entries, ensure_ascii=False)
    assert any(t == "accounts" and '"新人"' in (after or "") for _o, _a, t, _b, after in entries)
    for secret in ["Very-Secret-77", "Wrong-Secret-78", *(p for _r, p in ACCOUNTS.values())]:
        assert secret not in text
        assert secret.encode() not in office_db.read_bytes()
        for folder, _dirs, files in os.walk(os.environ["CASEAUDIT_LOG_DIR"]):
            for name in files:
                assert secret.encode() not in (Path(folder) / name).read_bytes()
    assert "$argon2id$" not in text  # not even the hash
    con = sqlite3.connect(office_db)
    try:
        assert con.execute("SELECT password_hash FROM accounts WHERE name='新人'").fetchone()[0].startswith("$argon2id$")
    finally:
        con.close()


def test_the_change_log_operator_is_the_account_not_the_typed_operator(office_db: Path) -> None:
    # a complaint is registered by the 录入员 (app/accounts/roles.py "records.register")
    done = run_cli("--db", office_db, "--operator", "冒名者", "--user", "李录入", "complaint", "add", "--received",
                   "2024-05-06", "--channel", "信件", "--subject", "执法人员未出示证件",
                   env={"CASEAUDIT_PASSWORD": ACCOUNTS["李录入"][1]})
    assert done.returncode == 0, done.stderr
    operator, *_ = _log_entries(office_db)[-1]
    assert operator == "李录入"


def test_the_office_details_are_a_setting_of_the_administrator(office_db: Path) -> None:
    refused = as_user(office_db, "赵局长", "office", "set", "--leader", "赵局长")
    assert refused.returncode == 2 and "管理员" in refused.stderr
    assert as_user(office_db, "王管理", "office", "set", "--leader", "赵局长").returncode == 0
    assert _log_entries(office_db)[-1][0] == "王管理"


def test_log_verify_holds_with_accounts(office_db: Path) -> None:
    done = as_user(office_db, "王管理", "log", "verify", "--json")
    assert done.returncode == 0, done.stderr


def test_an_account_hash_edited_with_sqlite_is_seen_by_log_verify(office_db: Path) -> None:
    con = sqlite3.connect(office_db)
    con.execute("UPDATE accounts SET role='管理员' WHERE name='李录入'")
    con.commit()
    con.close()
    done = as_user(office_db, "王管理", "log", "verify")
    assert done.returncode == 2, done.stdout
