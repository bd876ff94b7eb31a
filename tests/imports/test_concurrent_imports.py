"""Two real processes importing into one store at the same moment: nothing is duplicated, nothing
is lost, nobody sees a traceback.

Each child is a `caseaudit import` run (app.cli.main) that loads its modules first, says it is
ready, and then waits for a barrier file, so both start their import within a millisecond of each
other: both read their file at the same time and reach the store's checks together — the moment
that used to race. The parent then reads the store back with a plain SQLite connection.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.delivery.helpers import write_ledger

ROOT = Path(__file__).resolve().parents[2]
PREFILL = 6000  # rows already in the store: its pre-import backup takes a while, widening the race
SHARED = 3000  # rows both files "a" and "b" carry
EXTRA = 500  # rows only one of them carries (so both take the same time to read)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="hard links and timings are tested on POSIX")

CHILD = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from pathlib import Path
    import db.lock
    from app.cli.main import main
    import app.imports.service, app.imports.reading  # loaded before the barrier: both start alike
    ready, barrier, wait, *argv = sys.argv[1:]
    db.lock.WRITE_WAIT_SECONDS = float(wait)
    Path(ready).touch()
    while not os.path.exists(barrier):
        time.sleep(0.001)
    sys.exit(main(argv))
""").format(root=str(ROOT))


@dataclass
class Run:
    code: int
    out: str
    err: str


def _together(tmp: Path, *argvs: list[str], wait: float = 60.0) -> list[Run]:
    """Run one `caseaudit` per argv, all released at once by a barrier file."""
    barrier = tmp / f"go-{time.monotonic_ns()}"
    readies = [tmp / f"{barrier.name}.ready{i}" for i in range(len(argvs))]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(r), str(barrier), str(wait), *argv], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                for r, argv in zip(readies, argvs, strict=True)]
    try:
        deadline = time.monotonic() + 60
        while not all(r.exists() for r in readies):
            assert time.monotonic() < deadline, "the children did not start"
            assert all(c.poll() is None for c in children), [c.communicate() for c in children]
            time.sleep(0.01)
        barrier.touch()
        runs = []
        for c in children:
            out, err = c.communicate(timeout=180)
            runs.append(Run(c.returncode, out, err))
        return runs
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()


def _counts(path: Path) -> tuple[int, int, str]:
    """(ledger rows, import batches, integrity_check) through a plain connection."""
    con = sqlite3.connect(str(path))
    try:
        return (con.execute("SELECT count(*) FROM ledger_entries").fetchone()[0],
                con.execute("SELECT count(*) FROM import_batches").fetchone()[0],
                con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def _no_traceback(*runs: Run) -> None:
    for run in runs:
        assert "Traceback" not in run.err, run.err


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A store already holding PREFILL rows, and ledger files to import into copies of it."""
    from app.imports.service import import_file
    from app.store import open_store

    work = tmp_path_factory.mktemp("concurrent")
    base = work / "base.sqlite"
    store = open_store(base)
    try:
        import_file(store, "ledger", write_ledger(work / "prefill.xlsx", PREFILL, first=100_000, year=2018),
                    operator="测试")
    finally:
        store.close()
    for name in ("base.sqlite-wal", "base.sqlite-shm"):
        assert not (work / name).exists()
    shutil.rmtree(work / "backups")
    shared = _rows(write_ledger(work / "shared.xlsx", SHARED))
    return {
        "base": base,
        "a": _join(work / "a.xlsx", shared, _rows(write_ledger(work / "ea.xlsx", EXTRA, first=20_000, seed=5))),
        "b": _join(work / "b.xlsx", shared, _rows(write_ledger(work / "eb.xlsx", EXTRA, first=30_000, seed=6))),
        "short": write_ledger(work / "short.xlsx", SHARED),
        "other": write_ledger(work / "other.xlsx", SHARED, first=50_000, seed=3),
    }


def _rows(path: Path) -> list[tuple[object, ...]]:
    """The data rows of a write_ledger workbook (without its title, header and total rows)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb.active.iter_rows(min_row=3, values_only=True)][:-1]
    finally:
        wb.close()


def _join(path: Path, *parts: list[tuple[object, ...]]) -> Path:
    """A ledger workbook laid out as write_ledger's, holding the given data rows in order."""
    import openpyxl

    from tests.delivery.helpers import HEADER

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("处罚台账")
    ws.append(["某市水务局行政处罚台账（2019年）"])
    ws.append(HEADER)
    for part in parts:
        for row in part:
            ws.append(list(row))
    ws.append(["合计"])
    wb.save(path)
    return path


def _store(books: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(books["base"], tmp_path / "store.sqlite"))


def _import(store: Path, book: Path, *extra: str) -> list[str]:
    return ["--db", str(store), "--operator", "测试", "import", "ledger", str(book), *extra]


def test_two_files_with_the_same_records_are_not_both_written(books: dict[str, Path], tmp_path: Path) -> None:
    store = _store(books, tmp_path)
    runs = _together(tmp_path, _import(store, books["a"], "--skip-invalid"),
                     _import(store, books["b"], "--skip-invalid"))
    _no_traceback(*runs)
    assert [r.code for r in runs] == [0, 0], [r.err for r in runs]
    rows, batches, check = _counts(store)
    assert check == "ok"
    assert rows == PREFILL + SHARED + 2 * EXTRA  # the shared rows once, not twice
    # whichever came second found every shared row already stored and said so
    assert sum("已存在于数据库" in r.out for r in runs) == 1, [r.out for r in runs]
    assert batches == 3


