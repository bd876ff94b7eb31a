"""Crash benchmark: 200 imports killed with SIGKILL at random moments (tests/delivery/crash.py).

    .venv/bin/python bench/bench_crash.py [--kills N] [--rows N] [--seed S] [--verbose]

Each kill must leave a store that passes integrity_check and holds exactly the rows from before
the import or exactly those after it. The last line is `kills N: before B, after A, torn T`
(torn must be 0); the exit status is 1 when any store was torn.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.delivery.crash import kill_runs, measure, prepare  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=20190305)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caseaudit-crash-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        base, book = prepare(work, args.rows)
        timing = measure(base, book, work)
        print(f"workbook of {args.rows} rows; an undisturbed import writes from {timing.write_starts:.2f} s "
              f"and has committed at {timing.committed:.2f} s after the child starts")
        tally = kill_runs(base, book, work, args.kills, seed=args.seed, imported=args.rows, timing=timing,
                          log=args.verbose)
        for problem in tally.problems:
            print("TORN:", problem)
        print(f"{time.perf_counter() - t0:.0f} s in all")
        total = tally.before + tally.after + tally.torn
        print(f"kills {total}: before {tally.before}, after {tally.after}, torn {tally.torn}")
    return 1 if tally.torn else 0


if __name__ == "__main__":
    sys.exit(main())
