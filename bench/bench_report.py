"""Benchmark: the 整改报告 with 1,000 problems against a bare ReportLab platypus Table of the
same 1,000 rows in the same font, in the same run (median of 3 each).

    .venv/bin/python bench/bench_report.py

The report adds the letterhead, the summary tables, one table per category with wrapped cells,
the signature block and 第 N 页 共 M 页 on every page. Prints both times and the page counts; the
last line is the ratio, which should stay ≤ 1.5 (and the report under 5 s).
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle  # noqa: E402

from app.reports.fonts import report_fonts  # noqa: E402
from app.reports.pdf_rectification import REPORT_COLUMNS, REPORT_WIDTHS, render_rectification_report  # noqa: E402
from app.reports.text import dept_of, status_text  # noqa: E402
from tests.reports.factories import many  # noqa: E402

N = 1000
RUNS = 3


def bare_table(data: dict, out: Path) -> None:
    fonts = report_fonts()
    rows = [list(REPORT_COLUMNS)] + [[i, p["manifestation"], p["measure"], dept_of(p), status_text(p)]
                                     for i, p in enumerate(data["problems"], start=1)]
    table = Table(rows, colWidths=list(REPORT_WIDTHS), repeatRows=1,
                  style=TableStyle([("FONT", (0, 0), (-1, -1), fonts.body, 10.5)]))
    SimpleDocTemplate(str(out), pagesize=A4, initialFontName=fonts.body).build([table])


def timed(fn, *args) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(CPU seconds, wall seconds): the ratio uses CPU time, which other programs running on the
    machine disturb far less than the wall clock."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn(*args)
    return time.process_time() - cpu, time.perf_counter() - wall


def pages(path: Path) -> int:
    return path.read_bytes().count(b"/Type /Page\n") or path.read_bytes().count(b"/Type /Page")


def main() -> None:
    data = many(N)
    report_fonts()  # font loading is not what is measured
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        report, bare = folder / "report.pdf", folder / "bare.pdf"
        t_report: list[tuple[float, float]] = []
        t_bare: list[tuple[float, float]] = []
        render_rectification_report(data, report)  # one untimed warm-up run each
        bare_table(data, bare)
        for _ in range(RUNS):  # interleaved, so both see the same machine state
            gc.collect()
            t_report.append(timed(render_rectification_report, data, report))
            gc.collect()
            t_bare.append(timed(bare_table, data, bare))
        r = statistics.median(c for c, _ in t_report)
        b = statistics.median(c for c, _ in t_bare)
        rw = statistics.median(w for _, w in t_report)
        bw = statistics.median(w for _, w in t_bare)
        print(f"整改报告 {N} 个问题：CPU {r:.2f} s，耗时 {rw:.2f} s（{pages(report)} 页）")
        print(f"bare platypus Table {N} 行：CPU {b:.2f} s，耗时 {bw:.2f} s（{pages(bare)} 页）")
        print(f"ratio report/bare = {r / b:.2f}")


if __name__ == "__main__":
    main()
