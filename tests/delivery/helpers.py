"""Shared by the delivery tests and bench/bench_crash.py: a ledger workbook like an office's
(title rows, a header, one row per decision, a total row) and reading a store's counts back."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

HEADER = ["序号", "处罚决定书文号", "当事人", "违法行为", "处罚种类", "罚款金额（元）", "决定日期",
          "缴款日期", "票据号", "执行情况", "执法单位"]
UNITS = [f"第{i}执法大队" for i in range(1, 9)]
CAUSES = ["未经批准擅自取水", "违法占用河道", "未按规定缴纳水资源费", "擅自建设水工程", "违法采砂"]


def write_ledger(path: Path, rows: int, *, first: int = 1, seed: int = 7, year: int = 2019) -> Path:
    """A ledger sheet of `rows` decisions numbered from `first` (openpyxl write-only)."""
    import openpyxl

    rnd = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("处罚台账")
    ws.append([f"某市水务局行政处罚台账（{year}年）"])
    ws.append(HEADER)
    start = date(year, 1, 1)
    for i in range(first, first + rows):
        decided = start + timedelta(days=rnd.randrange(300))
        paid = decided + timedelta(days=rnd.randrange(30))
        ws.append([i, f"沈水罚字〔{year}〕第{i:05d}号", f"当事人{rnd.randrange(50000)}", rnd.choice(CAUSES), "罚款",
                   rnd.choice([200, 500, 1000, 2000, 5000]), decided, paid, f"NO.{year}{i:07d}", "已缴纳",
                   rnd.choice(UNITS)])
    ws.append(["合计"])
    wb.save(path)
    return path


def counts(path: Path) -> dict[str, int]:
    """Rows in the ledger, import batches and change log, read with a plain connection."""
    con = sqlite3.connect(str(path))
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("ledger_entries", "import_batches", "change_log")}
    finally:
        con.close()


def damage(path: Path) -> None:
    """Garbage over the root page of the ledger table (a page in the middle of the file)."""
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    page = con.execute("SELECT rootpage FROM sqlite_master WHERE name='ledger_entries'").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    assert len(data) > page * size > size
    data[(page - 1) * size:page * size] = bytes((i * 37 + 11) % 251 for i in range(size))
    path.write_bytes(bytes(data))
