"""What the program writes is readable by the user only, whatever the umask it was started with:
the store and its -wal/-shm and lock files, the data and backup folders it creates, backups,
reports and working folders (0600 / 0700 on POSIX; on Windows the profile's ACL decides)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.backups import make_backup
from app.imports.service import import_file
from app.private_files import private_work_dir
from app.reports.output import atomic_file, atomic_files
from app.store import open_store
from tests.delivery.helpers import write_ledger

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: anything not set explicitly would come out world-writable."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_store_and_everything_beside_it_are_private(tmp_path: Path, open_umask: None) -> None:
    data = tmp_path / "data" / "CaseAudit"
    before = _mode(tmp_path)
    book = write_ledger(tmp_path / "l.xlsx", 50)
    store = open_store(data / "caseaudit.sqlite")
    try:
        import_file(store, "ledger", book, operator="测试")
        with store.session() as s:  # a connection open: -wal and -shm exist
            s.connection().exec_driver_sql("SELECT count(*) FROM ledger_entries").scalar()
            for suffix in ("", "-wal", "-shm", ".lock"):
                side = Path(str(store.path) + suffix)
                assert side.exists() and _mode(side) == 0o600, suffix
        backups = list((data / "backups").iterdir())
        assert backups and all(_mode(b) == 0o600 for b in backups)
        assert _mode(data / "backups") == 0o700
        assert _mode(data) == 0o700 and _mode(data.parent) == 0o700  # both made by us
        manual = make_backup(store, "manual")
        assert _mode(manual) == 0o600
    finally:
        store.close()
    assert _mode(tmp_path) == before  # a folder that existed keeps its own mode


def test_an_existing_store_is_made_private_when_opened(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o777)
    path = folder / "old.sqlite"
    open_store(path).close()
    for suffix in ("", ".lock"):  # as an older version left them
        os.chmod(str(path) + suffix, 0o644)
    open_store(path).close()
    assert _mode(path) == 0o600 and _mode(Path(str(path) + ".lock")) == 0o600
    assert _mode(folder) == 0o777  # the folder a user chose is not ours to change


def test_reports_and_packages_are_written_private(tmp_path: Path, open_umask: None) -> None:
    out = tmp_path / "reports" / "报告.pdf"
    with atomic_file(out) as temp:
        temp.write_bytes(b"%PDF-1.4")
    assert _mode(out) == 0o600
    outs = [tmp_path / "forms" / "a.xlsx", tmp_path / "forms" / "b.xlsx"]
    atomic_files(outs, lambda temps: [t.write_bytes(b"x") for t in temps] and None)
    assert all(_mode(p) == 0o600 for p in outs)


def test_working_folders_are_private(tmp_path: Path, open_umask: None) -> None:
    with private_work_dir("caseaudit-package-", temp_dir=tmp_path) as folder:
        assert _mode(folder) == 0o700 and _mode(folder / ".in-use") == 0o600
    assert not folder.exists()
