"""An import into a PostgreSQL store killed with SIGKILL at moments from before its write
transaction to after its commit: the database holds exactly the rows from before the import or
exactly those after it — ledger rows, import batches and change-log entries together — and the
change log verifies. (The SQLite counterpart: tests/delivery/test_crash_kill.py.)

The server sees a killed client's connection drop and rolls its open transaction back; what this
checks is that the program never commits part of an import on its way (one transaction for the
rows, the batch and the log entries)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.delivery.helpers import write_ledger

ROOT = Path(__file__).resolve().parents[2]
ROWS = 8_000
KILLS = 8

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

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


def _state(url: str) -> tuple[tuple[int, int, int], bool]:
    """(ledger rows, import batches, change-log entries), and whether the log verifies."""
    from app.store import open_store
    from db.changelog import first_bad_entry

    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            counts = tuple(int(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() or 0)
                           for t in ("ledger_entries", "import_batches", "change_log"))
        with store.session() as s:
            ok = first_bad_entry(s) is None
    finally:
        store.close()
    return counts, ok  # type: ignore[return-value]


def _run_child(url: str, book: Path, kill_after: float | None) -> tuple[str, float]:
    """Start an import; kill it `kill_after` seconds after its write phase began (None: let it
    commit). Returns what happened and how long the write phase ran before it."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(book)], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    outcome, write_started, ran = "unfinished", 0.0, 0.0
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("phase 写入数据库"):
                write_started = time.monotonic()
            if line.startswith("phase 写入数据库") and kill_after is not None:
                time.sleep(kill_after)
                child.send_signal(signal.SIGKILL)
                outcome = "killed"
                break
            if line.startswith("committed"):
                outcome, ran = "committed", time.monotonic() - write_started
                break
    finally:
        child.kill()
        child.communicate(timeout=60)
    return outcome, ran


def test_killed_imports_leave_postgresql_before_or_after(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.imports.service import import_file
    from app.store import open_store

    url = pg_server.create_database("killed")
    try:
        store = open_store(url)
        try:
            import_file(store, "ledger", write_ledger(tmp_path / "existing.xlsx", 300, year=2018, seed=1),
                        operator="crash")
        finally:
            store.close()
        book = write_ledger(tmp_path / "big.xlsx", ROWS, year=2019, seed=2)
        before, ok = _state(url)
        assert ok and before[0] == 300
        # how long the write phase takes undisturbed, on a copy of the database
        probe = pg_server.create_database("probe")
        try:
            pg_server.admin(f'DROP DATABASE "{probe.rsplit("/", 1)[1]}"')
            pg_server.admin(f'CREATE DATABASE "{probe.rsplit("/", 1)[1]}" TEMPLATE "{url.rsplit("/", 1)[1]}"')
            outcome, span = _run_child(probe, book, None)
            assert outcome == "committed" and span > 0
        finally:
            pg_server.drop_database(probe)
        rng = random.Random(20191105)
        seen = {"before": 0, "after": 0}
        # from the start of the write phase to a little past its commit, earliest first: once the
        # import has landed, the same file again adds nothing
        for delay in sorted(rng.uniform(0.0, span * 1.3) for _ in range(KILLS)):
            outcome, _ = _run_child(url, book, delay)
            counts, ok = _state(url)
            assert ok, f"change log broken after a kill at {delay:.2f}s"
            if counts == before:
                seen["before"] += 1
            else:
                assert outcome in ("killed", "committed")
                assert counts[0] == before[0] + ROWS and counts[1] == before[1] + 1, (
                    f"torn import after a kill at {delay:.2f}s: {counts} (before {before})")
                seen["after"] += 1
                break  # the file is in the store now: a second import of it adds nothing
        assert seen["before"] > 0, seen  # at least one kill landed inside the write transaction
    finally:
        pg_server.drop_database(url)
