"""Files and folders only their owner can read: the store and SQLite's -wal/-shm beside it, the
lock files, backups, reports and packages (app/private_files.py re-exports these for app/).

On POSIX the modes are set explicitly — 0600 for files, 0700 for folders — so they do not depend
on the umask the program was started with: a file we create is opened with `os.open(..., 0o600)`
(a umask can only take bits away) and then `fchmod`-ed, in case the umask took away the owner's
own bits; one that SQLite or another library created is `chmod`-ed right after. SQLite creates
-wal and -shm with the mode of the database file, so a private store gets private side files.
A folder is made private only when we create it: the folder a user chose for a store or a
report (their Documents, a USB stick, /tmp) keeps whatever mode it had.

On Windows the mode bits mean nothing (`os.chmod` only sets the read-only flag), so nothing is
changed there: the data, configuration and temp folders are in the user's profile, whose ACL
already grants access only to the user, SYSTEM and the administrators.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PRIVATE_DIR", "PRIVATE_FILE", "make_private", "open_private", "private_dir"]

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = os.name == "posix"


def open_private(path: Path, flags: int = os.O_RDWR) -> int:
    """Open (creating if needed, mode 0600) `path` and return the descriptor. An existing file of
    ours is made 0600 too; one owned by someone else is left as it is."""
    fd = os.open(path, flags | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    if POSIX:
        try:
            if os.fstat(fd).st_uid == os.geteuid():
                os.fchmod(fd, PRIVATE_FILE)
        except BaseException:
            os.close(fd)
            raise
    return fd


def make_private(path: Path | str) -> Path:
    """chmod 0600 (a file) or 0700 (a folder) when it exists and is ours; returns the path."""
    path = Path(path)
    if not POSIX:
        return path
    try:
        st = path.stat()
    except FileNotFoundError:
        return path
    if st.st_uid == os.geteuid():
        os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
    return path


def private_dir(folder: Path) -> Path:
    """The folder, created if missing — each folder created here (not those that existed) 0700."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    for created in reversed(missing):
        make_private(created)
    return folder
