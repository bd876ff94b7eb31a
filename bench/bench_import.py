"""Benchmark: importing a 100,000-row ledger against python-calamine's bare read of the same file.

    .venv/bin/python bench/bench_import.py [--rows N] [--profile]

The workbook is written once and cached under bench/out/ (gitignored). Both timings are taken
in the same run, median of 3: the baseline opens the file with calamine and reads the sheet with
`to_python()`; the import is a full `import_file` (read, header detection, conversion, checks,
one SQLite transaction) into a fresh store each time. The ratio line is import/calamine (target
≤ 2.5).

The second figure is the same comparison as whole processes, start-up included, as a user meets
it: `python main.py --db NEW import ledger FILE` against `python -c "…calamine read of every
row…"`, interleaved, median of 3, as wall-clock and as CPU time (user + system: the machine may
be shared; target ≤ 2.0). `--baseline TREE` (repeatable) measures another checkout's
`main.py` the same way in the same run, for a before/after; `--runs N` takes medians of N
instead of 3 (on a machine others are using, the wall figures swing: compare within one run).
Beside them, in the same interleaved runs, two floors (import_floor.py): a process that only
creates the store and inserts the rows' cells as calamine read them, and the same with the
seven sort keys and the change-log digest every stored row needs. They say how low any import
could go here, and how much of the import's time is its own (`import/floor`).

Then the peak memory of one import, measured in a child process (its own peak RSS, read with
resource.getrusage(RUSAGE_SELF) in the child) for the 100,000-row file (target < ~300 MB) and,
with `--max-sheet`, for a sheet filled to Excel's last row: 1,048,572 ledger rows plus title,
header and 合计 rows (target < ~1 GB; the file is written once, which takes a few minutes).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import python_calamine  # noqa: E402

from app.imports.service import import_file  # noqa: E402
from db.store import open_store  # noqa: E402

OUT = ROOT / "bench" / "out"
HEADER = ["序号", "处罚决定书文号", "当事人", "违法行为", "处罚种类", "罚款金额（元）", "决定日期",
          "缴款日期", "票据号", "执行情况", "执法单位"]
UNITS = [f"第{i}执法大队" for i in range(1, 31)]
CAUSES = ["未经批准擅自取水", "违法占用河道", "未按规定缴纳水资源费", "擅自建设水工程", "违法采砂"]


def make_workbook(path: Path, rows: int) -> None:
    import openpyxl

    rnd = random.Random(20190305)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("处罚台账")
    ws.append(["某市水务局行政处罚台账（2017—2019年）"])
    ws.append(["填报单位：某市水务局", None, None, None, None, None, "填报时间：2020年1月"])
    ws.append(HEADER)
    start = date(2017, 1, 1)
    for i in range(1, rows + 1):
        decided = start + timedelta(days=rnd.randrange(1000))
        paid = decided + timedelta(days=rnd.randrange(30))
        fine = rnd.choice([200, 500, 1000, 2000, 5000, 10000, 20000, 1234.5])
        year = decided.year
        case_no = f"沈水罚字〔{year}〕第{i:05d}号" if i % 7 else f"沈水罚字[{year}]第{i:03d}号"
        paid_cell: object = paid if i % 10 else f"{paid.year}年{paid.month}月{paid.day}日"
        ws.append([i, case_no, f"当事人{rnd.randrange(50000)}", rnd.choice(CAUSES), "罚款", fine, decided,
                   paid_cell, f"NO.{i:08d}", "已缴纳", rnd.choice(UNITS)])
    ws.append(["合计"])
    wb.save(path)


def bare_read(path: Path) -> float:
    t0 = time.perf_counter()
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
    wb.close()
    return time.perf_counter() - t0


def full_import(path: Path, workdir: Path, n: int) -> tuple[float, int]:
    store = open_store(workdir / f"bench-{n}.sqlite")
    try:
        t0 = time.perf_counter()
        report = import_file(store, "ledger", path, operator="bench")
        return time.perf_counter() - t0, report.imported
    finally:
        store.close()


BARE_READ_PROCESS = (
    "import sys, python_calamine\n"
    "wb = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
    "rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()\n"
    "wb.close()\n"
)


def timed_process(args: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds: user + system) of one child process, start-up included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def process_figures(path: Path, workdir: Path, runs: int = 3,
                    trees: tuple[Path, ...] = (ROOT,)) -> list[tuple[float, float]]:
    """[(wall, CPU) of the bare calamine read process, of the two floors (import_floor.py: the
    rows inserted as they are, then with their sort keys and digests), then of `main.py import
    ledger` in each tree], medians of `runs`, interleaved so that every figure meets the same load."""
    floor = str(ROOT / "bench" / "import_floor.py")
    figures: list[list[tuple[float, float]]] = [[] for _ in range(3 + len(trees))]
    for n in range(runs):
        figures[0].append(timed_process([sys.executable, "-c", BARE_READ_PROCESS, str(path)]))
        figures[1].append(timed_process([sys.executable, floor, str(path), str(workdir / f"floor-{n}.sqlite")]))
        figures[2].append(timed_process([sys.executable, floor, str(path), str(workdir / f"keyed-{n}.sqlite"),
                                         "--keyed"]))
        for t, tree in enumerate(trees, start=3):
            db = workdir / f"process-{t}-{n}.sqlite"
            figures[t].append(timed_process([sys.executable, str(tree / "main.py"), "--db", str(db), "import",
                                             "ledger", str(path)], cwd=tree))
    return [(statistics.median(w for w, _c in f), statistics.median(c for _w, c in f)) for f in figures]


MAX_SHEET_ROWS = 1_048_576 - 4  # title, unit line, header and 合计 rows around the data


def workbook(rows: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"ledger-{rows}.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        make_workbook(tmp, rows)
        tmp.rename(path)
        print(f"wrote {path} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def peak_rss_mb(path: Path, tree: Path = ROOT) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of one import_file of `path` in a fresh child process, the
    child's own peak (resource.getrusage(RUSAGE_SELF) read in the child)."""
    code = (
        "import resource, sys, tempfile\n"
        f"sys.path.insert(0, {str(tree)!r})\n"
        "from pathlib import Path\n"
        "from app.imports.service import import_file\n"
        "from db.store import open_store\n"
        "with tempfile.TemporaryDirectory() as tmp:\n"
        "    store = open_store(Path(tmp) / 'peak.sqlite')\n"
        f"    import_file(store, 'ledger', Path({str(path)!r}), operator='bench')\n"
        "    store.close()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"  # KiB on Linux
    )
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=tree)
    seconds = time.perf_counter() - t0
    return int(out.stdout.split()[-1]) / 1024, seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one import")
    ap.add_argument("--baseline", type=Path, action="append", default=[],
                    help="another tree (e.g. a checkout of main) measured the same way in the same run")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs per figure, the median reported (more on a machine others are using)")
    ap.add_argument("--max-sheet", action="store_true",
                    help="also measure the peak memory of a sheet filled to Excel's last row (1,048,576)")
    args = ap.parse_args()
    path = workbook(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        reads, imports = [], []
        for n in range(args.runs):
            reads.append(bare_read(path))
            seconds, imported = full_import(path, work, n)
            assert imported == args.rows, imported
            imports.append(seconds)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            full_import(path, work, 99)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    read_s, import_s = statistics.median(reads), statistics.median(imports)
    print(f"rows: {args.rows}")
    print(f"calamine read (open + to_python), median of {args.runs}: {read_s:.3f} s")
    print(f"import_file into a fresh store,   median of {args.runs}: {import_s:.3f} s")
    print(f"ratio import/calamine = {import_s / read_s:.2f}")
    trees = (ROOT, *args.baseline)
    with tempfile.TemporaryDirectory() as tmp:
        figures = process_figures(path, Path(tmp), runs=args.runs, trees=trees)
    (bare_w, bare_c), floors, rest = figures[0], figures[1:3], figures[3:]
    print(f"process: bare calamine read, median of {args.runs}:          wall {bare_w:.3f} s, CPU {bare_c:.3f} s")
    for label, (wall, cpu) in zip(("floor: rows inserted as read", "floor: + sort keys and digests"), floors,
                                  strict=True):
        print(f"process: {label}, median: wall {wall:.3f} s, CPU {cpu:.3f} s "
              f"(ratio wall {wall / bare_w:.2f}, CPU {cpu / bare_c:.2f})")
    for tree, (wall, cpu) in reversed(list(zip(trees, rest, strict=True))):
        print(f"process: main.py import ledger ({tree.name}), median: wall {wall:.3f} s, CPU {cpu:.3f} s "
              f"(ratio wall {wall / bare_w:.2f}, CPU {cpu / bare_c:.2f})")
    for tree in reversed(trees):
        peak, seconds = peak_rss_mb(path, tree)
        print(f"peak RSS of one import of {args.rows} rows ({tree.name}): {peak:.0f} MB in {seconds:.1f} s")
    if args.max_sheet:
        for tree in reversed(trees):
            peak, seconds = peak_rss_mb(workbook(MAX_SHEET_ROWS), tree)
            print(f"peak RSS of one import of {MAX_SHEET_ROWS} rows ({tree.name}): {peak:.0f} MB in {seconds:.1f} s")
    wall, _cpu = rest[0]
    floor_w, keyed_w = floors[0][0], floors[1][0]
    print(f"ratio process import/calamine = {wall / bare_w:.2f} (target <= 2.0; the floor alone is "
          f"{floor_w / bare_w:.2f}, with keys and digests {keyed_w / bare_w:.2f})")
    print(f"ratio process import/floor with keys and digests = {wall / keyed_w:.2f} (what the import adds)")


if __name__ == "__main__":
    main()
