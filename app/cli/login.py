"""The global `--user` login and the passwords the command line reads (issue 16).

Apart from app/cli/common.py (which calls `log_in_from_cli` when it opens a store) so that the
command modules and common do not import each other. A password comes from its environment
variable or is typed at a terminal; without either the command is refused (exit 2) rather than
reading a password from a pipe.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from app.errors import UserError

if TYPE_CHECKING:
    from app.store import Store


def _typed(prompt: str, variable: str) -> str:
    if not sys.stdin.isatty():
        raise UserError(f"需要密码：请设置环境变量 {variable}，或在终端中运行以便输入，未作任何改动。")
    return getpass.getpass(prompt)


def new_password() -> str:
    """The new password: CASEAUDIT_NEW_PASSWORD, or typed twice at a terminal."""
    given = os.environ.get("CASEAUDIT_NEW_PASSWORD")
    if given is not None:
        return given
    first = _typed("新密码：", "CASEAUDIT_NEW_PASSWORD")
    if getpass.getpass("请再次输入新密码：") != first:
        raise UserError("两次输入的密码不一致，未作任何改动。")
    return first


def log_in_from_cli(store: Store, name: str | None) -> None:
    """Log `name` in on `store` when it has accounts; refuse a store with accounts and no --user,
    and --user on a store without accounts (it would record nobody's login)."""
    from app.accounts.enabled import has_accounts  # the ORM and models only once there are accounts

    if not has_accounts(store):
        if name:
            raise UserError("本数据库尚未设置账户，无需 --user；请去掉 --user，或先用 user add 添加管理员。")
        return
    from app.accounts.actor import log_in
    from app.accounts.service import authenticate

    if not name:
        raise UserError("本数据库已启用账户登录：请用 --user 账户名 登录（密码取自环境变量 CASEAUDIT_PASSWORD 或提示输入）。")
    password = os.environ.get("CASEAUDIT_PASSWORD")
    if password is None:
        password = _typed(f"账户「{name}」的密码：", "CASEAUDIT_PASSWORD")
    log_in(store, authenticate(store, name, password))
