"""One writer per store: OS file locks, released when the process dies.

`flock`/`LockFileEx` locks belong to the open file description, so a killed process can never
leave a stale lock behind (unlike a pid file). Two locks make up the store's lock:

- `<store>.lock` beside the store, by name — it exists before the store does and stays the same
  when a restore puts a new file in the store's place;
- `<dev>-<inode>.lock` in a per-user lock folder (`caseaudit-locks-<uid>` in the temp folder), by
  the file's identity — a hard link (two names for one file) takes the same one. After locking
  it, the store is looked at again: if another file took its name meanwhile, we lock that one.

What a second process sees while the lock is held depends on who holds it:

- a window (role SESSION) holds its store for as long as it is open, so nobody waits for it: the
  second process is refused at once with StoreLockedError, a Chinese message (the CLI exits 2,
  the window shows it);
- a write (role WRITE: an import's checks, backup and rows; a command's short transaction) ends
  soon, so a second writer waits for it, up to WRITE_WAIT_SECONDS, polling; then it is refused
  with a message saying how long it waited. Readers never take the lock.

The holder writes its pid and role after the first byte of each lock file (on Windows the first
byte is the locked one, which nobody else may read).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from db.errors import StoreError, StoreLockedError
from db.private_files import POSIX, open_private, private_dir

__all__ = ["SESSION", "WRITE", "WRITE_WAIT_SECONDS", "StoreLock", "lock_folder", "try_lock_file"]

SESSION = "session"
WRITE = "write"
WRITE_WAIT_SECONDS = 60.0  # read when a write starts (tests shorten it)
POLL_SECONDS = 0.05


def lock_folder() -> Path:
    """The per-user folder of identity locks; refused when someone else owns it (a shared /tmp)."""
    if not POSIX:  # pragma: no cover - Windows: the temp folder is the user's own
        return private_dir(Path(tempfile.gettempdir()) / "caseaudit-locks")
    folder = Path(tempfile.gettempdir()) / f"caseaudit-locks-{os.geteuid()}"
    private_dir(folder)
    st = os.lstat(folder)
    if folder.is_symlink() or not folder.is_dir() or st.st_uid != os.geteuid():
        raise StoreError(f"锁文件夹 {folder} 不属于当前用户（可能被他人预先创建），为安全起见未使用。请删除它后再试。")
    return folder


class _Busy(Exception):
    """A lock file is held by someone else, in `role` (None: not said yet)."""

    def __init__(self, role: str | None) -> None:
        super().__init__(role)
        self.role = role


class _LockFile:
    """One held lock file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def take(self, note: str) -> None:
        """Lock it without waiting (_Busy when held elsewhere) and write `note` after byte 0."""
        for _ in range(20):  # the file may be removed (startup clean-up) between open and lock
            fd = open_private(self.path)
            try:
                _lock(fd)
            except OSError:
                os.close(fd)
                raise _Busy(read_role(self.path)) from None
            if _same_file(fd, self.path):
                self.fd = fd
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, b"\n" + note.encode())
                return
            _unlock(fd)
            os.close(fd)
        raise _Busy(None)

    def drop(self) -> None:
        if self.fd >= 0:
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = -1


def read_role(path: Path) -> str | None:
    """The role the holder of a lock file wrote ("<pid> <role>" after byte 0), if readable."""
    try:
        with open(path, "rb") as fh:
            fh.seek(1)
            parts = fh.read(100).decode(errors="replace").split()
    except OSError:
        return None
    return parts[1] if len(parts) == 2 else None


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def try_lock_file(path: Path) -> int | None:
    """A descriptor holding `path` locked, or None when a live process holds it (for clean-ups)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        _lock(fd)
    except OSError:
        os.close(fd)
        return None
    return fd


def release_file(fd: int) -> None:
    _unlock(fd)
    os.close(fd)


class StoreLock:
    """An exclusive lock on a store, by its name and by its file's identity (see module doc)."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = Path(store_path)
        self.path = Path(str(store_path) + ".lock")
        self._files: list[_LockFile] = []
        self.role: str | None = None
        self.linked = False  # the store file has other names (hard links): see Store.locked

    @property
    def held(self) -> bool:
        return bool(self._files)

    def acquire(self, *, wait: float = 0.0, role: str = SESSION) -> None:
        """Take the lock; while another process holds it, wait up to `wait` seconds unless it is
        held by a window (SESSION). StoreLockedError when it cannot be had."""
        if self._files:
            return
        deadline = time.monotonic() + wait
        while True:
            try:
                self._take(role)
                return
            except _Busy as busy:
                if busy.role == SESSION or wait <= 0:
                    raise StoreLockedError(
                        f"数据库 {self.store_path} 正由另一个程序（或另一个窗口）使用，"
                        "同一时间只能有一个程序写入。请先关闭另一个程序再试。") from None
                if time.monotonic() >= deadline:
                    raise StoreLockedError(
                        f"数据库 {self.store_path} 正由另一个程序写入，已等待 {wait:g} 秒仍未完成。"
                        "同一时间只能有一个程序写入，请等另一个程序完成后再试。") from None
            time.sleep(POLL_SECONDS)

    def _take(self, role: str) -> None:
        note = f"{os.getpid()} {role}"
        files = [_LockFile(self.path)]
        try:
            files[0].take(note)
            identity = self._identity()
            if identity is not None:
                folder = lock_folder()
                while True:
                    held = _LockFile(folder / f"{identity[0]:x}-{identity[1]:x}.lock")
                    held.take(note)
                    files.append(held)
                    now = self._identity()
                    if now == identity:
                        break
                    held.drop()  # another file took the store's name meanwhile: lock that one
                    files.pop()
                    if now is None:
                        break
                    identity = now
        except BaseException:
            for f in files:
                f.drop()
            raise
        self._files, self.role = files, role

    def _identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.store_path)
        except FileNotFoundError:
            return None  # not created yet: nothing can link to it; the name lock covers it
        self.linked = st.st_nlink > 1
        return st.st_dev, st.st_ino

    def release(self) -> None:
        for f in reversed(self._files):
            f.drop()
        self._files, self.role = [], None

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
