"""One writer per store: an OS file lock beside the database, released when the process dies.

`flock`/`LockFileEx` locks belong to the open file description, so a killed process can never
leave a stale lock behind (unlike a pid file).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from db.errors import StoreLockedError


class StoreLock:
    """A non-blocking exclusive lock on `<store>.lock`."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(str(store_path) + ".lock")
        self._fh: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> None:
        if self._fh is not None:
            return
        fh = open(self.path, "a+b")  # noqa: SIM115 - kept open for the lock's lifetime
        try:
            _lock(fh)
        except OSError:
            fh.close()
            raise StoreLockedError(
                f"数据库 {self.path.with_suffix('')} 正由另一个程序（或另一个窗口）使用，"
                "同一时间只能有一个程序写入。请先关闭另一个程序再试。"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        _unlock(self._fh)
        self._fh.close()
        self._fh = None

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fh: IO[bytes]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh: IO[bytes]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
