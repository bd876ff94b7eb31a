"""An office with accounts: the audited demo store (40 cases) and one account per role — two
审核员 and two 评查员, so that separation of duties has someone else to turn to.

The store is built once per session (argon2id takes a while per account) and copied, with its
change-log key, per test. `as_user(db, name, …)` runs the real CLI logged in as that account.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.accounts.actor import log_in
from app.accounts.roles import Actor
from app.accounts.service import add_account
from app.audit.service import run_audit
from app.demo import load_demo
from app.store import Store, open_store
from db.changelog_key import key_path
from tests.cli.helpers import CliResult, run_cli

AS_OF = date(2024, 6, 30)
ACCOUNTS = {  # name → (role, password)
    "王管理": ("管理员", "admin-pass-01"),
    "赵局长": ("负责人", "leader-pass-01"),
    "钱审核": ("审核员", "checker-pass-01"),
    "孙审核": ("审核员", "checker-pass-02"),
    "周评查": ("评查员", "reviewer-pass-01"),
    "吴评查": ("评查员", "reviewer-pass-02"),
    "李录入": ("录入员", "clerk-pass-01"),
}


def as_user(db: Path, name: str, *args: str | Path, password: str | None = None) -> CliResult:
    """`caseaudit --db DB --user NAME ARGS…` with the account's password in CASEAUDIT_PASSWORD."""
    return run_cli("--db", db, "--user", name, *args,
                   env={"CASEAUDIT_PASSWORD": password if password is not None else ACCOUNTS[name][1]})


def copy_store(template: Path, to: Path) -> Path:
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, to)
    key_path(to).parent.mkdir(exist_ok=True)  # the change-log key travels with the store
    shutil.copy(key_path(template), key_path(to))
    return to


def log_in_as(store: Store, name: str) -> None:
    log_in(store, Actor(name, ACCOUNTS[name][0]))


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.sqlite"
    store = open_store(path)
    try:
        load_demo(store, size=40)
        run_audit(store, as_of=AS_OF)
        add_account(store, "王管理", role="管理员", password=ACCOUNTS["王管理"][1])
        log_in_as(store, "王管理")
        for name, (role, password) in ACCOUNTS.items():
            if name != "王管理":
                add_account(store, name, role=role, password=password)
    finally:
        store.close()
    return path


@pytest.fixture
def office_db(office_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the office store, as a path for the CLI."""
    return copy_store(office_template, tmp_path / "store" / "office.sqlite")


@pytest.fixture
def office(office_db: Path) -> Iterator[Store]:
    """The office store opened, nobody logged in yet."""
    store = open_store(office_db)
    yield store
    store.close()


@pytest.fixture
def evidence_file(tmp_path: Path) -> Path:
    path = tmp_path / "整改佐证.pdf"
    path.write_bytes("%PDF-1.4 整改完成情况说明\n".encode() * 20)
    return path
