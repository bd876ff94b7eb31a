"""Private files for app/: the modes of db/private_files.py (0600 files, 0700 folders on POSIX;
on Windows the user's profile ACL), and working folders a later start can tell from live ones.

A working folder (`private_work_dir("caseaudit-package-")`) is a private temp folder holding an
`.in-use` file locked for as long as the folder is used. A program killed mid-work leaves the
folder behind with that file no longer locked (the OS drops the lock with the process), so
app/startup_cleanup.py removes it at the next start — while a folder another running program is
working in stays locked and is left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db.lock import release_file, try_lock_file
from db.private_files import PRIVATE_DIR, PRIVATE_FILE, make_private, open_private, private_dir

__all__ = ["IN_USE", "PRIVATE_DIR", "PRIVATE_FILE", "make_private", "open_private", "private_dir",
           "private_work_dir"]

IN_USE = ".in-use"


@contextmanager
def private_work_dir(prefix: str, *, temp_dir: Path | None = None) -> Iterator[Path]:
    """A new private folder in the temp folder, locked as in use, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=temp_dir))  # mkdtemp: 0700 already
    marker = folder / IN_USE
    os.close(open_private(marker))
    fd = try_lock_file(marker)
    if fd is None:  # pragma: no cover - a brand-new file nobody else knows of
        raise OSError(f"cannot lock {marker}")
    try:
        yield folder
    finally:
        release_file(fd)
        # as TemporaryDirectory does; what cannot be removed now (a file still open on Windows)
        # is an old unlocked folder at the next start, which app/startup_cleanup.py removes
        shutil.rmtree(folder, ignore_errors=True)
