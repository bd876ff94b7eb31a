"""Benchmark: `bureau summary` over 100 offices' packages holding 1,000,000 problems (issue 16
point 5), on PostgreSQL and on SQLite in the same run.

    .venv/bin/python bench/bench_bureau.py [--offices 100] [--problems 10000] [--packages 2]

The bureau's tables are filled directly (Core bulk inserts: received_offices, their pinned
keys, received_packages with a data.json each) — importing 200 signed zips would measure the
signature checks, not the summary. Each office sent `--packages` packages; the latest holds
`--problems` problems (the earlier ones half as many), shaped as app/exchange/data.py writes
them, with progress entries, dispositions and evidence names, so data.json weighs what a real
one does. The summary is then run in this process (`bureau_summary`, what `bureau summary
--json` calls), best of 3, and also as a whole `main.py … bureau summary --json` process.

PostgreSQL comes from CASEAUDIT_TEST_PG_URL or a throwaway cluster (tests/pg_server.py). The
last line is the ratio PG/SQLite of the in-process summary; the target is "seconds" at 1M.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app.exchange.figures import dumps as figures_text  # noqa: E402
from app.exchange.figures import package_figures, rules_summary  # noqa: E402
from app.exchange.summary import bureau_summary  # noqa: E402
from app.store import Store, open_store  # noqa: E402
from db.models_exchange import ReceivedOffice, ReceivedOfficeKey, ReceivedPackage  # noqa: E402

CATEGORIES = ("执法主体不合法", "执法程序不规范", "适用法律错误", "自由裁量不当", "案卷制作不规范",
              "罚没款收缴不规范", "文书送达不规范", "其他问题")
STATUSES = ("已销号", "整改中", "待整改", "已销号", "已销号")
AS_OF = date(2025, 6, 30)


def problem(i: int, office: int) -> dict[str, Any]:
    """One problem as data.json carries it (app/exchange/data.py problem_entry)."""
    status = STATUSES[i % len(STATUSES)]
    deadline = (date(2025, 1, 1) + timedelta(days=(i * 7 + office) % 365)).isoformat()
    sha = f"{(i * 2654435761 + office) % 2**64:016x}" * 4
    return {"id": i, "category": CATEGORIES[(i + office) % len(CATEGORIES)], "manifestation": "案卷缺少送达回证",
            "unit": f"第{office}执法大队", "case_no": f"沈水罚字〔2024〕第{i:05d}号", "measure": "补充送达并建立台账",
            "dept": "法制科", "owner": "张三", "deadline": deadline, "status": status, "immediate": i % 3 == 0,
            "timetable": "2025年6月底前", "overdue": False, "closed_on": deadline if status == "已销号" else None,
            "approver": "李四" if status == "已销号" else "", "source": "audit", "finding_id": i,
            "people_handled": i % 4 == 0, "sanctions": i % 9 == 0, "close_evidence_sha256": sha,
            "progress": [{"on": deadline, "note": "已补充送达回证", "evidence": [{"file_name": f"回证{i}.pdf",
                                                                          "sha256": sha, "size": 40213}]}],
            "dispositions": [] if i % 9 else [{"kind": "诫勉谈话", "referral": "", "people_handled": 1,
                                              "sanctions": 1, "note": "", "on": deadline}],
            "close_evidence": [{"file_name": f"销号{i}.pdf", "sha256": sha, "size": 18120}]}


def package_data(office: int, sequence: int, problems: int) -> dict[str, Any]:
    return {"schema_version": 1, "as_of": AS_OF.isoformat(), "masked": True,
            "office": {"office_id": f"office-{office:03d}", "office_name": f"第{office}局", "office_unit": "",
                       "principal_leader": "王五"},
            "campaign": None, "findings": [], "problems": [problem(i, office) for i in range(1, problems + 1)],
            "statistics": {"rows": [{"category": c} for c in CATEGORIES]}, "office_rules": None,
            "process": {}, "registers": {}, "sequence": sequence}


def fill(store: Store, offices: int, problems: int, packages: int, args_figures: bool = True) -> int:
    """The bureau's tables for `offices` offices, with each package's figures as the import
    stores them (none with `args_figures` False: packages imported before schema version 21);
    returns the bytes of data.json written."""
    now = datetime(2025, 7, 1, 9, 0)
    written = 0
    with store.writing() as s:
        conn = s.connection()
        conn.execute(insert(ReceivedOffice), [
            {"office_id": f"office-{o:03d}", "name": f"第{o}局", "pinned_fingerprint": f"{o:064x}",
             "last_sequence": packages, "last_manifest_sha256": f"{o:064x}", "heads_json": "[]",
             "first_imported_at": now} for o in range(1, offices + 1)])
        conn.execute(insert(ReceivedOfficeKey), [
            {"office_id": f"office-{o:03d}", "fingerprint": f"{o:064x}", "how": "first_import", "at": now,
             "operator": ""} for o in range(1, offices + 1)])
        for o in range(1, offices + 1):
            rows = []
            for seq in range(1, packages + 1):
                size = problems if seq == packages else max(1, problems // 2)
                data = package_data(o, seq, size)
                text = json.dumps(data, ensure_ascii=False)  # as import_package stores it
                figures = figures_text(package_figures(data, rules_summary(data))) if args_figures else None
                written += len(text.encode("utf-8"))
                rows.append({"office_id": f"office-{o:03d}", "sequence": seq,
                             "manifest_sha256": f"{o:032x}{seq:032x}", "package_sha256": "0" * 64,
                             "previous_manifest_sha256": "", "changelog_head": "", "key_fingerprint": f"{o:064x}",
                             "created_at": now.isoformat(), "imported_at": now, "operator": "",
                             "stored_path": f"packages/{o}-{seq}.zip", "data_json": text,
                             "figures_json": figures})
            conn.execute(insert(ReceivedPackage), rows)
    return written


def best_of(store: Store, runs: int = 3) -> tuple[float, dict[str, Any]]:
    best, result = float("inf"), {}
    for _ in range(runs):
        start = time.perf_counter()
        result = bureau_summary(store, as_of=AS_OF)
        best = min(best, time.perf_counter() - start)
    return best, result


def as_process(db: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", db, "bureau", "summary", "--json"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bureau summary failed: {done.stderr[-1500:]}")
    return elapsed


def measure(label: str, db: str, args: argparse.Namespace) -> float:
    store = open_store(db, auto_backup=False)
    try:
        start = time.perf_counter()
        size = fill(store, args.offices, args.problems, args.packages, not args.no_figures)
        print(f"{label}: filled {args.offices} offices × {args.packages} packages "
              f"({size / 1e6:.0f} MB of data.json) in {time.perf_counter() - start:.1f} s", flush=True)
        seconds, result = best_of(store)
    finally:
        store.close()
    total = result["total"]
    assert total["offices"] == args.offices and total["problems"] == args.offices * args.problems, total
    print(f"{label}: bureau_summary over {total['problems']:,} problems: {seconds:.2f} s (best of 3); "
          f"as a process {as_process(db):.2f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=100)
    parser.add_argument("--problems", type=int, default=10_000, help="problems in each office's latest package")
    parser.add_argument("--packages", type=int, default=2, help="packages each office sent")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--no-figures", action="store_true",
                        help="store no figures (packages imported before schema version 21): data.json is parsed")
    args = parser.parse_args()
    from tests.pg_server import start_server

    server = start_server()
    pg_url = server.create_database("bench_bureau")
    try:
        pg = measure("PostgreSQL", pg_url, args)
        if args.skip_sqlite:
            return
        with tempfile.TemporaryDirectory(prefix="bench-bureau-") as folder:
            sq = measure("SQLite", os.path.join(folder, "bureau.sqlite"), args)
        print(f"ratio PG/SQLite (bureau summary): {pg / sq:.2f}")
    finally:
        server.drop_database(pg_url)
        server.stop()


if __name__ == "__main__":
    main()
