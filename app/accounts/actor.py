"""Who is acting on an open store, and the guard every checked service calls.

The account that logged in is kept on the open `Store` (in `store.extra`, never its password),
set by the CLI after `--user` authenticated and by the window after its login dialog. Services
call `check(store, action)` before they write: on a store without accounts it passes and returns
None (one desk, as always); on a store with accounts it needs a logged-in, still-enabled account
whose role may do the action, and returns it — the name the service then records as operator,
approver or reviewer instead of any name typed.
"""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.enabled import has_accounts
from app.accounts.roles import Actor, PermissionDeniedError, require
from db.models_accounts import Account
from db.store import Store

__all__ = ["acting_account", "acting_name", "check", "has_accounts", "log_in", "log_out", "logged_in", "may",
           "may_sign"]

_KEY = "actor"


def log_in(store: Store, actor: Actor) -> None:
    """Remember `actor` (from app.accounts.service.authenticate) as the one acting on `store`."""
    store.extra[_KEY] = actor


def log_out(store: Store) -> None:
    store.extra.pop(_KEY, None)


def logged_in(store: Store) -> Actor | None:
    """Who logged in on `store` (as logged in: not re-read), or None."""
    actor = store.extra.get(_KEY)
    return actor if isinstance(actor, Actor) else None


def acting_account(store: Store) -> Actor | None:
    """The logged-in account, re-read so that one disabled or given another role since the login
    acts no more with its old powers; None when nobody is logged in."""
    actor = store.extra.get(_KEY)
    if not isinstance(actor, Actor):
        return None
    with store.session() as s:
        row = s.execute(select(Account.role, Account.disabled).where(Account.name == actor.name)).first()
    if row is None or row.disabled:
        raise PermissionDeniedError(f"账户「{actor.name}」已停用或不存在，请重新登录，未作任何改动。")
    return Actor(actor.name, row.role)


def check(store: Store, action: str) -> Actor | None:
    """None on a store without accounts; else the logged-in account, refused with a
    PermissionDeniedError naming the role(s) needed unless its role may do `action`."""
    if not has_accounts(store):
        return None
    actor = acting_account(store)
    require(actor, action)
    return actor


def may(store: Store, action: str) -> bool:
    """Whether `check(store, action)` would pass (the window greys out what would be refused)."""
    try:
        check(store, action)
    except PermissionDeniedError:
        return False
    return True


def may_sign(store: Store) -> bool:
    return may(store, "reports.sign")


def acting_name(store: Store, typed: str) -> str:
    """The name to record as operator: the logged-in account's, else what was typed."""
    actor = store.extra.get(_KEY)
    return actor.name if isinstance(actor, Actor) else typed