def test_the_second_strict_import_of_the_same_records_is_refused(books: dict[str, Path], tmp_path: Path) -> None:
    store = _store(books, tmp_path)
    runs = _together(tmp_path, _import(store, books["a"]), _import(store, books["b"]))
    _no_traceback(*runs)
    assert sorted(r.code for r in runs) == [0, 2], [r.err for r in runs]
    refused = next(r for r in runs if r.code == 2)
    assert "导入被拒绝" in refused.err and "已存在于数据库" in refused.err  # refused for the duplicates ...
    assert "正由另一个程序" not in refused.err  # ... after waiting its turn, not for the lock
    assert _counts(store) == (PREFILL + SHARED + EXTRA, 2, "ok")


def test_the_same_file_twice_at_once_is_imported_once(books: dict[str, Path], tmp_path: Path) -> None:
    store = _store(books, tmp_path)
    runs = _together(tmp_path, _import(store, books["a"]), _import(store, books["a"]))
    _no_traceback(*runs)
    assert [r.code for r in runs] == [0, 0], [r.err for r in runs]
    assert sum("已导入过" in r.out for r in runs) == 1, [r.out for r in runs]
    assert _counts(store) == (PREFILL + SHARED + EXTRA, 2, "ok")


def test_two_imports_in_the_same_second_each_get_their_own_backup(books: dict[str, Path], tmp_path: Path) -> None:
    from app.backups import list_backups, verify_backup

    store = _store(books, tmp_path)
    runs = _together(tmp_path, _import(store, books["short"]), _import(store, books["other"]))
    _no_traceback(*runs)
    assert [r.code for r in runs] == [0, 0], [r.err for r in runs]
    assert _counts(store) == (PREFILL + 2 * SHARED, 3, "ok")
    # each import made its own backup, and the rotation keeps both (one per import within the
    # daily days): the newest is the store as it was between the two imports, the other before both
    between, before = [b for b in list_backups(store) if b.reason == "import"]
    assert verify_backup(between.path).ok and verify_backup(before.path).ok
    assert _counts(between.path) == (PREFILL + SHARED, 2, "ok")
    assert _counts(before.path) == (PREFILL, 1, "ok")
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_a_hard_link_to_the_store_shares_its_lock(books: dict[str, Path], tmp_path: Path) -> None:
    """Two names for one file: an import through each at the same moment; both imports stay."""
    for attempt in range(3):  # the race used to lose an import in most runs; three in a row must hold
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        store = Path(shutil.copy(books["base"], folder / "store.sqlite"))
        other = folder / "alias.sqlite"
        os.link(store, other)
        runs = _together(folder, _import(store, books["short"]), _import(other, books["other"]))
        _no_traceback(*runs)
        assert [r.code for r in runs] == [0, 0], [r.err for r in runs]
        for name in (store, other):
            assert _counts(name) == (PREFILL + 2 * SHARED, 3, "ok"), attempt


def test_a_store_held_by_a_window_refuses_an_import_at_once(books: dict[str, Path], tmp_path: Path) -> None:
    store = _store(books, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from app.store import open_store_for_gui
        s = open_store_for_gui({str(store)!r}); print("held", flush=True); time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        [run] = _together(tmp_path, _import(store, books["short"]), wait=60.0)
        assert time.monotonic() - start < 30  # no waiting for a window that may stay open all day
    finally:
        holder.kill()
        holder.wait(timeout=30)
    _no_traceback(run)
    assert run.code == 2
    assert "正由另一个程序" in run.err and "同一时间只能有一个程序" in run.err
    assert _counts(store)[:2] == (PREFILL, 1)


def test_an_import_waits_for_another_write_but_not_for_ever(books: dict[str, Path], tmp_path: Path) -> None:
    """A short write by another process is waited for; one that outlasts the wait is refused with a
    Chinese message (exit 2), the store untouched."""
    store = _store(books, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from app.store import open_store
        s = open_store({str(store)!r})
        with s.writing():
            print("held", flush=True); time.sleep(float(sys.stdin.readline()))
        print("released", flush=True); time.sleep(60)
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        [run] = _together(tmp_path, _import(store, books["short"]), wait=1.5)
        waited = time.monotonic() - start
        holder.stdin.write("2\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.communicate(timeout=30)  # reaps it and closes its pipes
    _no_traceback(run)
    assert run.code == 2 and waited >= 1.5
    assert "正由另一个程序" in run.err and "1.5 秒" in run.err
    assert _counts(store)[:2] == (PREFILL, 1)
    # a write that ends within the wait is simply waited for
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from app.store import open_store
        s = open_store({str(store)!r})
        with s.writing():
            print("held", flush=True); time.sleep(1.0)
    """)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        [run] = _together(tmp_path, _import(store, books["short"]), wait=30.0)
    finally:
        holder.communicate(timeout=30)  # reaps it and closes its pipe
    _no_traceback(run)
    assert run.code == 0, run.err
    assert _counts(store)[:2] == (PREFILL + SHARED, 2)
