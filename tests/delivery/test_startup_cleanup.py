"""Leftovers of a killed program are removed at the next start — only ours, and only those no
running program is using (two programs may be running at once)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import app.startup_cleanup as cleanup
from app.startup_cleanup import STALE_SECONDS, clean_backup_partials, clean_restore_leftovers, clean_work_dirs
from app.store import open_store, open_store_for_gui

ROOT = Path(__file__).resolve().parents[2]
OLD = time.time() - STALE_SECONDS - 60


def _old(path: Path) -> Path:
    os.utime(path, (OLD, OLD))
    return path


def _spawn(code: str) -> subprocess.Popen[str]:
    """A child that prints "ready" when it got where the test wants it, then sleeps."""
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_working_folder_of_a_killed_program_is_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    code = f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from app.private_files import private_work_dir
        with private_work_dir("caseaudit-package-", temp_dir=Path({str(tmp_path)!r})) as d:
            (d / "data.json").write_text("{{}}")
            print(d.name); print("ready", flush=True); time.sleep(60)
    """
    killed = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT)
    live = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    try:
        assert killed.stdout is not None and live.stdout is not None
        dead_dir, live_dir = tmp_path / killed.stdout.readline().strip(), tmp_path / live.stdout.readline().strip()
        assert killed.stdout.readline().strip() == "ready" and live.stdout.readline().strip() == "ready"
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        assert dead_dir.exists()  # a kill runs no clean-up
        _old(live_dir)  # even an old-looking folder is kept while its program runs
        assert clean_work_dirs(tmp_path) == [dead_dir]
        assert not dead_dir.exists() and (live_dir / "data.json").exists()
    finally:
        for c in (killed, live):
            c.kill()
            c.wait(timeout=30)


def test_folders_without_a_lock_go_only_when_old_and_only_ours(tmp_path: Path) -> None:
    old = tmp_path / "caseaudit-package-old"
    (old / "forms").mkdir(parents=True)
    _old(old / "forms")
    _old(old)
    fresh = tmp_path / "caseaudit-package-fresh"
    fresh.mkdir()
    touched = tmp_path / "caseaudit-package-touched"  # old folder, but a file in it just changed
    touched.mkdir()
    (touched / "report.pdf").write_bytes(b"%PDF")
    _old(touched)
    other = tmp_path / "something-else"
    other.mkdir()
    _old(other)
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "caseaudit-package-link"
    link.symlink_to(target)
    os.utime(link, (OLD, OLD), follow_symlinks=False)
    assert clean_work_dirs(tmp_path) == [old]
    assert fresh.exists() and touched.exists() and other.exists() and link.is_symlink() and target.exists()


def test_half_written_backups_go_when_old_and_of_this_store(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = folder / "caseaudit.20240105-101010.import.sqlite.partial"
    stale.write_bytes(b"x")
    _old(stale)
    journal = folder / "caseaudit.20240105-101010.import.sqlite.partial-journal"
    journal.write_bytes(b"x")
    _old(journal)
    live = folder / "caseaudit.20240105-101011.manual.sqlite.partial"
    live.write_bytes(b"x")  # being written right now by another program
    foreign = folder / "other.20240105-101010.import.sqlite.partial"
    foreign.write_bytes(b"x")
    _old(foreign)
    finished = folder / "caseaudit.20240105-101009.import.sqlite"
    finished.write_bytes(b"x")
    _old(finished)
    assert sorted(clean_backup_partials([folder], "caseaudit")) == sorted([stale, journal])
    assert live.exists() and foreign.exists() and finished.exists()


def test_restore_leftovers_go_only_when_no_other_program_holds_the_store(tmp_path: Path) -> None:
    path = tmp_path / "caseaudit.sqlite"
    open_store(path).close()
    holder = _spawn(f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from app.store import open_store_for_gui
        s = open_store_for_gui({str(path)!r}); print("ready", flush=True); time.sleep(60)
    """)
    leftovers = [Path(str(path) + ".restoring.partial"), Path(str(path) + ".restoring")]
    for p in leftovers:  # as a restore by the holder would have them now
        p.write_bytes(b"half a store")
    store = open_store(path)
    try:
        assert clean_restore_leftovers(store) == []  # perhaps it is restoring right now
        assert all(p.exists() for p in leftovers)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    try:
        assert sorted(clean_restore_leftovers(store)) == sorted(leftovers)
        assert not any(p.exists() for p in leftovers) and not store.lock.held
    finally:
        store.close()


def test_opening_the_store_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The start (the window's open, a command's open) runs the clean-up once per process."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(cleanup.tempfile, "gettempdir", lambda: str(temp))
    monkeypatch.setattr(cleanup, "_done", set())
    path = tmp_path / "caseaudit.sqlite"
    from db.store import open_store as open_db_store

    open_db_store(path).close()  # made without the clean-up
    package = temp / "caseaudit-package-x1"
    package.mkdir()
    _old(package)
    partial = Path(str(path) + ".restoring.partial")
    partial.write_bytes(b"x")
    backup = tmp_path / "backups" / "caseaudit.20240105-101010.auto.sqlite.partial"
    backup.parent.mkdir(exist_ok=True)
    backup.write_bytes(b"x")
    _old(backup)
    store = open_store_for_gui(path)
    store.close()
    assert not package.exists() and not partial.exists() and not backup.exists()
    package.mkdir()
    _old(package)
    open_store(path).close()
    assert package.exists()  # once per process: a long-running window does not scan again
