"""UI benchmark (outside the suite): the 案卷 page on a 100,000-case store.

Measures, in the same run and on the same Qt platform:
  * first paint of a bare QMainWindow holding an empty QTableView (the baseline);
  * first paint of the main window opened on the 案卷 page of a 100,000-case store
    (row count in SQL, column fitting, first page of rows);
    both are timed from the START of the window's construction (the QApplication exists and the
    store is open; opening the store is not part of the window) to the first Paint event of the
    table's viewport;
  * the median time for a text filter to answer (search text set → matching ids in SQL → model
    reset → first page of rows fetched) over ten different queries;
  * column filters (a unit, an amount range, a year, a date range, a text, a value) and sorts
    (case numbers in natural order, names in pinyin order, a 案由 without an index, units, amounts,
    dates — text through its stored sort key, schema 18), each cold and again: median and max to
    the first page of rows;
  * the process RSS.
Targets: first paint ≤ 2× bare, filter median < 200 ms, RSS < 400 MB.
Last line: `ratio first_paint/bare = X.XX`.

Run it both offscreen and under a real X server (Xvfb):
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui.py [--cases N] [--keep PATH]
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python bench/bench_ui.py
(`xvfb-run` comes with Debian's `xvfb` package: `apt-get install -y xvfb` if it is missing; Qt's
xcb plugin also wants `libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0`.) Without QT_QPA_PLATFORM
the bench runs offscreen. The store is built once with the demo generator (~10 s for 100,000
cases) and reused from the temp folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QWidget  # noqa: E402

from app.demo import load_demo  # noqa: E402
from app.records import service  # noqa: E402
from app.store import open_store_for_gui  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

QUERIES = ("王", "沈水罚字", "取水", "有限公司", "2019", "[2018]第012号", "张", "河道管理", "辽宁", "查无此人")
REPEATS = 5


class _PaintWatch(QObject):
    """Notes the moment a widget first receives a Paint event."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.painted_at: float | None = None
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return False


def _first_paint(build) -> float:  # type: ignore[no-untyped-def]
    """Seconds from the start of a window's construction to the first paint of its table's
    viewport (the same clock for the bare window and ours)."""
    t0 = time.perf_counter()
    window, table = build()
    watch = _PaintWatch(table.viewport())
    window.show()
    QTest.qWaitForWindowExposed(window)
    deadline = time.perf_counter() + 10
    while watch.painted_at is None and time.perf_counter() < deadline:
        QTest.qWait(1)
    elapsed = (watch.painted_at or time.perf_counter()) - t0
    window.close()
    window.deleteLater()
    QTest.qWait(20)
    return elapsed


def _bare():  # type: ignore[no-untyped-def]
    w = QMainWindow()
    table = QTableView()
    w.setCentralWidget(table)
    w.resize(1280, 800)
    return w, table


def _answer(page, change) -> float:  # type: ignore[no-untyped-def]
    """Seconds from a change (a filter, a sort) to the first page of rows the view paints."""
    t0 = time.perf_counter()
    change()
    page.model.index(0, 0).data()
    return time.perf_counter() - t0


