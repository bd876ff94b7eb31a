"""Benchmark: the whole `caseaudit audit run` process against the core reconciliation written as
plain SQL over the same store, in the same run (issue 12 point 6).

    .venv/bin/python bench/bench_audit.py [--sizes 100000,1000000]

For each size N the store holds N cases (one or two officers each), N ledger rows and about N
receipts, with planted discrepancies; stores are generated once, in SQL (`WITH RECURSIVE`), and
cached under bench/out/. Each audit runs as a child process (`python main.py --db COPY audit run
--as-of …`) on a fresh copy, so its time includes start-up, loading, every rule, writing the
findings and printing them; its peak RSS is the child's own (wait4). The baseline is the seven
plain queries behind RECEIPT_NOT_IN_LEDGER, the two AMOUNT_MISMATCHes, LEDGER_WITHOUT_CASE,
CASE_NOT_IN_LEDGER, RECEIPT_NUMBER_GAP and DECISION_OVERDUE, run on the same store (best of three).

Each size is measured `--runs` times (default 3), the baseline and the audit in turn on the same
fresh copy, and the figures printed are the medians, the ratio the median of the rounds' own
ratios: one slow or one lucky round on a shared machine does not move them.

The child reads compiled bytecode, as the installed program does (PyInstaller and pip compile
it): PYTHONDONTWRITEBYTECODE is dropped and the .pyc files go to a temporary PYTHONPYCACHEPREFIX,
written by the warm-up run. (With the variable set, every run compiled ~120 modules: ~0.1 s.)

Targets: `ratio audit/sql` ≤ 10 at 100k; `ratio 1M/100k` ≤ 12 and the 1M run under 2 GB.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit_store import generate  # noqa: E402  (bench/ is the script's folder)

OUT = ROOT / "bench" / "out"
AS_OF = "2025-06-30"

# The core reconciliation as one would write it by hand: anti-joins, joins and a window.
BASELINE = {
    "RECEIPT_NOT_IN_LEDGER": """SELECT r.id FROM receipts r WHERE NOT r.voided
        AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.receipt_key = r.receipt_key)""",
    "RECEIPT_AMOUNT_MISMATCH": """SELECT r.id, l.id FROM receipts r
        JOIN ledger_entries l ON l.receipt_key = r.receipt_key WHERE NOT r.voided AND l.fine_fen <> r.amount_fen""",
    "LEDGER_AMOUNT_MISMATCH": """SELECT l.id, c.id FROM ledger_entries l
        JOIN cases c ON c.case_key = l.case_key WHERE l.fine_fen <> c.fine_fen""",
    "LEDGER_WITHOUT_CASE": """SELECT l.id FROM ledger_entries l
        WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_key = l.case_key)""",
    "CASE_NOT_IN_LEDGER": """SELECT c.id FROM cases c WHERE c.fine_fen > 0
        AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.case_key = c.case_key)""",
    "RECEIPT_NUMBER_GAP": """SELECT * FROM (SELECT series, number,
        LEAD(number) OVER (PARTITION BY series ORDER BY number) AS next_number FROM receipts
        WHERE number IS NOT NULL) WHERE next_number - number > 1""",
    "DECISION_OVERDUE": """SELECT id FROM cases
        WHERE julianday(decided_on) - julianday(filed_on) > 90""",
}


def store_of(n: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / f"audit_v3_{n}.sqlite"
    if not cached.exists():
        start = time.perf_counter()
        generate(cached, n)
        print(f"{_label(n)}: store generated in {time.perf_counter() - start:.1f} s", flush=True)
    return cached


def fresh_copy(cached: Path) -> Path:
    work = cached.with_suffix(".run.sqlite")
    for p in cached.parent.glob(work.name + "*"):
        p.unlink()
    shutil.copyfile(cached, work)
    return work


@dataclass
class Timing:
    wall: float  # seconds
    cpu: float  # seconds of user + system time: what the run itself cost on a shared machine


def baseline_sql(path: Path) -> tuple[Timing, dict[str, int]]:
    """The seven queries, fetching every row; best of three (the file is in the OS cache by then,
    as it is for the audit)."""
    con = sqlite3.connect(path)
    try:
        best, counts = Timing(float("inf"), float("inf")), {}
        for _ in range(3):
            start, cpu = time.perf_counter(), time.process_time()
            counts = {name: len(con.execute(sql).fetchall()) for name, sql in BASELINE.items()}
            best = Timing(min(best.wall, time.perf_counter() - start), min(best.cpu, time.process_time() - cpu))
        return best, counts
    finally:
        con.close()


PYCACHE = Path(tempfile.mkdtemp(prefix="bench-audit-pycache-"))


def audit_process(path: Path) -> tuple[Timing, int]:
    """Wall time and peak RSS (bytes) of one `main.py audit run` child; its output is discarded."""
    cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(path), "audit", "run", "--as-of", AS_OF]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"audit run failed ({proc.returncode}):\n{err.decode(errors='replace')[-2000:]}")
    return Timing(elapsed, usage.ru_utime + usage.ru_stime), usage.ru_maxrss * 1024  # Linux: kilobytes


def findings_of(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT COUNT(*) FROM findings").fetchone()[0])
    finally:
        con.close()


def stage_times(path: Path) -> list[tuple[str, float]]:
    """CPU seconds of each stage of one audit run in this process, on a fresh copy of `path`:
    importing the audit, loading the case files, each rule (summed by its progress label, in the
    rule book's order), deduplicating and saving the findings. What `run_audit` does, but one
    step after another — the rules one at a time, the findings saved at the end — so that each
    stage's CPU is its own (a run overlaps the rules' lanes and the writing: app/audit/lanes.py);
    without the CLI around it, and with the store's modules imported already by the bench, so
    "start" here is the audit's own."""
    work = fresh_copy(path)
    cpu = time.process_time()
    from datetime import datetime

    from app.audit import calendar_service, law_settings, load, persist
    from app.audit.model import Draft, dedupe
    from app.audit.registry import RULES
    from app.audit.rule import RunInputs
    from app.audit.rules_discretion import DEFAULT_FACTOR
    from app.store import open_store

    stages: dict[str, float] = {"start (imports)": time.process_time() - cpu}
    cpu = time.process_time()  # the next stage starts here, not again from before the imports

    def lap(name: str) -> None:
        nonlocal cpu
        now = time.process_time()
        stages[name] = stages.get(name, 0.0) + now - cpu
        cpu = now

    store = open_store(work, auto_backup=False)
    gc.disable()  # as run_audit does
    try:
        with store.writing() as s:
            lap("opening the store")
            data = load.load_all(s)
            calendar, office = calendar_service.calendar_for(s), law_settings.office_rules_in(s)
            lap("loading")
            run = RunInputs(data, calendar, date.fromisoformat(AS_OF), DEFAULT_FACTOR, office, s.connection())
            drafts: list[Draft] = []
            for rule in RULES:
                drafts.extend(rule.check(run))
                lap(f"rules: {rule.label}")
            drafts = dedupe(drafts)
            lap("dedupe")
            persist.save_findings(s, drafts, datetime.now())
            lap("saving findings")
        lap("commit")
    finally:
        gc.enable()
        store.close()
    return list(stages.items())


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k"


