"""Benchmark: the command line's cold start against a bare `python -c "import sqlalchemy"`.

    .venv/bin/python bench/bench_cli.py [--root TREE] [--runs N]

Each timing is the median of N fresh interpreters (default 10), the three commands interleaved
so a busy machine slows them alike: the baseline `python -c "import sqlalchemy"`,
`python TREE/main.py --version` and `python TREE/main.py --db STORE summary` on a small store the
bench makes in a temporary folder (demo data, 60 cases). `--root` measures another checkout (an
older layout, say) with the same baseline. The last line is the larger ratio (target ≤ 1.5).

Every interpreter reads compiled bytecode, as an installed program does (pip and PyInstaller
compile it): PYTHONDONTWRITEBYTECODE is dropped and the .pyc files go to a temporary
PYTHONPYCACHEPREFIX, written by one warm-up run of each command.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _seconds(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose main.py is measured")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args(argv)
    root = args.root.resolve()
    main_py = str(root / "main.py")
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        store = Path(tmp) / "small.sqlite"
        _seconds([python, main_py, "--db", str(store), "demo", "--size", "60"], root, env)
        commands = {
            "baseline": [python, "-c", "import sqlalchemy"],
            "version": [python, main_py, "--version"],
            "summary": [python, main_py, "--db", str(store), "summary"],
        }
        for cmd in commands.values():  # warm the OS file cache and the .pyc files once
            _seconds(cmd, root, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(_seconds(cmd, root, env))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"tree: {root}")
    print(f"python -c 'import sqlalchemy': {median['baseline'] * 1000:.0f} ms (median of {args.runs})")
    ratios = {}
    for name in ("version", "summary"):
        ratios[name] = median[name] / median["baseline"]
        print(f"caseaudit {name}: {median[name] * 1000:.0f} ms = {ratios[name]:.2f}× the baseline")
    print(f"{max(ratios.values()):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
