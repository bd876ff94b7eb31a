"""Benchmark: a full audit over 10k and 100k cases, ledger rows and receipts, in the same run.

    .venv/bin/python bench/bench_audit.py

Stores are generated once with Core inserts and cached under bench/out/ (a copy is audited, so
every timing starts from a store without findings). Prints both times; the last line is the
ratio, which should stay ≤ 13 (about linear).
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app.audit.service import run_audit  # noqa: E402
from app.store import open_store  # noqa: E402
from db.models import CaseFile, CaseOfficer, LedgerEntry, Officer, Receipt, Unit  # noqa: E402

OUT = ROOT / "bench" / "out"
SERIES = "辽财罚A"
CAUSES = ["无证取水", "超计划取水", "擅自建设水工程", "非法采砂", "拒不缴纳水资源费"]


def generate(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = open_store(path)
    try:
        with store.writing() as s:
            conn = s.connection()
            conn.execute(insert(Unit), [{"id": i, "name": f"单位{i}", "field": "水利"} for i in range(1, 31)])
            conn.execute(insert(Officer), [
                {"id": i, "name": f"执法{i}", "cert_no": f"2101{i:06d}", "unit_id": 1 + i % 30, "field": "水利",
                 "valid_from": date(2010, 1, 1), "valid_to": date(2030, 1, 1) if i % 97 else date(2018, 1, 1),
                 "status": "有效", "kind": "执法人员" if i % 50 else "辅助人员"} for i in range(1, 1501)])
            cases, officers, ledger, receipts = [], [], [], []
            for i in range(1, n + 1):
                unit = 1 + i % 30
                filed = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 2900))
                decided = filed + timedelta(days=rng.randrange(10, 100))
                served = decided + timedelta(days=rng.randrange(0, 5))
                paid = served + timedelta(days=rng.randrange(0, 20))
                fine = rng.choice([2000, 5000, 10000, 20000, 50000]) * 100
                key = f"沈水罚字〔{filed.year}〕第{i}号"
                party = f"当事人{i}"
                cases.append({"id": i, "case_no": key, "case_key": key, "cause": rng.choice(CAUSES), "party": party,
                              "legal_basis": "《中华人民共和国水法》第六十九条", "fine_fen": fine,
                              "filed_on": filed, "decided_on": decided, "served_on": served,
                              "published_on": decided + timedelta(days=rng.randrange(1, 12)),
                              "major": i % 20 == 0, "legal_review_on": decided if i % 40 else None,
                              "unit_id": unit, "source_row": i + 2})
                for pos in range(1 + (i % 13 != 0)):
                    oid = 1 + (unit - 1 + 30 * ((i + pos) % 50)) % 1500
                    officers.append({"case_id": i, "position": pos, "name": f"执法{oid}", "cert_no": f"2101{oid:06d}"})
                rno = f"{SERIES}{i:08d}"
                ledger.append({"seq": str(i), "case_no": key, "case_key": key, "party": party, "violation": "",
                               "fine_fen": fine if i % 211 else fine + 100, "decided_on": decided,
                               "paid_on": paid, "receipt_no": rno, "receipt_key": rno, "enforcement": "已缴纳",
                               "unit_id": unit, "source_row": i + 3})
                if i % 503:
                    receipts.append({"receipt_no": rno, "receipt_key": rno, "series": SERIES, "number": i,
                                     "issued_on": paid, "payer": party if i % 307 else "别人",
                                     "amount_fen": fine, "case_no": key, "case_key": key, "onsite": False,
                                     "voided": i % 1009 == 0, "unit_id": unit, "source_row": i + 2})
            conn.execute(insert(CaseFile), cases)
            conn.execute(insert(CaseOfficer), officers)
            conn.execute(insert(LedgerEntry), ledger)
            conn.execute(insert(Receipt), receipts)
    finally:
        store.close()


def timed_audit(n: int) -> tuple[float, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / f"audit_{n}.sqlite"
    if not cached.exists():
        generate(cached, n)
    work = OUT / f"audit_{n}.run.sqlite"
    for p in OUT.glob(f"audit_{n}.run.sqlite*"):
        p.unlink()
    shutil.copyfile(cached, work)
    store = open_store(work)
    try:
        start = time.perf_counter()
        result = run_audit(store, as_of=date(2025, 6, 30))
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    return elapsed, len(result.findings)


def main() -> None:
    timed_audit(1000)  # warm-up: imports, calendar files
    small, small_found = timed_audit(10_000)
    big, big_found = timed_audit(100_000)
    print(f"10k : {small:.2f} s, {small_found} findings")
    print(f"100k: {big:.2f} s, {big_found} findings")
    print(f"ratio 100k/10k = {big / small:.2f}")


if __name__ == "__main__":
    main()