def _median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


@dataclass
class Result:
    audit: Timing  # medians of the rounds
    sql: Timing
    ratio: Timing  # the median of the rounds' own audit/sql ratios
    rss: int  # the largest peak of the rounds, bytes


def measure(n: int, runs: int) -> Result:
    cached = store_of(n)
    audits: list[Timing] = []
    sqls: list[Timing] = []
    rss = 0
    for _ in range(runs):
        work = fresh_copy(cached)
        sql, counts = baseline_sql(work)
        audit, peak = audit_process(work)
        audits.append(audit)
        sqls.append(sql)
        rss = max(rss, peak)
    ratios = [Timing(a.wall / b.wall, a.cpu / b.cpu) for a, b in zip(audits, sqls, strict=True)]
    result = Result(_median(audits), _median(sqls), _median(ratios), rss)
    spread = ", ".join(f"{a.wall:.2f}" for a in audits)
    print(f"{_label(n)}: audit run (whole process) {result.audit.wall:.2f} s (cpu {result.audit.cpu:.2f} s; "
          f"median of {runs}: {spread}), {findings_of(work)} findings, peak RSS {rss / 2**20:.0f} MB", flush=True)
    print(f"{_label(n)}: plain SQL baseline {result.sql.wall:.3f} s (cpu {result.sql.cpu:.3f} s; "
          f"({', '.join(f'{k} {v}' for k, v in counts.items())})", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated store sizes (cases = ledger rows ≈ receipts); default 100000,1000000")
    parser.add_argument("--runs", type=int, default=3, help="rounds per size (baseline, then audit); default 3")
    parser.add_argument("--stages", action="store_true",
                        help="also print the CPU seconds of each stage of the audit on the smallest store")
    args = parser.parse_args()
    sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    try:
        audit_process(fresh_copy(store_of(1000)))  # warm-up: byte-code, calendar files, the OS cache
        results = {n: measure(n, max(1, args.runs)) for n in sizes}
    finally:
        shutil.rmtree(PYCACHE, ignore_errors=True)
    small, big = sizes[0], sizes[-1]
    if args.stages:
        for name, seconds in stage_times(store_of(small)):
            print(f"{_label(small)}: stage {name}: cpu {seconds:.3f} s", flush=True)
    if len(sizes) > 1:
        print(f"peak RSS {_label(big)} = {results[big].rss / 2**30:.2f} GB")
        print(f"ratio {_label(big)}/{_label(small)} = {results[big].audit.wall / results[small].audit.wall:.2f}"
              f"  (cpu {results[big].audit.cpu / results[small].audit.cpu:.2f})")
    ratio = results[small].ratio
    print(f"ratio audit/sql = {ratio.wall:.2f}  (cpu {ratio.cpu:.2f}; {_label(small)}, median of {args.runs})")


if __name__ == "__main__":
    main()
