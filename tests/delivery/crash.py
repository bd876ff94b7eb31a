"""Kill an import with SIGKILL at random moments and check what is left (used by
tests/delivery/test_crash_kill.py and bench/bench_crash.py).

A child process imports a large ledger workbook into a copy of a store that already holds some
rows. The parent measures one undisturbed run first (when the write transaction starts, when it
has committed), then kills children after delays drawn from a fixed-seed random generator over a
range that spans from before the write transaction to after the commit. After each kill the
store must pass integrity_check and hold exactly the rows from before the import or exactly
those after it — ledger rows, import batches and change-log entries together — with the change
log's hash chain intact.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from app.store import open_store
    from app.imports.service import import_file
    seen = set()
    def progress(done, total, label):
        if label not in seen:
            seen.add(label)
            print("phase", label, flush=True)
    store = open_store(sys.argv[1])
    import_file(store, "ledger", Path(sys.argv[2]), operator="crash", progress=progress)
    print("committed", flush=True)
    time.sleep(60)  # killed here: after the commit
""").format(root=str(ROOT))
WRITE_LABEL = "写入数据库"


@dataclass
class Timing:
    write_starts: float  # seconds after the child was started
    committed: float


@dataclass
class Tally:
    before: int = 0
    after: int = 0
    torn: int = 0
    problems: list[str] = field(default_factory=list)


def _spawn(store: Path, book: Path, *, quiet: bool) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(store), str(book)], cwd=ROOT, text=True,
                            stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
                            stderr=subprocess.DEVNULL if quiet else subprocess.PIPE,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def measure(base: Path, book: Path, work: Path) -> Timing:
    """One undisturbed import: when its write transaction starts and when it has committed."""
    target = _fresh_copy(base, work / "measure")
    start = time.monotonic()
    child = _spawn(target, book, quiet=False)
    write = committed = None
    try:
        assert child.stdout is not None
        for line in child.stdout:
            now = time.monotonic() - start
            if line.startswith("phase " + WRITE_LABEL) and write is None:
                write = now
            elif line.startswith("committed"):
                committed = now
                break
    finally:
        child.kill()
        _, err = child.communicate(timeout=30)
    if write is None or committed is None:
        raise RuntimeError(f"the import did not finish: {err}")
    return Timing(write, committed)


def _fresh_copy(base: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    from db.changelog_key import key_path

    copy = Path(shutil.copy(base, folder / base.name))
    if key_path(base).exists():  # the store's change-log key goes with it (it is never inside the file)
        key_path(copy).parent.mkdir()
        shutil.copy(key_path(base), key_path(copy))
    return copy


def state(path: Path) -> tuple[str, tuple[int, int, int], int | None]:
    """(integrity_check, (ledger rows, import batches, change-log entries), first bad log entry)."""
    from db import changelog
    from db.store import open_store

    con = sqlite3.connect(str(path))  # a plain connection: recovers the WAL as any opener would
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        rows = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("ledger_entries", "import_batches", "change_log"))
    finally:
        con.close()
    store = open_store(path)  # the program's own open: quick_check, version, lock file
    try:
        with store.session() as s:
            bad = changelog.first_bad_entry(s)
    finally:
        store.close()
    return check, rows, bad  # type: ignore[return-value]


def kill_runs(base: Path, book: Path, work: Path, kills: int, *, seed: int = 20190305,
              imported: int, timing: Timing | None = None, log: bool = False) -> Tally:
    """`kills` children killed at random moments; each leaves a store checked against the two
    states allowed. A few more kills are aimed at the side not hit yet, so both occur."""
    timing = timing or measure(base, book, work)
    _, before_rows, _ = state(_fresh_copy(base, work / "before"))
    after_rows = (before_rows[0] + imported, before_rows[1] + 1, before_rows[2] + 1)
    span = timing.committed - timing.write_starts
    lo, hi = max(0.05, timing.write_starts - max(0.4, span)), timing.committed + max(0.25, span / 2)
    rng = random.Random(seed)
    tally = Tally()
    extra = 0
    n = 0
    while n < kills or (extra < 10 and (tally.before == 0 or tally.after == 0)):
        if n >= kills:  # aim at the side that has not occurred yet
            extra += 1
            delay = (rng.uniform(timing.committed + 0.2, hi + 0.5) if tally.after == 0
                     else rng.uniform(lo, timing.write_starts))
        else:
            delay = rng.uniform(lo, hi)
        n += 1
        target = _fresh_copy(base, work / f"kill{n % 3}")
        child = _spawn(target, book, quiet=True)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        check, rows, bad = state(target)
        if check != "ok" or bad is not None or rows not in (before_rows, after_rows):
            tally.torn += 1
            tally.problems.append(f"kill {n} after {delay:.2f}s: integrity={check} rows={rows} bad_entry={bad}")
        elif rows == before_rows:
            tally.before += 1
        else:
            tally.after += 1
        if log:
            print(f"kill {n:3d} at {delay:5.2f}s: {'before' if rows == before_rows else 'after' if rows == after_rows else 'TORN'}",
                  file=sys.stderr, flush=True)
    return tally


def prepare(work: Path, rows: int, *, existing: int = 500) -> tuple[Path, Path]:
    """A store holding `existing` ledger rows, closed cleanly, and a workbook of `rows` more."""
    from app.imports.service import import_file
    from app.store import open_store
    from tests.delivery.helpers import write_ledger

    work.mkdir(parents=True, exist_ok=True)
    base = work / "base" / "caseaudit.sqlite"
    store = open_store(base)
    try:
        import_file(store, "ledger", write_ledger(work / "existing.xlsx", existing, year=2018, seed=1),
                    operator="crash")
    finally:
        store.close()
    shutil.rmtree(base.parent / "backups", ignore_errors=True)
    book = write_ledger(work / "big.xlsx", rows, year=2019, seed=2)
    return base, book
