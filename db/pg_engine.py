"""Connections to a PostgreSQL store (psycopg 3): the engine, one direct connection, and the
errors a person can act on.

Every connection carries `application_name` = "caseaudit <who>@<this computer>", so a desk that
waits for the writer lock can be told who holds it (db/pg_lock.py) and the server's own views
(pg_stat_activity) name the desk. The password is passed only in memory, never in a URL that
could be printed: where none is given, libpq looks in PGPASSFILE / ~/.pgpass itself.

A failure to connect becomes a StoreError naming host:port/database, never the password;
`PgPasswordNeeded` (a subclass) says that asking for a password may help.
"""

from __future__ import annotations

import getpass
import socket
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine

from db.errors import StoreError
from db.location import Location, mask_url

if TYPE_CHECKING:
    import psycopg

__all__ = ["PgPasswordNeeded", "application_name", "connect_error", "connect_kwargs", "direct_connection",
           "make_pg_engine"]

CONNECT_TIMEOUT_SECONDS = 10
_PASSWORD_HINTS = ("password authentication failed", "no password supplied", "password is required",
                   "fe_sendauth")


class PgPasswordNeeded(StoreError):
    """The server wants a password we did not have, or refused the one given."""

    def __init__(self, message: str, *, refused: bool) -> None:
        super().__init__(message)
        self.refused = refused


def application_name(who: str | None = None) -> str:
    """"caseaudit <account or OS user>@<host>", cut to the server's 63 bytes."""
    if not who:
        try:
            who = getpass.getuser()
        except Exception:  # noqa: BLE001 - getuser raises a bare OSError/KeyError on odd systems
            who = "?"
    name = f"caseaudit {who}@{socket.gethostname()}"
    return name.encode("utf-8")[:63].decode("utf-8", errors="ignore")


def connect_kwargs(location: Location, password: str | None, app_name: str) -> dict[str, Any]:
    """libpq keywords for psycopg.connect: the URL's parts and query, the password only if given."""
    assert location.url is not None
    url = location.url
    kwargs: dict[str, Any] = {str(k): v for k, v in url.query.items() if isinstance(v, str)}
    kwargs.update(host=location.host, port=location.port, dbname=location.database,
                  application_name=app_name, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    if url.username:
        kwargs["user"] = url.username
    secret = password if password is not None else url.password
    if secret is not None:
        kwargs["password"] = str(secret)
    return kwargs


def connect_error(location: Location, exc: Exception, password_given: bool) -> StoreError:
    """The Chinese message for a failed connection (the password masked if libpq echoed it)."""
    detail = mask_url(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
    if location.url is not None and location.url.password:
        detail = detail.replace(str(location.url.password), "***")
    where = location.where
    if any(h in str(exc) for h in _PASSWORD_HINTS):
        if password_given or "password authentication failed" in str(exc):  # given by us or by PGPASSFILE
            return PgPasswordNeeded(f"无法登录数据库服务器 {where}：用户 {location.user or '（默认）'} 的密码不对"
                                    f"（系统密钥环、PGPASSFILE 或输入的密码；{detail}）。", refused=True)
        return PgPasswordNeeded(f"数据库服务器 {where} 需要密码：请在系统密钥环或 PGPASSFILE 中保存，"
                                "或在提示时输入。", refused=False)
    if "does not exist" in str(exc) and "database" in str(exc):
        return StoreError(f"数据库服务器上没有数据库 {where}：请先由管理员创建（createdb），再打开。（{detail}）")
    return StoreError(f"无法连接数据库服务器 {where}（服务器未启动、地址或端口不对，或网络不通）：{detail}")


def direct_connection(location: Location, password: str | None, app_name: str, *,
                      autocommit: bool = True) -> psycopg.Connection[Any]:
    """One psycopg connection outside the engine's pool (checks before opening; the writer lock)."""
    import psycopg

    try:
        return psycopg.connect(autocommit=autocommit, **connect_kwargs(location, password, app_name))
    except psycopg.Error as exc:
        raise connect_error(location, exc, password is not None or bool(location.url and location.url.password)) \
            from None


def make_pg_engine(location: Location, password: str | None, app_name: str) -> Engine:
    """An engine on the database (psycopg 3); the password, if any, kept in memory only."""
    kwargs = connect_kwargs(location, password, app_name)
    url = location.driver_url().set(password=None, query={})  # everything else goes as keywords
    for key in ("host", "port", "dbname", "user"):
        kwargs.pop(key, None)
    url = url.set(host=location.host, port=location.port, database=location.database)
    return create_engine(url, connect_args=kwargs, pool_pre_ping=True, future=True)
