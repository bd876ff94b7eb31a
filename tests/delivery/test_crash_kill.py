"""An import killed with SIGKILL at random moments — from before its write transaction to after
its commit — leaves a store that passes integrity_check and holds exactly the rows from before
the import or exactly those after it (ledger rows, import batch and change-log entry together,
the hash chain intact). bench/bench_crash.py runs the same with 200 kills."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.delivery.crash import kill_runs, measure, prepare, state

ROWS = 30_000
KILLS = 24

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    work = tmp_path_factory.mktemp("crash")
    base, book = prepare(work, ROWS)
    return work, base, book


def test_an_undisturbed_import_adds_every_row(prepared: tuple[Path, Path, Path]) -> None:
    work, base, book = prepared
    timing = measure(base, book, work)
    assert 0 < timing.write_starts < timing.committed
    check, rows, bad = state(work / "measure" / base.name)
    assert check == "ok" and bad is None and rows[0] == 500 + ROWS


def test_killed_imports_leave_all_or_nothing(prepared: tuple[Path, Path, Path]) -> None:
    work, base, book = prepared
    tally = kill_runs(base, book, work, KILLS, imported=ROWS)
    print(f"kills {tally.before + tally.after + tally.torn}: before {tally.before}, after {tally.after}, "
          f"torn {tally.torn}")
    assert tally.torn == 0, tally.problems
    assert tally.before > 0 and tally.after > 0  # the kills landed on both sides of the commit
    assert tally.before + tally.after >= KILLS
