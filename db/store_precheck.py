"""A store's quick_check started early, on another thread, while the program is still starting.

Opening a SQLite store checks it first (PRAGMA quick_check: db/store.py check_store) — on a store
of 100,000 cases that reads the whole file, 0.15 s; on a million, seconds. A command spends its
first third of a second importing SQLAlchemy, the models and its services, and SQLite runs the
check without the interpreter lock. So the command line starts the check as soon as it knows
which store the command names (`start`), and `check_store` then takes that result (`take`)
instead of checking again.

The result is only taken for the very file that was checked: the store file and its -wal must
still be the same (device, inode, size, modification time) when it is taken; a store changed in
between is checked again, so a check never vouches for anything but what it read. A check that
is never taken (the command did not open the store) ends with the process: the thread is not a
daemon, so the interpreter waits for it rather than leaving SQLite mid-read.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from db.backup import check_file

Identity = tuple[tuple[int, int, int, int], tuple[int, int] | None]


def _identity(path: Path) -> Identity | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    try:
        wal = os.stat(str(path) + "-wal")
        wal_id: tuple[int, int] | None = (wal.st_size, wal.st_mtime_ns)
    except OSError:
        wal_id = None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns), wal_id


class _Check:
    def __init__(self, path: Path, identity: Identity) -> None:
        self.path, self.identity = path, identity
        self.detail: str | None = None
        self.thread = threading.Thread(target=self._run, name="store-check")

    def _run(self) -> None:
        self.detail = check_file(self.path, quick=True)  # its own read-only connection, on this thread

    def result(self) -> str | None:
        self.thread.join()
        return self.detail


_CHECKS: dict[Path, _Check] = {}


def start(path: Path | str) -> None:
    """Begin checking the store file at `path` (a file that exists; anything else is left to
    open_store, which says what is wrong)."""
    where = Path(path).expanduser().resolve()
    identity = _identity(where)
    if identity is None or identity[0][2] == 0 or not where.is_file():
        return
    old = _CHECKS.pop(where, None)
    if old is not None:
        old.thread.join()
    check = _CHECKS[where] = _Check(where, identity)
    check.thread.start()


def take(path: Path) -> str | None:
    """The early check's result for `path` ('ok' or what is wrong), or None when there is none
    for the file as it is now (never started, or the file changed since)."""
    check = _CHECKS.pop(Path(path), None)
    if check is None:
        return None
    detail = check.result()
    if _identity(check.path) != check.identity:
        return None  # changed while or since it was checked: check it again
    return detail
