"""Long writes take turns, and the one that waits says for what.

An import and an audit on the same store serialise on its writer lock (db/lock.py): the second
waits for the first, up to db/lock.WRITE_WAIT_SECONDS. `turn(store, "倒查")` holds the lock for
one such piece of work and writes what it is doing into the lock file (the role the lock keeps
after its first byte, one word), so the other one can say what it waits for:

    正在等待另一个程序的导入完成…

on stderr (the command line) or in the window's status bar (`set_wait_notice`); and when the
wait runs out, or a window holds the store, it is refused with a StoreLockedError naming the
holder, before anything is written.

Store.locked() stays the way every short write takes the lock: inside a turn it finds the lock
held and does not take it again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from app.errors import StoreLockedError
from app.store import Store
from db import lock as store_lock
from db.store import checkpoint

__all__ = ["clear_wait_notice", "holder_of", "set_wait_notice", "turn"]

Notice = Callable[[str], None]


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


_notice: Notice = _to_stderr


def set_wait_notice(notice: Notice | None) -> None:
    """Where `turn` says it is waiting: the window's status bar, or stderr (None, the default).
    Called from the thread doing the work."""
    global _notice
    _notice = notice or _to_stderr


def clear_wait_notice(notice: Notice) -> None:
    """Back to stderr, unless another window has put its own notice in place since."""
    if _notice is notice:
        set_wait_notice(None)


def holder_of(role: str | None) -> str:
    """The holder of a store's lock as a clerk reads it, from the role its lock file names."""
    if role == store_lock.SESSION:
        return "另一个窗口"
    if role in (None, "", store_lock.WRITE):
        return "另一个程序的写入"
    return f"另一个程序的{role}"


def _role_word(what: str) -> str:
    """The lock file keeps one word after the pid: no spaces in it."""
    return "".join(what.split()) or store_lock.WRITE


@contextmanager
def turn(store: Store, what: str) -> Iterator[None]:
    """Hold the store's writer lock for `what` (导入, 倒查, 撤销导入), waiting for another
    program's work and saying so; StoreLockedError naming the holder when refused."""
    lock = store.lock
    if lock.held:  # the window holds it all along, or an outer turn
        yield
        return
    if store.kind != "sqlite":  # the server's advisory lock waits and names its holder itself (db/pg_lock.py)
        with store.locked():
            yield
        return
    assert isinstance(lock, store_lock.StoreLock)
    role = _role_word(what)
    try:
        lock.acquire(wait=0, role=role)
    except StoreLockedError:
        holder = holder_of(store_lock.read_role(lock.path))
        if holder == holder_of(store_lock.SESSION):
            raise StoreLockedError(  # a window may stay open all day: nobody waits for it
                f"数据库 {store.path} 正由另一个程序（{holder}）使用，{what}未开始，数据库未作任何改动。"
                "同一时间只能有一个程序写入，请先关闭另一个窗口再试。") from None
        _notice(f"正在等待{holder}完成…")
        wait = store_lock.WRITE_WAIT_SECONDS
        try:
            lock.acquire(wait=wait, role=role)
        except StoreLockedError:
            now = holder_of(store_lock.read_role(lock.path))
            raise StoreLockedError(
                f"数据库 {store.path} 正由{now}占用，已等待 {wait:g} 秒仍未完成，{what}未开始，"
                f"数据库未作任何改动。请等{now}完成后再试。") from None
    try:
        # as Store.locked does for a store with other names (hard links): see its doc
        if lock.linked:
            store.engine.dispose()
        with store.locked():  # held: a no-op here, kept so one way of locking stays the way
            yield
        if lock.linked:
            store.engine.dispose()
            checkpoint(store.path)
    finally:
        lock.release()
