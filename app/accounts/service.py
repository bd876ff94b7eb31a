"""Account use cases: add, change a password, disable, list, authenticate.

    add_account · change_password · disable_account · list_accounts · authenticate · has_accounts

Who may do what: the first account of a store must be a 管理员 and may be added by anyone (it
turns login on: from then on every command and the window ask who is there); after that only a
logged-in 管理员 adds, disables or resets accounts, and any account may change its own password.
A 管理员 cannot disable the last enabled 管理员 (nobody could manage accounts any more).

Passwords never reach the change log: its entries carry the account's name, role and state, and
`password_changed` when one was set — never the password or its hash (the row digest the log
keeps is a SHA-256 over the row, so an edited hash is still seen by `log verify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.actor import acting_account, has_accounts
from app.accounts.passwords import check_new_password, hash_password, verify_password
from app.accounts.roles import ADMIN, ROLES, Actor, PermissionDeniedError, require
from app.errors import UserError
from db import changelog
from db.models_accounts import Account
from db.store import Store

__all__ = ["AccountInfo", "LoginFailedError", "add_account", "authenticate", "change_password", "disable_account",
           "has_accounts", "list_accounts"]


class LoginFailedError(PermissionDeniedError):
    """Wrong name, wrong password or a disabled account — deliberately not saying which."""


LOGIN_FAILED = "账户名或密码不正确，或该账户已停用。"


@dataclass(frozen=True)
class AccountInfo:
    name: str
    role: str
    disabled: bool
    created_at: datetime
    changed_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "disabled": self.disabled,
                "created_at": self.created_at, "changed_at": self.changed_at}


@cache
def _dummy_hash() -> str:
    return hash_password("no such account")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _snap(a: Account) -> dict[str, Any]:
    return {"name": a.name, "role": a.role, "disabled": bool(a.disabled)}  # never the hash


def _find(s: Session, name: str) -> Account:
    account = s.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise UserError(f"找不到账户「{name}」，未作任何改动。")
    return account


def _operator(actor: Actor | None, fallback: str) -> str:
    return actor.name if actor is not None else fallback


def add_account(store: Store, name: str, *, role: str, password: str, operator: str = "") -> AccountInfo:
    """Add an account. The store's first account must be a 管理员 (and turns login on); every
    later one is added by a logged-in 管理员."""
    name = (name or "").strip()
    if not name:
        raise UserError("请填写账户名，未作任何改动。")
    if role not in ROLES:
        raise UserError(f"角色「{role}」有误，应为{'、'.join(ROLES)}之一，未作任何改动。")
    check_new_password(password)
    first = not has_accounts(store)
    actor = None
    if first:
        if role != ADMIN:
            raise UserError(f"第一个账户必须是{ADMIN}（由他管理其余账户），未作任何改动。")
    else:
        actor = acting_account(store)
        require(actor, "accounts.manage")
    digest = hash_password(password)  # before the transaction: argon2 takes a while
    with store.writing() as s:
        if s.scalar(select(Account.id).where(Account.name == name)) is not None:
            raise UserError(f"账户「{name}」已存在，未作任何改动。")
        if first and s.scalar(select(func.count(Account.id))):
            raise UserError("另一个程序刚刚添加了第一个账户，请登录后再添加，未作任何改动。")
        now = _now()
        account = Account(name=name, role=role, password_hash=digest, disabled=False, created_at=now, changed_at=now)
        s.add(account)
        s.flush()
        changelog.append(s, operator=_operator(actor, operator or name), action="create", table_name="accounts",
                         record_id=account.id, after=_snap(account))
        return _info(account)


def change_password(store: Store, name: str, *, password: str, operator: str = "") -> None:
    """Set a new password: one's own, or anyone's by a 管理员 (a reset)."""
    check_new_password(password)
    actor = acting_account(store)
    if actor is None or actor.name != name:
        require(actor, "accounts.manage")
    digest = hash_password(password)
    with store.writing() as s:
        account = _find(s, name)
        account.password_hash, account.changed_at = digest, _now()
        s.flush()
        changelog.append(s, operator=_operator(actor, operator), action="update", table_name="accounts",
                         record_id=account.id, before=_snap(account),
                         after={**_snap(account), "password_changed": True})


def disable_account(store: Store, name: str, *, operator: str = "") -> None:
    """Disable an account (it can no longer log in; its name stays on what it did)."""
    actor = acting_account(store)
    require(actor, "accounts.manage")
    with store.writing() as s:
        account = _find(s, name)
        if account.disabled:
            raise UserError(f"账户「{name}」已停用。")
        if account.role == ADMIN:
            admins = s.scalar(select(func.count(Account.id)).where(Account.role == ADMIN,
                                                                   Account.disabled.is_(False))) or 0
            if admins <= 1:
                raise UserError(f"「{name}」是唯一在用的{ADMIN}，停用后无人能管理账户，未作任何改动。")
        before = _snap(account)
        account.disabled, account.changed_at = True, _now()
        s.flush()
        changelog.append(s, operator=_operator(actor, operator), action="update", table_name="accounts",
                         record_id=account.id, before=before, after=_snap(account))


def _info(a: Account) -> AccountInfo:
    return AccountInfo(a.name, a.role, bool(a.disabled), a.created_at, a.changed_at)


def list_accounts(store: Store) -> list[AccountInfo]:
    with store.session() as s:
        return [_info(a) for a in s.scalars(select(Account).order_by(Account.id))]


def authenticate(store: Store, name: str, password: str) -> Actor:
    """The actor for `name` and `password`, or LoginFailedError that does not say which was wrong.
    (No silent re-hash of an old hash here: the change log covers the row, so a re-hash would be
    a write of its own; `user passwd` sets one with today's parameters.)"""
    with store.session() as s:
        account = s.scalar(select(Account).where(Account.name == (name or "").strip()))
        # an unknown name costs a hash check too, so the time taken does not tell names apart
        stored = account.password_hash if account is not None else _dummy_hash()
        ok = verify_password(stored, password) and account is not None and not account.disabled
        if not ok or account is None:
            raise LoginFailedError(LOGIN_FAILED)
        return Actor(account.name, account.role)
