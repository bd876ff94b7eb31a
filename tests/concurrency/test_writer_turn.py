"""An import and an audit at the same time take turns on the store's writer lock; the one that
waits says what it waits for, and the one refused after the wait names what holds the store.
The holder is a real second process (flock locks are per open file, so one process could fake
it, but a process is what an office has)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import db.lock
from app.audit.service import run_audit
from app.errors import StoreLockedError
from app.records import service
from app.store import Store, open_store
from app.writer_turn import holder_of, set_wait_notice, turn

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the holder's timing is tested on POSIX")

HOLDER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from app.store import open_store
    from app.writer_turn import turn
    path, what, ready, release = sys.argv[1:]
    store = open_store(path)
    with turn(store, what):
        Path(ready).touch()
        while not os.path.exists(release):
            time.sleep(0.01)
    store.close()
""").format(root=str(ROOT))


class Holder:
    """A second program holding the store's lock for `what` until released."""

    def __init__(self, path: Path, what: str, tmp: Path) -> None:
        self.ready, self.release_file = tmp / f"ready-{what}", tmp / f"release-{what}"
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), what, str(self.ready),
                                      str(self.release_file)], cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not self.ready.exists():
            assert self.proc.poll() is None, self.proc.communicate()
            assert time.monotonic() < deadline, "the holder did not start"
            time.sleep(0.01)

    def release(self) -> None:
        self.release_file.touch()

    def finish(self) -> None:
        self.release()
        _out, err = self.proc.communicate(timeout=60)
        assert self.proc.returncode == 0, err


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "office.sqlite")
    service.save(store, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "甲"})
    yield store
    store.close()


@pytest.fixture
def notices() -> Iterator[list[str]]:
    said: list[str] = []
    set_wait_notice(said.append)
    yield said
    set_wait_notice(None)


def test_an_audit_waits_for_an_import_and_says_so(office: Store, tmp_path: Path, notices: list[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.lock, "WRITE_WAIT_SECONDS", 30.0)
    holder = Holder(office.path, "导入", tmp_path)
    try:
        def progress(_done: int, _total: int, _label: str) -> None:
            assert notices, "the audit started writing before it said it waited"

        threading.Timer(0.5, holder.release).start()  # the import ends while the audit waits
        started = time.monotonic()
        result = run_audit(office, progress=progress)
        assert time.monotonic() - started >= 0.4  # it did wait its turn
    finally:
        holder.finish()
    assert notices == ["正在等待另一个程序的导入完成…"]
    assert result.as_of is not None


def test_the_one_refused_after_the_wait_names_what_holds_the_store(office: Store, tmp_path: Path,
                                                                   notices: list[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.lock, "WRITE_WAIT_SECONDS", 0.3)
    holder = Holder(office.path, "倒查", tmp_path)
    try:
        with pytest.raises(StoreLockedError) as refused, turn(office, "导入"):
            pytest.fail("the import ran while the audit held the store")
    finally:
        holder.finish()
    message = refused.value.message
    assert "另一个程序的倒查" in message and "导入未开始" in message and "未作任何改动" in message
    assert notices == ["正在等待另一个程序的倒查完成…"]


def test_an_import_waits_on_the_command_line_on_stderr(office: Store, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.lock, "WRITE_WAIT_SECONDS", 0.3)
    holder = Holder(office.path, "倒查", tmp_path)
    try:
        with pytest.raises(StoreLockedError), turn(office, "导入"):
            pass
    finally:
        holder.finish()
    assert "正在等待另一个程序的倒查完成…" in capsys.readouterr().err


def test_a_window_holding_the_store_refuses_at_once(tmp_path: Path, notices: list[str]) -> None:
    from app.store import open_store_for_gui

    window = open_store_for_gui(tmp_path / "office.sqlite")
    other = open_store(tmp_path / "office.sqlite", auto_backup=False)
    try:
        started = time.monotonic()
        with pytest.raises(StoreLockedError, match="另一个窗口"), turn(other, "倒查"):
            pass
        assert time.monotonic() - started < 5 and notices == []  # nobody waits for a window
    finally:
        other.close()
        window.close()


def test_after_a_turn_the_lock_is_free_for_the_next(office: Store) -> None:
    with turn(office, "导入"):
        assert office.lock.held and db.lock.read_role(office.lock.path) == "导入"
    assert not office.lock.held
    with turn(office, "倒查"), office.writing() as s:  # a short write inside the turn does not take the lock again
        assert s is not None


@pytest.mark.parametrize("role,said", [("session", "另一个窗口"), ("write", "另一个程序的写入"), (None, "另一个程序的写入"),
                                       ("导入", "另一个程序的导入")])
def test_the_holder_as_a_clerk_reads_it(role: str | None, said: str) -> None:
    assert holder_of(role) == said
