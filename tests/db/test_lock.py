"""The writer lock: by name and by the file's identity (a hard link shares it), a bounded wait for
another's short write, an immediate refusal while a window holds the store, private lock files."""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
from pathlib import Path

import pytest

from app.errors import StoreLockedError
from app.startup_cleanup import clean_lock_files
from app.store import open_store
from db.lock import SESSION, WRITE, StoreLock, lock_folder

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="hard links and modes on POSIX")


def _hold_for(lock: StoreLock, role: str, seconds: float) -> threading.Thread:
    """Hold `lock` (in `role`) on another thread for `seconds`; returns once it is held."""
    held = threading.Event()

    def run() -> None:
        lock.acquire(role=role)
        held.set()
        time.sleep(seconds)
        lock.release()

    t = threading.Thread(target=run)
    t.start()
    assert held.wait(10)
    return t


@posix_only
def test_a_hard_link_takes_the_same_lock(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_store(path).close()
    alias = tmp_path / "b.sqlite"
    os.link(path, alias)
    first = StoreLock(path)
    first.acquire()
    try:
        assert first.linked
        with pytest.raises(StoreLockedError, match="正由另一个程序"):
            StoreLock(alias).acquire()
    finally:
        first.release()
    with StoreLock(alias) as second:  # free again once released
        assert second.held


def test_a_store_put_in_place_of_the_locked_one_is_locked_anew(tmp_path: Path) -> None:
    """A restore replaces the file (a new identity): the name lock still keeps others out, and
    the next holder locks the new file's identity."""
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    other = tmp_path / "t.sqlite"
    open_store(other).close()
    with StoreLock(path):
        os.replace(other, path)
        with pytest.raises(StoreLockedError):
            StoreLock(path).acquire()
    with StoreLock(path) as lock:
        folder = lock_folder()
        st = os.stat(path)
        assert lock.held and (folder / f"{st.st_dev:x}-{st.st_ino:x}.lock").exists()


def test_a_writer_waits_for_a_short_write(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    open_store(path).close()
    holder = _hold_for(StoreLock(path), WRITE, 0.6)
    start = time.monotonic()
    waiter = StoreLock(path)
    waiter.acquire(wait=10, role=WRITE)
    try:
        assert time.monotonic() - start >= 0.4
    finally:
        waiter.release()
        holder.join()


def test_a_writer_gives_up_after_the_wait_with_a_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    open_store(path).close()
    holder = _hold_for(StoreLock(path), WRITE, 2.0)
    try:
        start = time.monotonic()
        with pytest.raises(StoreLockedError, match=r"已等待 0\.5 秒仍未完成"):
            StoreLock(path).acquire(wait=0.5, role=WRITE)
        assert 0.5 <= time.monotonic() - start < 1.8
    finally:
        holder.join()


def test_nobody_waits_for_a_window(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    open_store(path).close()
    holder = _hold_for(StoreLock(path), SESSION, 1.5)
    try:
        start = time.monotonic()
        with pytest.raises(StoreLockedError, match="同一时间只能有一个程序写入。请先关闭另一个程序再试"):
            StoreLock(path).acquire(wait=30, role=WRITE)
        assert time.monotonic() - start < 1.0
    finally:
        holder.join()


def test_the_store_writes_under_the_lock_and_lets_it_go(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    try:
        with store.writing():
            assert store.lock.held and store.lock.role == WRITE
            with pytest.raises(StoreLockedError):
                StoreLock(store.path).acquire()
        assert not store.lock.held
    finally:
        store.close()


@posix_only
def test_lock_files_are_private_and_say_who_holds_them(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    open_store(path).close()
    old = os.umask(0)
    try:
        with StoreLock(path) as lock:
            st = os.stat(path)
            files = [lock.path, lock_folder() / f"{st.st_dev:x}-{st.st_ino:x}.lock"]
            for f in files:
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
                assert f.read_bytes()[1:].decode() == f"{os.getpid()} {SESSION}"
        assert stat.S_IMODE(lock_folder().stat().st_mode) == 0o700
    finally:
        os.umask(old)


@posix_only
def test_unheld_identity_lock_files_are_cleaned_and_held_ones_kept(tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    open_store(a).close()
    open_store(b).close()

    def identity_file(p: Path) -> Path:
        st = os.stat(p)
        return lock_folder() / f"{st.st_dev:x}-{st.st_ino:x}.lock"

    with StoreLock(b):
        pass  # leaves b's identity file behind, unheld
    with StoreLock(a):
        removed = clean_lock_files()
        assert identity_file(b) in removed and not identity_file(b).exists()
        assert identity_file(a).exists() and identity_file(a) not in removed
    with StoreLock(b) as again:  # a removed file is simply made anew
        assert again.held and identity_file(b).exists()