def _filters_and_sorts(page) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Column filters (values, ranges, a year, text) and sorts on every kind of column, each
    measured cold and again; the model is set back to no filter, entry order, after each."""
    from datetime import date

    from PySide6.QtCore import Qt

    from app.records.filters import ColumnFilter, year_filter

    model = page.model
    unit = service.page(model.store, "units", limit=1)[0]["name"]
    filters = [
        ("执法单位 = one unit", "unit", ColumnFilter("unit", values=(unit,))),
        ("罚款金额 >= 1万元", "fine_fen", ColumnFilter("fine_fen", low=1_000_000)),
        ("决定日期 in 2019", "decided_on", year_filter("decided_on", 2019)),
        ("立案日期 2018-03..06", "filed_on", ColumnFilter("filed_on", low=date(2018, 3, 1), high=date(2018, 6, 30))),
        ("当事人 contains 张", "party", ColumnFilter("party", text="张")),
        ("处罚种类 = 罚款", "penalty", ColumnFilter("penalty", values=("罚款",))),
    ]
    filtered: list[float] = []
    for label, field, flt in filters:
        for _run in range(2):
            t = _answer(page, lambda f=field, c=flt: model.set_column_filter(f, c))
            filtered.append(t)
            print(f"  column filter {label:<22}: {model.rowCount():>7,} rows  {1000 * t:6.1f} ms")
            model.set_column_filter(field, None)
    sorted_: list[float] = []
    # case_no and party sort along an index of their stored keys; cause (案由) along none
    for field, order in (("case_no", Qt.SortOrder.AscendingOrder), ("party", Qt.SortOrder.AscendingOrder),
                         ("cause", Qt.SortOrder.AscendingOrder),
                         ("unit", Qt.SortOrder.AscendingOrder), ("fine_fen", Qt.SortOrder.DescendingOrder),
                         ("decided_on", Qt.SortOrder.AscendingOrder), ("case_no", Qt.SortOrder.DescendingOrder)):
        column = model.column_of(field)
        for run in ("cold", "again"):
            t = _answer(page, lambda c=column, o=order: model.sort(c, o))
            sorted_.append(t)
            print(f"  sort {field:<10} {'desc' if order == Qt.SortOrder.DescendingOrder else 'asc ':<4} {run:<5}: "
                  f"{1000 * t:6.1f} ms  first row {model.index(0, column).data()!r}")
            model.sort(-1)
    return filtered, sorted_


def build_store(path: Path, cases: int) -> None:
    store = open_store_for_gui(path)
    try:
        if service.is_empty(store):
            t0 = time.perf_counter()
            load_demo(store, size=cases)
            print(f"built store: {cases:,} cases in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="the store to build or reuse")
    args = parser.parse_args()
    # the store is kept between runs
    path = args.keep or Path(tempfile.gettempdir()) / f"caseaudit-bench-{args.cases}.sqlite"
    build_store(path, args.cases)
    # A second baseline: the same page on a 1,000-case store shows what the page costs whatever
    # the store's size (the bare empty table does no model work at all).
    small_path = Path(tempfile.gettempdir()) / "caseaudit-bench-1000.sqlite"
    build_store(small_path, 1000)

    app = create_application([])
    assert isinstance(app, QApplication)
    store = open_store_for_gui(path)
    try:
        counts = service.summary(store)
        bare, page = [], []
        windows: list[MainWindow] = []

        def build_page():  # type: ignore[no-untyped-def]
            w = MainWindow(store)
            windows.append(w)
            return w, w.show_page("cases").table  # the 案卷 page on screen (首页 comes first)

        _first_paint(_bare)  # warm-up: fonts, styles, SQLite page cache
        _first_paint(build_page)
        for _ in range(REPEATS):
            bare.append(_first_paint(_bare))
            page.append(_first_paint(build_page))

        window = MainWindow(store)
        window.show()
        QTest.qWaitForWindowExposed(window)
        cases_page = window.page("cases")
        reset, answered = [], []
        for q in QUERIES:
            t0 = time.perf_counter()
            cases_page.search.setText(q)
            cases_page.apply_search()  # what the 250 ms debounce timer then calls
            t1 = time.perf_counter()
            cases_page.model.index(0, 0).data()  # the first page the view is about to paint
            t2 = time.perf_counter()
            reset.append(t1 - t0)
            answered.append(t2 - t0)
            print(f"  filter {q!r:>16}: {cases_page.model.rowCount():>7,} rows  ids+reset {1000 * (t1 - t0):6.1f} ms"
                  f"  +first page {1000 * (t2 - t0):6.1f} ms")
        cases_page.search.setText("")
        cases_page.apply_search()
        filtered, sorted_ = _filters_and_sorts(cases_page)
        rss = psutil.Process().memory_info().rss / 2**20
        window.close()
    finally:
        store.close()
    small_store = open_store_for_gui(small_path)
    try:
        small: list[float] = []

        def build_small():  # type: ignore[no-untyped-def]
            w = MainWindow(small_store)
            windows.append(w)
            return w, w.show_page("cases").table  # the 案卷 page on screen (首页 comes first)

        _first_paint(build_small)
        small = [_first_paint(build_small) for _ in range(REPEATS)]
    finally:
        small_store.close()

    bare_ms, page_ms = statistics.median(bare) * 1000, statistics.median(page) * 1000
    print(f"Qt platform: {QApplication.platformName()}")
    print(f"store: {counts['cases']:,} cases, {counts['ledger']:,} ledger rows, {counts['receipts']:,} receipts")
    print(f"first paint, bare QMainWindow + empty QTableView: median {bare_ms:.1f} ms  (runs: "
          + ", ".join(f"{1000 * t:.0f}" for t in bare) + ")")
    print(f"first paint, 案卷 page on the store:               median {page_ms:.1f} ms  (runs: "
          + ", ".join(f"{1000 * t:.0f}" for t in page) + ")")
    small_ms = statistics.median(small) * 1000
    print(f"first paint, 案卷 page on a 1,000-case store:      median {small_ms:.1f} ms  "
          f"(100k/1k = {page_ms / small_ms:.2f})")
    print(f"filter answering (ids/count + reset): median {1000 * statistics.median(reset):.1f} ms; "
          f"with first page: median {1000 * statistics.median(answered):.1f} ms, max {1000 * max(answered):.1f} ms "
          f"(target < 200 ms)")
    print(f"column filter answering (SQL + reset + first page): median {1000 * statistics.median(filtered):.1f} ms, "
          f"max {1000 * max(filtered):.1f} ms")
    print(f"sort answering (natural/pinyin text, amounts, dates; + first page): median "
          f"{1000 * statistics.median(sorted_):.1f} ms, max {1000 * max(sorted_):.1f} ms")
    print(f"RSS: {rss:.0f} MB (target < 400 MB)")
    print(f"ratio first_paint/bare = {page_ms / bare_ms:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
