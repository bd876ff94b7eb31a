"""Benchmark: the same work on SQLite and on PostgreSQL in the same run (issue 16).

    .venv/bin/python bench/bench_engines.py [--rows 100000] [--runs 2]

1. Import: the 100,000-row ledger workbook of bench/bench_import.py (written once, cached under
   bench/out/) imported with `import_file` into a new SQLite file and into a new PostgreSQL
   database; best of `--runs`.
2. Audit: the store of bench/bench_audit.py — 100,000 cases, 100,000 ledger rows and about
   100,000 receipts (bench/audit_store.py, generated once, cached) — audited with `run_audit`
   on a fresh copy each time: a copied file for SQLite; for PostgreSQL the store is moved there
   once with `store copy` (app/store_copy) and each run gets a new database made from it with
   `CREATE DATABASE … TEMPLATE`; best of `--runs`. Both must find the same findings.

PostgreSQL is CASEAUDIT_TEST_PG_URL's server or a throwaway cluster (tests/pg_server.py: fsync
off, as a test cluster is; a production server with fsync on pays more per commit, and an audit
commits once). Each line gives seconds on both and the ratio PG/SQLite; the last line is the
audit's ratio (target ≤ 2).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from audit_store import generate  # noqa: E402
from bench_import import make_workbook  # noqa: E402

from app.audit.service import run_audit  # noqa: E402
from app.imports.service import import_file  # noqa: E402
from app.store import open_store  # noqa: E402
from app.store_copy import copy_store  # noqa: E402

OUT = ROOT / "bench" / "out"
AS_OF = date(2025, 6, 30)


def workbook(rows: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"ledger-{rows}.xlsx"
    if not path.exists():
        make_workbook(path, rows)
    return path


def audit_source(n: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / f"audit_v3_{n}.sqlite"
    if not cached.exists():
        generate(cached, n)
    return cached


def timed_import(db: str, book: Path) -> float:
    store = open_store(db, auto_backup=False)
    try:
        start = time.perf_counter()
        report = import_file(store, "ledger", book, operator="bench")
        seconds = time.perf_counter() - start
    finally:
        store.close()
    assert report.imported > 0, report
    return seconds


def timed_audit(db: str) -> tuple[float, dict[str, int]]:
    store = open_store(db, auto_backup=False)
    try:
        start = time.perf_counter()
        result = run_audit(store, as_of=AS_OF, operator="bench", all_records=True)
        seconds = time.perf_counter() - start
    finally:
        store.close()
    return seconds, result.counts


def _first(run: tuple[float, dict[str, int]]) -> float:
    return run[0]


def _line(what: str, sqlite: float, pg: float) -> float:
    ratio = pg / sqlite
    print(f"{what}: SQLite {sqlite:.2f} s, PostgreSQL {pg:.2f} s, ratio PG/SQLite {ratio:.2f}", flush=True)
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from tests.pg_server import start_server

    book = workbook(args.rows)
    source = audit_source(args.rows)
    server = start_server()
    made: list[str] = []

    def database(prefix: str, template: str | None = None) -> str:
        if template is None:
            url = server.create_database(prefix)
        else:
            url = server.url(f"{prefix}_{len(made)}")
            server.admin(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
        made.append(url)
        return url

    try:
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as folder:
            work = Path(folder)
            sq_import = min(timed_import(str(work / f"import{i}.sqlite"), book) for i in range(args.runs))
            pg_import = min(timed_import(database("bench_import"), book) for _ in range(args.runs))
            _line(f"import {args.rows:,} ledger rows", sq_import, pg_import)

            start = time.perf_counter()
            template = database("bench_audit_template")
            copy_store(source, template)
            print(f"(store copy of the audit store to PostgreSQL: {time.perf_counter() - start:.1f} s)", flush=True)
            sq_runs, pg_runs = [], []
            for i in range(args.runs):
                copy = work / f"audit{i}.sqlite"
                shutil.copyfile(source, copy)
                sq_runs.append(timed_audit(str(copy)))
                pg_runs.append(timed_audit(database("bench_audit", template)))
            (sq_audit, sq_found), (pg_audit, pg_found) = min(sq_runs, key=_first), min(pg_runs, key=_first)
            assert sq_found == pg_found, (sq_found, pg_found)
            print(f"(both engines: {sum(sq_found.values()):,} findings)")
            ratio = _line(f"audit {args.rows:,} × 3", sq_audit, pg_audit)
            print(f"ratio PG/SQLite audit: {ratio:.2f} (target ≤ 2)")
    finally:
        for url in made:
            server.drop_database(url)
        server.stop()


if __name__ == "__main__":
    main()
